import net from 'node:net'
import type { APIRequestContext, APIResponse } from '@playwright/test'
import { DEMO_PASSWORD, expect, login, test } from './fixtures'

const ZH_REFUSAL = '请求来源不被允许。'
const EN_REFUSAL = 'Requests from that origin are not accepted.'

function baseURL(): string {
  return String(test.info().project.use.baseURL)
}

/** Every Content-Security-Policy header of a response (a file download adds its own, stricter one). */
function policies(response: APIResponse): string[] {
  return response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === 'content-security-policy')
    .map((h) => h.value)
}

function nonceOf(response: APIResponse): string {
  const nonces = policies(response).flatMap((p) => [...p.matchAll(/'nonce-([^']+)'/g)].map((m) => m[1]))
  expect(nonces).toHaveLength(1)
  return nonces[0]
}

function expectSecurityHeaders(response: APIResponse, what: string) {
  const headers = response.headers()
  const [csp] = policies(response)
  expect(csp, `${what}: CSP`).toMatch(/(^|;) *script-src 'self' 'nonce-[^']+'( |;|$)/)
  expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-inline'/)
  for (const directive of ["frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'"])
    expect(csp, `${what}: ${directive}`).toContain(directive)
  expect(headers['x-content-type-options'], what).toBe('nosniff')
  expect(headers['referrer-policy'], what).toBe('same-origin')
  expect(headers['x-frame-options'], what).toBe('DENY')
  // The e2e server runs in production without SESSION_COOKIE_SECURE=false.
  expect(headers['strict-transport-security'], what).toMatch(/max-age=\d+/)
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
    expect(headers['permissions-policy'], `${what}: ${feature}`).toContain(`${feature}=()`)
  expect(headers['x-powered-by'], what).toBeUndefined()
}

async function signIn(request: APIRequestContext, email: string) {
  const response = await request.post('/login', {
    form: { email, password: DEMO_PASSWORD },
    headers: { Origin: baseURL() },
    maxRedirects: 0,
  })
  expect(response.status(), 'login redirects').toBe(302)
  expect(response.headers()['cache-control']).toBe('no-store')
}

test('pages, single-fetch data, the JSON API, static assets and 404s carry the security headers', async ({ request }) => {
  const page = await request.get('/')
  expect(page.status()).toBe(200)
  expectSecurityHeaders(page, 'GET /')
  const head = await request.head('/')
  expectSecurityHeaders(head, 'HEAD /')
  const html = await page.text()

  const asset = /<link rel="modulepreload" href="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
  expect(asset, 'a fingerprinted script on the page').toBeTruthy()
  for (const [what, response] of [
    ['GET /needs.data', await request.get('/needs.data')],
    ['HEAD /needs.data', await request.head('/needs.data')],
    ['GET /api/v1/needs', await request.get('/api/v1/needs')],
    ['HEAD /api/v1/needs', await request.head('/api/v1/needs')],
    [`GET ${asset}`, await request.get(asset!)],
    [`HEAD ${asset}`, await request.head(asset!)],
    ['GET /favicon.svg', await request.get('/favicon.svg')],
    ['GET /no/such/page', await request.get('/no/such/page')],
    ['GET /assets/missing.js', await request.get('/assets/missing.js')],
  ] as const) {
    expect(response.status(), what).toBeLessThan(500)
    expectSecurityHeaders(response, what)
  }
  expect((await request.get('/no/such/page')).status()).toBe(404)
  expect((await request.get(asset!)).headers()['cache-control']).toContain('immutable')
})

test('each page gets its own CSP nonce, and every script on the page carries it', async ({ request }) => {
  const first = await request.get('/needs')
  const second = await request.get('/needs')
  const nonce = nonceOf(first)
  expect(nonce).not.toBe(nonceOf(second))
  const scripts = [...(await first.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
  expect(scripts.length).toBeGreaterThan(0)
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`)
  const secondScripts = [...(await second.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
  for (const script of secondScripts) expect(script).toContain(`nonce="${nonceOf(second)}"`)
})

test('signed-in answers are no-store; a file download keeps its own stricter headers', async ({ request }) => {
  await signIn(request, 'zaojia@demo.example')
  for (const path of ['/agency', '/agency.data', '/agency/application', '/api/v1/needs', '/needs']) {
    const response = await request.get(path)
    expect(response.status(), path).toBe(200)
    expect(response.headers()['cache-control'], path).toBe('no-store')
    expectSecurityHeaders(response, path)
  }

  // A certificate scan (the smallest PNG the upload check accepts), then its download.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8])
  const upload = await request.post('/agency/application', {
    multipart: { intent: 'upload', file: { name: 'security-e2e.png', mimeType: 'image/png', buffer: png } },
    headers: { Origin: baseURL() },
    maxRedirects: 0,
  })
  expect(upload.status()).toBe(302)
  const page = await (await request.get('/agency/application')).text()
  const file = /href="(\/files\/[0-9a-f-]{36})"/.exec(page)?.[1]
  expect(file, 'the uploaded file is linked').toBeTruthy()
  const download = await request.get(file!)
  expect(download.status()).toBe(200)
  expect(Buffer.from(await download.body())).toEqual(png)
  expectSecurityHeaders(download, file!)
  expect(download.headers()['cache-control']).toBe('private, no-store')
  expect(policies(download)).toContain("default-src 'none'; sandbox")
  expect(download.headers()['x-content-type-options']).toBe('nosniff')
})

test('a mutation from another origin, or from a null origin, is refused with 403 before any action runs', async ({ request }) => {
  const targets = [
    { what: 'page action', path: '/login', json: false },
    { what: 'single-fetch action', path: '/login.data', json: true },
    { what: 'resource route', path: '/locale', json: false },
    { what: 'JSON API', path: '/api/v1/needs', json: true },
  ]
  for (const origin of ['http://evil.example', 'null']) {
    for (const { what, path, json } of targets) {
      for (const [language, message] of [
        ['zh-CN,zh;q=0.9', ZH_REFUSAL],
        ['en-US,en;q=0.9', EN_REFUSAL],
      ] as const) {
        const label = `${what} ${path} from ${origin} in ${language}`
        const response = await request.post(path, {
          form: { locale: 'en', email: 'zaojia@demo.example', password: DEMO_PASSWORD },
          headers: { Origin: origin, 'Accept-Language': language },
          maxRedirects: 0,
        })
        expect(response.status(), label).toBe(403)
        expect(response.headers()['set-cookie'], `${label}: nothing set`).toBeUndefined()
        expectSecurityHeaders(response, label)
        if (json) expect(await response.json(), label).toEqual({ error: { code: 'cross_origin', message } })
        else expect(await response.text(), label).toContain(message)
      }
    }
  }
  // The locale cookie decides over Accept-Language.
  const chosen = await request.post('/locale', {
    form: { locale: 'zh-CN' },
    headers: { Origin: 'http://evil.example', 'Accept-Language': 'zh-CN', Cookie: 'lng=ImVuIg%3D%3D' },
  })
  expect(await chosen.text()).toContain(EN_REFUSAL)
  // The same request from our own origin goes through.
  const ours = await request.post('/locale', { form: { locale: 'en' }, headers: { Origin: baseURL() }, maxRedirects: 0 })
  expect(ours.status()).toBe(302)
})

/** One HTTP/1.1 response read from a raw socket: the status line, or '' when the socket closes first. */
function statusLineOf(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    const complete = () => {
      const end = text.indexOf('\r\n\r\n')
      if (end < 0) return false
      const head = text.slice(0, end)
      const length = /content-length: *(\d+)/i.exec(head)
      if (length) return text.length >= end + 4 + Number(length[1])
      return /transfer-encoding: *chunked/i.test(head) ? text.endsWith('\r\n0\r\n\r\n') : true
    }
    const finish = (line: string) => {
      socket.off('data', onData)
      socket.off('close', onClose)
      resolve(line)
    }
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1')
      if (complete()) finish(text.split('\r\n')[0])
    }
    const onClose = () => finish('')
    socket.on('data', onData)
    socket.once('close', onClose)
  })
}

test('a 413 for an oversized upload leaves the keep-alive connection usable', async ({ request }) => {
  await signIn(request, 'zaojia@demo.example')
  const session = (await request.storageState()).cookies.find((c) => c.name === '__session')
  expect(session).toBeTruthy()
  const { hostname, port, host } = new URL(baseURL())
  const socket = net.connect(Number(port), hostname)
  socket.on('error', () => {})
  await new Promise((resolve) => socket.once('connect', resolve))
  const size = 12 * 1024 * 1024 // above the 10 MB scan limit plus room for the form
  socket.write(
    `POST /agency/application HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${baseURL()}\r\n` +
      `Content-Type: multipart/form-data; boundary=e2e\r\nContent-Length: ${size}\r\n` +
      `Cookie: __session=${session!.value}\r\n\r\n`,
  )
  socket.write(Buffer.alloc(size, 97))
  expect(await statusLineOf(socket)).toBe('HTTP/1.1 413 Payload Too Large')
  socket.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`)
  expect(await statusLineOf(socket)).toBe('HTTP/1.1 200 OK')
  socket.destroy()
})

test('pages hydrate and navigate under the CSP without a violation', async ({ page }) => {
  // The fixture fails the test on any console error, which is how Chromium reports a CSP violation.
  const violations: string[] = []
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation: (t: string) => void }).reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    )
  })
  for (const path of ['/', '/needs', '/calendar', '/calendar/clock-demo', '/agencies']) {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(200)
  }
  await page.goto('/')
  await page.getByTestId('locale-switch').click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.getByTestId('locale-switch').click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await login(page, 'owner1@demo.example')
  await page.goto('/owner/needs')
  expect(violations).toEqual([])
})
