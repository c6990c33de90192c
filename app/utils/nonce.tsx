import { createContext, useContext, type ReactNode } from 'react'

const NonceContext = createContext<string | undefined>(undefined)

/**
 * The Content-Security-Policy nonce of the request being rendered on the server (from the load
 * context); in the browser there is none, and none is needed after hydration.
 */
export function NonceProvider({ value, children }: { value: string | undefined; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>
}

export function useNonce(): string | undefined {
  return useContext(NonceContext)
}

/**
 * zod 4 probes `new Function('')` the first time it builds an object schema, to compile fast
 * parsers; our CSP allows no eval, so the browser refuses the probe and reports a violation
 * (zod then parses without compiling anyway). This runs before any module script and sets zod's
 * own `jitless` switch, so the probe never happens.
 */
export function ZodJitless({ nonce }: { nonce: string | undefined }) {
  return (
    <script
      nonce={nonce}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{
        __html: 'globalThis.__zod_globalConfig=Object.assign(globalThis.__zod_globalConfig||{},{jitless:true})',
      }}
    />
  )
}
