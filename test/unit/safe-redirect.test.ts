import { describe, expect, it } from 'vitest'
import { safeRedirect } from '~/utils/auth.server'

const FALLBACK = '/home'

/**
 * Every value a hostile `redirectTo` can take, as it reaches the server: form fields and query
 * parameters arrive percent-decoded, so both the decoded form (`/\t/evil`) and a still-encoded
 * one (`/%09/evil`, when it was encoded twice) are listed.
 */
const refused: Array<[string, unknown]> = [
  ['tab after the slash (browsers strip it: //evil)', '/\t/evil.example'],
  ['tab inside', '/needs\t'],
  ['newline', '/\n/evil.example'],
  ['header injection', '/needs\r\nSet-Cookie: a=b'],
  ['carriage return', '/\r/evil.example'],
  ['NUL', '/\u0000/evil.example'],
  ['DEL', '/\u007f/evil.example'],
  ['C1 control (NEL)', '/\u0085/evil.example'],
  ['C1 control (CSI)', '/\u009b/evil.example'],
  ['ideographic space U+3000', '/\u3000/evil.example'],
  ['no-break space', '/\u00a0/evil.example'],
  ['line separator U+2028', '/\u2028/evil.example'],
  ['byte order mark', '/\ufeff/evil.example'],
  ['zero-width space', '/\u200b/evil.example'],
  ['plain space', '/ /evil.example'],
  ['leading space', ' /needs'],
  ['backslash after the slash', '/\\evil.example'],
  ['backslash inside', '/needs\\..\\x'],
  ['only backslashes', '\\\\evil.example'],
  ['protocol-relative', '//evil.example'],
  ['protocol-relative with path', '//evil.example/needs'],
  ['three slashes', '///evil.example'],
  ['%2F%2F decoded once', '//evil.example'],
  ['%5C decoded once', '/\\evil.example'],
  ['%09 decoded once', '/\t/evil.example'],
  ['dot segment that normalises to //', '/.//evil.example'],
  ['dot-dot segment that normalises to //', '/..//evil.example'],
  ['encoded dot-dot that normalises to //', '/%2e%2e//evil.example'],
  ['back out of a folder to //', '/a/..//evil.example'],
  ['absolute http URL', 'http://evil.example/'],
  ['absolute https URL', 'https://evil.example'],
  ['the placeholder origin itself', 'http://placeholder.invalid/needs'],
  ['javascript:', 'javascript:alert(1)'],
  ['JavaScript: with a leading slash missing', 'JaVaScRiPt:alert(1)'],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['scheme-relative with credentials', '//user@evil.example'],
  ['relative path', 'needs'],
  ['empty', ''],
  ['undefined', undefined],
  ['null', null],
  ['a File', new File(['x'], 'x.txt')],
  ['over 2000 characters', `/${'a'.repeat(2100)}`],
]

const kept: Array<[string, string, string]> = [
  ['root', '/', '/'],
  ['a path', '/needs', '/needs'],
  ['path, query and hash', '/needs/42?tab=bids&page=2#results', '/needs/42?tab=bids&page=2#results'],
  ['query only', '/?q=a', '/?q=a'],
  ['still-encoded %2F%2F stays a path on this site', '/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ['still-encoded %5C stays a path on this site', '/%5Cevil.example', '/%5Cevil.example'],
  ['still-encoded %09 stays a path on this site', '/%09/evil.example', '/%09/evil.example'],
  ['encoded space in a query', '/needs?q=a%20b', '/needs?q=a%20b'],
  ['Chinese text is percent-encoded', '/needs?q=测绘', '/needs?q=%E6%B5%8B%E7%BB%98'],
  ['dot segments are resolved', '/owner/../needs', '/needs'],
  ['what requireUser sends', `/owner/needs?${new URLSearchParams({ state: 'draft' })}`, '/owner/needs?state=draft'],
]

describe('safeRedirect', () => {
  it.each(refused)('refuses %s', (_label, to) => {
    expect(safeRedirect(to as string, FALLBACK)).toBe(FALLBACK)
  })

  it.each(kept)('keeps %s', (_label, to, expected) => {
    expect(safeRedirect(to, FALLBACK)).toBe(expected)
  })

  it('every answer is a same-origin path that is valid in a Location header', () => {
    for (const [, to] of [...refused, ...kept.map(([l, t]) => [l, t] as const)]) {
      const location = safeRedirect(to as string, FALLBACK)
      expect(() => new Headers({ Location: location })).not.toThrow()
      expect(location).toMatch(/^\/(?![/\\])/)
      expect(new URL(location, 'https://our.site').origin).toBe('https://our.site')
    }
  })

  it('falls back to / by default', () => {
    expect(safeRedirect('//evil.example')).toBe('/')
  })
})
