import { describe, expect, it } from 'vitest'
import {
  cacheControlFor,
  carriesSessionCookie,
  cspDirectives,
  originAllowed,
  PERMISSIONS_POLICY,
  refusalFormat,
  setsSessionCookie,
  wantsHsts,
} from '../../server/security'
import { getEnv, parseTrustProxy, resetEnvCache } from '~/utils/env.server'

const post = (origin: string | undefined, host: string | undefined, secFetchSite?: string) =>
  originAllowed({ method: 'POST', origin, host, secFetchSite })

describe('origin check (server entry, before Remix)', () => {
  it('lets reads through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get'])
      expect(originAllowed({ method, origin: 'http://evil.example', host: 'app.example', secFetchSite: 'cross-site' })).toBe(true)
  })

  it('accepts a mutation from our own origin, ports and case normalised', () => {
    expect(post('http://localhost:3100', 'localhost:3100')).toBe(true)
    expect(post('https://App.Example', 'app.example')).toBe(true)
    expect(post('https://app.example', 'app.example:443')).toBe(true)
    expect(post('http://app.example', 'app.example:80')).toBe(true)
    expect(post('http://[::1]:3000', '[::1]:3000')).toBe(true)
  })

  it('refuses a foreign, null or unreadable origin on every mutating method', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND']) {
      expect(originAllowed({ method, origin: 'http://evil.example', host: 'app.example', secFetchSite: undefined })).toBe(false)
      expect(originAllowed({ method, origin: 'null', host: 'app.example', secFetchSite: undefined })).toBe(false)
    }
    expect(post('http://localhost:3101', 'localhost:3100')).toBe(false)
    expect(post('https://app.example', 'app.example:80')).toBe(false)
    expect(post('http://app.example.evil.example', 'app.example')).toBe(false)
    expect(post('not a url', 'app.example')).toBe(false)
    expect(post('file:///etc/passwd', 'app.example')).toBe(false)
    expect(post('http://app.example', undefined)).toBe(false)
    expect(post('http://app.example', 'app.example/path')).toBe(false)
    expect(post('http://app.example', 'user@app.example')).toBe(false)
  })

  it('passes clients without Origin unless the browser marks them cross-site', () => {
    expect(post(undefined, 'app.example')).toBe(true)
    expect(post('', 'app.example', 'same-origin')).toBe(true)
    expect(post(undefined, 'app.example', 'none')).toBe(true)
    expect(post(undefined, 'app.example', 'cross-site')).toBe(false)
    expect(post(undefined, 'app.example', ' Cross-Site ')).toBe(false)
  })

  it('answers single-fetch, API and JSON requests in JSON, documents as a page', () => {
    expect(refusalFormat('/needs.data', 'text/html')).toBe('json')
    expect(refusalFormat('/api/v1/needs', undefined)).toBe('json')
    expect(refusalFormat('/locale', 'application/json')).toBe('json')
    expect(refusalFormat('/login', 'text/html,application/xhtml+xml,*/*;q=0.8')).toBe('html')
    expect(refusalFormat('/login', undefined)).toBe('html')
  })
})

describe('no-store on authenticated answers', () => {
  it('recognises our session cookie, and only ours', () => {
    expect(carriesSessionCookie('lng=ImVuIg%3D%3D; __session=abc.def')).toBe(true)
    expect(carriesSessionCookie('__session=abc')).toBe(true)
    expect(carriesSessionCookie('lng=x; my__session=abc')).toBe(false)
    expect(carriesSessionCookie(undefined)).toBe(false)
    expect(setsSessionCookie(['lng=x; Path=/', '__session=abc; Path=/; HttpOnly'])).toBe(true)
    expect(setsSessionCookie('__session=; Max-Age=0; Path=/')).toBe(true)
    expect(setsSessionCookie('lng=x; Path=/')).toBe(false)
    expect(setsSessionCookie(undefined)).toBe(false)
  })

  it('sets no-store on authenticated answers and leaves anonymous ones alone', () => {
    expect(cacheControlFor(true, undefined)).toBe('no-store')
    expect(cacheControlFor(true, 'public, max-age=300')).toBe('no-store')
    expect(cacheControlFor(true, ['private', 'max-age=60'])).toBe('no-store')
    expect(cacheControlFor(false, undefined)).toBeUndefined()
    expect(cacheControlFor(false, 'public, max-age=300')).toBeUndefined()
  })

  it('keeps a stricter no-store the route set itself (file downloads)', () => {
    expect(cacheControlFor(true, 'private, no-store')).toBeUndefined()
    expect(cacheControlFor(true, 'no-store')).toBeUndefined()
    expect(cacheControlFor(true, 'NO-STORE, private')).toBeUndefined()
  })
})

