import { isIP } from 'node:net'
import { z } from 'zod'

/**
 * Express's `trust proxy` setting: `false` (the socket's address is the client), `true` (trust every
 * hop — only behind a proxy that overwrites X-Forwarded-For), a hop count, or the addresses/subnets
 * of the trusted proxies (and Express's names `loopback`, `linklocal`, `uniquelocal`).
 */
export type TrustProxy = boolean | number | string[]

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** One entry of a TRUST_PROXY list: a name, an address, or address/prefix-length or address/netmask. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true
  const [address, range, ...rest] = entry.split('/')
  const family = isIP(address)
  if (!family || rest.length) return false
  if (range === undefined) return true
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128)
  return family === 4 && isIP(range) === 4
}

/** Parses TRUST_PROXY; `null` for a value Express would not understand. Unset, empty, `false`, `0` → false. */
export function parseTrustProxy(raw: string | undefined): TrustProxy | null {
  const value = (raw ?? '').trim()
  if (value === '' || value === 'false' || value === '0') return false
  if (value === 'true') return true
  if (/^\d{1,3}$/.test(value)) return Number(value)
  const entries = value.split(',').map((e) => e.trim())
  return entries.every(isProxyEntry) ? entries : null
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1'])

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PGLITE_DIR: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** Set to "false" to allow the session cookie over plain http in production (local demos). */
  SESSION_COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** Seed demo data into an empty database on start (default true). */
  SEED_DEMO_DATA: z.enum(['true', 'false']).default('true'),
  /** Seconds between runs of the timed work inside the server; 0 turns it off (run `npm run tick` instead). */
  TICK_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  /** Milliseconds between passes of the transparency log's sequencer; 0 turns its loop off (the tick still sequences). */
  LOG_SEQUENCE_INTERVAL_MS: z.coerce.number().int().min(0).default(200),
  /** The log's Ed25519 signing key (PKCS#8 PEM or base64 DER); unset: one is generated once and kept in the database. */
  TRANSPARENCY_LOG_SIGNING_KEY: z.string().optional(),
  /**
   * Test-only time control (`POST /__test/clock`, `POST /__test/tick`). Never in production: refused
   * at boot together with a DATABASE_URL whose host is not localhost / 127.0.0.1.
   */
  ENABLE_TEST_CONTROLS: z.enum(['true', 'false']).default('false'),
  /**
   * Which proxies in front of the server to believe about the client (X-Forwarded-For, -Proto,
   * -Host): unset/false by default, so the socket's address is the client and forwarded headers
   * are ignored. See parseTrustProxy.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((raw, ctx): TrustProxy => {
      const parsed = parseTrustProxy(raw)
      if (parsed !== null) return parsed
      ctx.addIssue({
        code: 'custom',
        message: `TRUST_PROXY must be false, true, a hop count or a comma list of addresses/subnets (loopback, 10.0.0.0/8, ::1…); got "${raw}"`,
      })
      return z.NEVER
    }),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_BASE: z.url().optional(),
}).superRefine((env, ctx) => {
  if (env.ENABLE_TEST_CONTROLS !== 'true' || !env.DATABASE_URL) return
  const host = new URL(env.DATABASE_URL).hostname
  if (!LOCAL_HOSTS.has(host)) {
    ctx.addIssue({
      code: 'custom',
      path: ['ENABLE_TEST_CONTROLS'],
      message: `test controls move the clock and must never run in production; refused with DATABASE_URL host "${host}" (only localhost / 127.0.0.1)`,
    })
  }
})

export type Env = z.infer<typeof schema>

let cached: Env | undefined

/** Validates process.env once; a bad value stops the server at boot with a clear message. */
export function getEnv(): Env {
  if (cached) return cached
  const parsed = schema.safeParse(process.env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  cached = parsed.data
  return cached
}

export function resetEnvCache(): void {
  cached = undefined
}
