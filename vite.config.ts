/// <reference types="vitest/config" />
import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import path from 'node:path'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

const alias = {
  '~': path.resolve(import.meta.dirname, 'app'),
  '#db': path.resolve(import.meta.dirname, 'db'),
  '#test': path.resolve(import.meta.dirname, 'test'),
}

const integration = (name: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: {
    name: `integration:${name}`,
    include: ['test/integration/**/*.test.ts'],
    env: { TEST_DB: name },
    // Migrates once into a template that each test file copies (test/support/global-setup-integration.ts).
    globalSetup: ['test/support/global-setup-integration.ts'],
    setupFiles: ['test/support/setup-integration.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

export default defineConfig({
  resolve: { alias },
  server: { port: Number(process.env.PORT ?? 3000) },
  plugins: [
    process.env.VITEST
      ? null
      : remix({
          ignoredRouteFiles: ['**/.*'],
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
            v3_routeConfig: true,
          },
        }),
  ],
  build: { target: 'es2022' },
  ssr: { noExternal: [] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}', 'app/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        // Long-running pure tests, run once by `npm test` (not once per time zone as unit is).
        extends: true,
        test: { name: 'slow', include: ['test/slow/**/*.test.ts'], environment: 'node', testTimeout: 120_000 },
      },
      integration('pglite'),
      integration('postgres'),
    ],
  },
})
