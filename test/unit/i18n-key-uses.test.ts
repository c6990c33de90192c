import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { keyUses } from '../support/i18n-key-uses'

/** The key check's reader (test/support/i18n-key-uses.ts) on a small source tree with every way code produces a key. */
describe('the key check reads every way a key is produced', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'key-uses-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(
    path.join(dir, 'sample.tsx'),
    `
const n = (key: string) => \`needs.notify.\${key}\`
const refusalKey = (reason: string) => \`ownerSelection.refusals.\${reason}\`
const reason = (key: string) => t(\`clock.demo.reason.\${key}\`)
type Effect = { type: 'objections.closeAsMoot' }
const matrix = { 'agency.workspace': ['agency'] }
export function sample(s: string, r: string, before: boolean) {
  t('common.save')
  t(\`terms.needState.\${s}\`)
  new RuleViolation('needs.bids.validation.quoteInvalid', {}, 'quoteFen')
  new Conflict(\`objections.errors.\${r}\`)
  z.string({ error: 'validation.required' })
  notify({ key: n('needPublished') })
  refusalKey(r)
  reason('siteAccess')
  recordAudit({ action: before ? 'calendar.override.updated' : 'calendar.override.created', entityType: 'calendar_day' })
  recordAudit({ action: \`agency.\${r}\`, entityType: 'organisation' })
  redirectWithToast('/x', { messageKey: 'anything.dotted' })
  requirePermission(request, 'admin.workspace')
  const effect = { type: 'objections.closeAsMoot' }
  const file = 'image.png'
}
`,
  )
  const uses = keyUses(dir, new Set(['common', 'terms', 'needs', 'objections', 'validation', 'ownerSelection', 'clock', 'admin', 'agency']), () => false)
  const literals = uses.flatMap((u) => (u.kind === 'literal' ? [u.key] : []))
  const templates = uses.flatMap((u) => (u.kind === 'template' ? [u.pattern] : []))

  it('literal keys: in t(), thrown errors, zod messages, messageKey and through a prefixing helper', () => {
    expect(literals).toEqual(
      expect.arrayContaining([
        'common.save',
        'needs.bids.validation.quoteInvalid',
        'validation.required',
        'anything.dotted',
        'needs.notify.needPublished',
        'clock.demo.reason.siteAccess',
      ]),
    )
  })

  it('audit actions (both branches of a condition) and entities under auditEvents', () => {
    expect(literals).toEqual(
      expect.arrayContaining(['auditEvents.action.calendar.override.updated', 'auditEvents.action.calendar.override.created', 'auditEvents.entity.calendar_day']),
    )
    expect(templates).toContain('auditEvents.action.agency.*')
  })

  it('template keys as patterns, a helper called with a variable included', () => {
    expect(templates.sort()).toEqual(['auditEvents.action.agency.*', 'objections.errors.*', 'ownerSelection.refusals.*', 'terms.needState.*'])
  })

  it('not as keys: property names, permission names, effect types, type literals, file names', () => {
    expect(literals).not.toContain('agency.workspace')
    expect(literals).not.toContain('admin.workspace')
    expect(literals).not.toContain('objections.closeAsMoot')
    expect(literals).not.toContain('image.png')
  })
})
