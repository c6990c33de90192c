import type { AddressInfo } from 'node:net'
import net from 'node:net'
import type { Server } from 'node:http'
import { createReadableStreamFromReadable } from '@remix-run/node'
import express, { type Express } from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import {
  authenticatedNoStore,
  cspNonceOf,
  drainUnreadBody,
  finalErrorHandler,
  refuseForeignOrigin,
  securityHeaders,
} from '../../server/middleware'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

async function listen(app: Express): Promise<{ server: Server; port: number; base: string }> {
  const server = app.listen(0, '127.0.0.1')
  servers.push(server)
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return { server, port, base: `http://127.0.0.1:${port}` }
}

/** Reads one HTTP/1.1 response (Content-Length or chunked) from a raw socket; '' if the socket closes first. */
function readResponse(socket: net.Socket): Promise<string> {
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
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1')
      if (complete()) done(text)
    }
    const onClose = () => done('')
    const done = (result: string) => {
      socket.off('data', onData)
      socket.off('close', onClose)
      resolve(result)
    }
    socket.on('data', onData)
    socket.once('close', onClose)
  })
}

describe('an answer given before the request body was read (the 413 for an oversized upload)', () => {
  it('leaves the keep-alive connection usable for the next request', async () => {
    const app = express()
    app.use(drainUnreadBody)
    app.get('/next', (_req, res) => {
      res.send('next')
    })
    // What @remix-run/express does: wrap the body in a web stream (which pauses the socket) and answer 413 without reading it.
    app.post('/upload', (req, res) => {
      void new Request(`http://127.0.0.1${req.url}`, {
        method: 'POST',
        body: createReadableStreamFromReadable(req),
        duplex: 'half',
      } as RequestInit)
      res.status(413).send('too large')
    })
    const { server, port } = await listen(app)
    server.keepAliveTimeout = 2_000 // a stuck connection is reset after this instead of Node's 5 s

    const socket = net.connect(port, '127.0.0.1')
    socket.on('error', () => {})
    await new Promise((resolve) => socket.once('connect', resolve))
    const size = 8 * 1024 * 1024
    socket.write(`POST /upload HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${size}\r\n\r\n`)
    socket.write(Buffer.alloc(size, 97))
    const first = await readResponse(socket)
    expect(first.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large')

    socket.write(`GET /next HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
    const second = await readResponse(socket)
    socket.destroy()
    expect(second.split('\r\n')[0]).toBe('HTTP/1.1 200 OK')
    expect(second.endsWith('next')).toBe(true)
  }, 30_000)
})

const messages: Record<string, { en: string; zh: string }> = {
  'errors.crossOrigin': { en: 'Not from there.', zh: '不接受。' },
  'errors.badRequest': { en: 'Not a request.', zh: '请求无效。' },
  'errors.unexpected': { en: 'Our fault.', zh: '出错了。' },
}
const translate = async (req: express.Request, key: string) => {
  const en = (req.headers['accept-language'] ?? '').startsWith('en')
  return { locale: en ? 'en' : 'zh-CN', message: en ? messages[key].en : messages[key].zh }
}

function appWith(trustProxy: boolean | string) {
  const app = express()
  app.set('trust proxy', trustProxy)
  app.use(securityHeaders({ NODE_ENV: 'production' }))
  app.use(refuseForeignOrigin(translate))
  app.use(authenticatedNoStore)
  app.get('/nonce', (_req, res) => {
    res.send(cspNonceOf(res))
  })
  app.get('/file', (_req, res) => {
    res.append('Cache-Control', 'private, no-store')
    res.append('X-Content-Type-Options', 'nosniff')
    res.send('file')
  })
  app.get('/public', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=60').send('public')
  })
  app.post('/login', (_req, res) => {
    res.cookie('__session', 'id').send('in')
  })
  app.get('/bad-host', () => {
    // What @remix-run/express throws for a Host header that makes no URL ("a b").
    throw Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' })
  })
  app.get('/bug', () => {
    throw new Error('a bug')
  })
  app.all('*', (_req, res) => {
    res.status(404).send('nothing here')
  })
  app.use(finalErrorHandler(translate))
  return app
}

describe('security headers', () => {
  it('are on every answer, with a fresh nonce in the CSP each time', async () => {
    const { base } = await listen(appWith(false))
    const a = await fetch(`${base}/nonce`)
    const b = await fetch(`${base}/nonce`)
    const missing = await fetch(`${base}/missing`)
    for (const response of [a, b, missing]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
      expect(response.headers.get('permissions-policy')).toContain('camera=()')
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    }
    expect(missing.status).toBe(404)
    const nonceA = await a.text()
    const nonceB = await b.text()
    expect(nonceA).not.toBe(nonceB)
    expect(a.headers.get('content-security-policy')).toContain(`script-src 'self' 'nonce-${nonceA}'`)
    expect(a.headers.get('content-security-policy')).not.toMatch(/script-src[^;]*unsafe-inline/)
  })

  it('say no-store on authenticated answers without clobbering a route’s own no-store', async () => {
    const { base } = await listen(appWith(false))
    const session = { cookie: '__session=abc' }
    expect((await fetch(`${base}/public`, { headers: session })).headers.get('cache-control')).toBe('no-store')
    expect((await fetch(`${base}/public`)).headers.get('cache-control')).toBe('public, max-age=60')
    const file = await fetch(`${base}/file`, { headers: session })
    expect(file.headers.get('cache-control')).toBe('private, no-store')
    expect(file.headers.get('x-content-type-options')).toBe('nosniff')
    const login = await fetch(`${base}/login`, { method: 'POST' })
    expect(login.headers.get('cache-control')).toBe('no-store')
  })
})

describe('the last-resort error handler', () => {
  it('answers a request that makes no URL with a translated 400, a bug with a 500, both with the headers', async () => {
    const { base } = await listen(appWith(false))
    const bad = await fetch(`${base}/bad-host`, { headers: { 'accept-language': 'en' } })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toBe('Not a request.')
    expect(bad.headers.get('content-security-policy')).toContain("default-src 'self'")
    const original = console.error
    console.error = () => {}
    try {
      const bug = await fetch(`${base}/bug`)
      expect(bug.status).toBe(500)
      expect(await bug.text()).toBe('出错了。')
      expect(bug.headers.get('x-content-type-options')).toBe('nosniff')
    } finally {
      console.error = original
    }
  })
})

describe('the origin check', () => {
  it('refuses a foreign or null origin with 403 and the translated message, JSON for .data', async () => {
    const { base } = await listen(appWith(false))
    const page = await fetch(`${base}/login`, { method: 'POST', headers: { origin: 'http://evil.example', 'accept-language': 'en' } })
    expect(page.status).toBe(403)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await page.text()).toContain('Not from there.')
    const data = await fetch(`${base}/login.data`, { method: 'POST', headers: { origin: 'null' } })
    expect(data.status).toBe(403)
    expect(await data.json()).toEqual({ error: { code: 'cross_origin', message: '不接受。' } })
    const ours = await fetch(`${base}/login`, { method: 'POST', headers: { origin: base } })
    expect(ours.status).toBe(200)
  })

  it('believes X-Forwarded-Host only from a trusted proxy', async () => {
    const direct = await listen(appWith(false))
    const headers = { origin: 'https://public.example', 'x-forwarded-host': 'public.example' }
    expect((await fetch(`${direct.base}/login`, { method: 'POST', headers })).status).toBe(403)
    const proxied = await listen(appWith('loopback'))
    expect((await fetch(`${proxied.base}/login`, { method: 'POST', headers })).status).toBe(200)
    expect((await fetch(`${proxied.base}/login`, { method: 'POST', headers: { origin: proxied.base } })).status).toBe(200)
  })
})
