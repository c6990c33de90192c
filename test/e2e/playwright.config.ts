import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'

const PORT = Number(process.env.E2E_PORT ?? 3100)
const root = path.resolve(import.meta.dirname, '../..')
// The e2e run's own data folder: its PGlite database and the built-in Stripe server's state file
// (server/stripe-builtin.ts keeps it next to the database), both removed before each run.
const dataRoot = path.join(root, 'data', 'e2e')
const dataDir = path.join(dataRoot, 'pglite')

/**
 * End-to-end journeys against the built app (server/index.ts, production mode) on a fresh embedded
 * database with demo data, driven by Debian's Chromium.
 */
export default defineConfig({
  testDir: '.',
  outputDir: path.join(root, 'test-results'),
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: path.join(root, 'playwright-report') }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'zh-CN',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `rm -rf "${dataRoot}" && node --import tsx server/index.ts`,
    cwd: root,
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: process.env.E2E_SERVER_LOG ? 'pipe' : 'ignore',
    stderr: 'pipe',
    env: { PORT: String(PORT), PGLITE_DIR: dataDir, NODE_ENV: 'production', ENABLE_TEST_CONTROLS: 'true' },
  },
})