describe('header values', () => {
  it('CSP: nonce for scripts, no inline script, framing/base/form/object locked down', () => {
    const d = cspDirectives("'nonce-abc'")
    expect(d['script-src']).toEqual(["'self'", "'nonce-abc'"])
    expect(Object.values(d).flat().filter((v) => v === "'unsafe-inline'")).toEqual(["'unsafe-inline'"])
    expect(d['style-src-attr']).toEqual(["'unsafe-inline'"])
    expect(d['frame-ancestors']).toEqual(["'none'"])
    expect(d['base-uri']).toEqual(["'self'"])
    expect(d['form-action']).toEqual(["'self'"])
    expect(d['object-src']).toEqual(["'none'"])
  })

  it('Permissions-Policy denies camera, microphone, geolocation, payment, usb', () => {
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
      expect(PERMISSIONS_POLICY).toContain(`${feature}=()`)
  })

  it('HSTS in production unless the cookie is declared plain-http', () => {
    expect(wantsHsts({ NODE_ENV: 'production' })).toBe(true)
    expect(wantsHsts({ NODE_ENV: 'production', SESSION_COOKIE_SECURE: 'true' })).toBe(true)
    expect(wantsHsts({ NODE_ENV: 'production', SESSION_COOKIE_SECURE: 'false' })).toBe(false)
    expect(wantsHsts({ NODE_ENV: 'development' })).toBe(false)
    expect(wantsHsts({ NODE_ENV: 'test' })).toBe(false)
  })
})

describe('TRUST_PROXY', () => {
  it('is off by default and for false/0/empty', () => {
    for (const raw of [undefined, '', ' ', 'false', '0']) expect(parseTrustProxy(raw)).toBe(false)
  })

  it('takes true, a hop count, or a list of addresses, subnets and Express names', () => {
    expect(parseTrustProxy('true')).toBe(true)
    expect(parseTrustProxy('2')).toBe(2)
    expect(parseTrustProxy('loopback')).toEqual(['loopback'])
    expect(parseTrustProxy('10.0.0.0/8, 172.16.0.1 ,::1,fd00::/8,192.168.0.0/255.255.0.0')).toEqual([
      '10.0.0.0/8',
      '172.16.0.1',
      '::1',
      'fd00::/8',
      '192.168.0.0/255.255.0.0',
    ])
  })

  it('refuses what Express would misread', () => {
    for (const raw of ['yes', 'TRUE', '-1', '1.5', '10.0.0.0/33', '::1/129', '10.0.0.1/8/1', 'proxy.example', '10.0.0.1,', '::1/255.0.0.0'])
      expect(parseTrustProxy(raw), raw).toBeNull()
  })

  it('is validated at boot with a clear message', () => {
    const before = process.env.TRUST_PROXY
    try {
      process.env.TRUST_PROXY = 'everyone'
      resetEnvCache()
      expect(() => getEnv()).toThrow(/TRUST_PROXY must be false, true, a hop count/)
      process.env.TRUST_PROXY = 'loopback,10.0.0.0/8'
      resetEnvCache()
      expect(getEnv().TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8'])
      delete process.env.TRUST_PROXY
      resetEnvCache()
      expect(getEnv().TRUST_PROXY).toBe(false)
    } finally {
      if (before === undefined) delete process.env.TRUST_PROXY
      else process.env.TRUST_PROXY = before
      resetEnvCache()
    }
  })
})
