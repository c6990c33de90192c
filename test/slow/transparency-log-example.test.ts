/**
 * Runs docs/transparency-log-example.sh, the shell recheck of docs/transparency-log.md §5: every
 * check must print OK — with xxd, and again with xxd out of reach (its printf fallback).
 * test/unit/merkle.test.ts checks the script's constants against the code.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const script = fileURLToPath(new URL('../../docs/transparency-log-example.sh', import.meta.url))

function which(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

function expectAllOk(out: string): void {
  const lines = out.trim().split('\n')
  const last = lines.pop()
  expect(lines.length).toBeGreaterThanOrEqual(30)
  for (const line of lines) expect(line).toMatch(/^OK {3}/)
  expect(last).toBe(`all ${lines.length} checks OK`)
}

const tools = {
  sh: which('sh'),
  cut: which('cut'),
  sha256sum: which('sha256sum'),
  openssl: which('openssl'),
  xxd: which('xxd'),
}
const canRun = Boolean(tools.sh && tools.cut && (tools.sha256sum || tools.openssl))

describe.skipIf(!canRun)('docs/transparency-log-example.sh', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('prints OK for every check', () => {
    expectAllOk(execFileSync('sh', [script], { encoding: 'utf8' }))
  })

  it('prints OK for every check without xxd', () => {
    const bin = mkdtempSync(join(tmpdir(), 'tlog-sh-'))
    dirs.push(bin)
    for (const [name, path] of Object.entries(tools)) if (path && name !== 'xxd') symlinkSync(path, join(bin, name))
    expectAllOk(execFileSync(tools.sh ?? 'sh', [script], { encoding: 'utf8', env: { ...process.env, PATH: bin } }))
  })
})
