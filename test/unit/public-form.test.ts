/**
 * The public form of an audit event (docs/transparency-log.md §2, app/domain/transparency/public-form.ts):
 * every action the source writes has a policy; with random payloads, no private value reaches the
 * leaf, every commitment recomputes from the salt, path and value (by an independent SHA-256 here),
 * another salt changes every commitment, and the public members appear unchanged. Bid events hide
 * the bidder, its user and the need, and show the quote commitment.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'
import { canonicalJson } from '~/domain/audit/chain'
import { zh as auditEventNames } from '~/i18n/areas/auditEvents'
import {
  auditPolicies,
  commitment,
  contentHashOf,
  leafTextOf,
  policyOf,
  publicFormOf,
  type PrivateEvent,
} from '~/domain/transparency/public-form'
import { parse, scanAuditActions, typeAlias, typeStrings, type Indirect } from '../support/audit-actions'

const root = path.resolve(__dirname, '../..')
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
/** The spec's commitment, written out here so the module's own is checked, not trusted. */
const expectedCommitment = (salt: string, p: string, value: unknown) => ({ sha256: sha256(`${salt}\n${p}\n${canonicalJson(value)}`) })

// ── Where the indirect action expressions take their values from ─────────────────────────────

const stringsOfAlias = (file: string, name: string) => () => {
  const sf = parse(path.join(root, file))
  const alias = typeAlias(sf, name)
  const values = alias && typeStrings(alias.type, sf)
  if (!values) throw new Error(`${file}: type ${name} is not a union of strings`)
  return values
}

/** `{ kind: 'audit'; action: … }` members of the type literals in `file`. */
const auditEffectActions = (file: string) => () => {
  const sf = parse(path.join(root, file))
  const values: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isTypeLiteralNode(node)) {
      const member = (name: string) =>
        node.members.find((m): m is ts.PropertySignature => ts.isPropertySignature(m) && ts.isIdentifier(m.name) && m.name.text === name)
      const kind = member('kind')?.type
      const action = member('action')?.type
      if (kind && action && typeStrings(kind, sf)?.includes('audit')) {
        const v = typeStrings(action, sf)
        if (!v) throw new Error(`${file}: an audit effect's action is not a union of strings`)
        values.push(...v)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  if (values.length === 0) throw new Error(`${file}: no audit effect found`)
  return values
}

/** `action: z.enum([...])` in a schema file. */
const zodEnumActions = (file: string) => () => {
  const sf = parse(path.join(root, file))
  const values: string[] = []
  const visit = (node: ts.Node) => {
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === 'action' &&
      ts.isCallExpression(node.initializer) &&
      node.initializer.expression.getText(sf) === 'z.enum'
    ) {
      const list = node.initializer.arguments[0]
      if (list && ts.isArrayLiteralExpression(list))
        for (const e of list.elements) if (ts.isStringLiteral(e)) values.push(e.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  if (values.length === 0) throw new Error(`${file}: no action enum`)
  return values
}

const indirect: Indirect = {
  'app/domain/needs/need-effects.server.ts': {
    'effects.audit.event': stringsOfAlias('app/domain/needs/need-lifecycle.ts', 'NeedAuditEvent'),
  },
  'app/domain/complaints/complaints.server.ts': {
    'effect.action': auditEffectActions('app/domain/complaints/complaint-rules.ts'),
  },
  'app/domain/agencies/registry.server.ts': {
    'input.action': zodEnumActions('app/domain/agencies/schemas.ts'),
  },
}

function dictionaryActions(): string[] {
  const out: string[] = []
  const walk = (o: object, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string') out.push(prefix + k)
      else walk(v as object, `${prefix}${k}.`)
    }
  }
  walk(auditEventNames.action, '')
  return out
}

// ── The scanner itself, on a small tree with every way an action is written ──────────────────

describe('the action scan reads every way the source writes an action', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-actions-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  mkdirSync(path.join(dir, 'app'))
  writeFileSync(
    path.join(dir, 'app', 'sample.ts'),
    `
type Effect = { kind: 'audit'; action: \`thing.\${'a' | 'b'}\` } | { kind: 'other' }
async function helper(tx: Tx, action: string) { await recordAudit(tx, { actor, action, entityType: 'x', entityId: '1' }) }
async function moved(tx: Tx, to: Status) { await recordAudit(tx, { actor, action: \`agency.\${to}\`, entityType: 'x', entityId: '1' }) }
export async function sample(tx: Tx, id: string | null, effect: Effect, input: { action: string }, yes: boolean) {
  await recordAudit(tx, { actor, action: 'plain.literal', entityType: 'x', entityId: '1' })
  await recordAudit(tx, { actor, action: id ? 'thing.updated' : 'thing.created', entityType: 'x', entityId: '1' })
  await recordAudit(tx, { actor, action: \`app.\${yes ? 'approved' : 'rejected'}\`, entityType: 'x', entityId: '1' })
  const local = 'local.const'
  await recordAudit(tx, { actor, action: local, entityType: 'x', entityId: '1' })
  await helper(tx, 'via.helper')
  await helper(tx, yes ? 'via.helper2' : 'via.helper3')
  await moved(tx, 'suspended')
  await moved(tx, input.action)
  await recordAudit(tx, { actor, action: effect.action, entityType: 'x', entityId: '1' })
  await recordAudit(tx, { actor, action: somethingElse(), entityType: 'x', entityId: '1' })
  const e = { kind: 'audit', action: 'effect.literal' }
}
`,
  )
  const scan = scanAuditActions(dir, ['app'], {
    'app/sample.ts': { 'input.action': () => ['reinstated'] },
  })
  const found = [...scan.actions.keys()].sort()

  it('finds literals, conditionals, templates, consts, helper parameters, the table and `action:` effects', () => {
    expect(found).toEqual(
      [
        'agency.reinstated',
        'agency.suspended',
        'app.approved',
        'app.rejected',
        'effect.literal',
        'local.const',
        'plain.literal',
        'thing.created',
        'thing.updated',
        'via.helper',
        'via.helper2',
        'via.helper3',
      ].sort(),
    )
  })

  it('reports what it cannot resolve (a property read nobody described, a call)', () => {
    expect(scan.unresolved.map((u) => u.replace(/^\S+ /, ''))).toEqual(['effect.action', 'somethingElse()'])
  })

  it('expands template literal types and aliases', () => {
    const sf = ts.createSourceFile(
      'x.ts',
      "type S = 'p' | 'q'; type A = `x.${S | 'r'}.y` | 'z'",
      ts.ScriptTarget.Latest,
      true,
    )
    expect(typeStrings(typeAlias(sf, 'A')!.type, sf)).toEqual(['x.p.y', 'x.q.y', 'x.r.y', 'z'])
  })
})

// ── Every action the code writes has a policy ────────────────────────────────────────────────

describe('a policy for every audit action', () => {
  const scan = scanAuditActions(root, ['app', 'db/seed'], indirect)
  const written = [...scan.actions.keys()].sort()

  it('every recordAudit action expression resolves', () => {
    expect(scan.unresolved).toEqual([])
  })

  it('the scan finds the actions of every kind of writer', () => {
    // One of each way of writing: literal, conditional, template, helper parameter, state machine
    // union, effect template type, schema enum, seed.
    for (const a of [
      'bid.submitted',
      'credit.repair_withdrawn',
      'agency.application.rejected',
      'agency.forceExit',
      'agency.suspend',
      'agency.reinstate',
      'payment.late_refund_requested',
      'settings.marketplace.reset',
      'need.termination_declined',
      'need.draft_created',
      'complaint.rejected_invalid',
      'organisation.registered',
    ])
      expect(written).toContain(a)
    expect(written.length).toBeGreaterThan(90)
  })

  it('each action written has its own policy', () => {
    expect(written.filter((a) => !Object.hasOwn(auditPolicies, a))).toEqual([])
  })

  it('each action the admin overview names has a policy too', () => {
    expect(dictionaryActions().filter((a) => !Object.hasOwn(auditPolicies, a))).toEqual([])
  })

  it('no policy for an action nobody writes or names', () => {
    const known = new Set([...written, ...dictionaryActions()])
    expect(Object.keys(auditPolicies).filter((a) => !known.has(a))).toEqual([])
  })

  it('no policy shows a member that is personal data or free text by its name', () => {
    const personal = /^(reason|reasons|email|userId|names?|note|comment|text|fileName|evidence|payload|phone|idNumber|team)$/
    const shown = Object.entries(auditPolicies).flatMap(([action, p]) =>
      p.publicPayload.filter((m) => personal.test(m) && !(action === 'organisation.registered' || action === 'regulator.created')).map((m) => `${action}.${m}`),
    )
    expect(shown).toEqual([])
  })
})

// ── The format ───────────────────────────────────────────────────────────────────────────────

const SALT = '0123456789abcdef0123456789abcdef'
const base: PrivateEvent = {
  id: 42,
  occurredAt: new Date('2026-03-04T05:06:07.008Z'),
  actorUserId: '11111111-1111-4111-8111-111111111111',
  actorOrganisationId: '22222222-2222-4222-8222-222222222222',
  action: 'need.cancelled',
  entityType: 'need',
  entityId: '33333333-3333-4333-8333-333333333333',
  payload: { from: 'open', reason: '张三的电话 13800000000', bids: 2 },
  salt: SALT,
  legacyChainHash: null,
}

describe('the public form, byte for byte', () => {
  it('builds the documented object and its canonical text', () => {
    const c = (p: string, v: unknown) => expectedCommitment(SALT, p, v)
    const contentHash = sha256(
      `${SALT}\n{"action":"need.cancelled","actorOrganisationId":"22222222-2222-4222-8222-222222222222","actorUserId":"11111111-1111-4111-8111-111111111111","entityId":"33333333-3333-4333-8333-333333333333","entityType":"need","occurredAt":"2026-03-04T05:06:07.008Z","payload":{"bids":2,"from":"open","reason":"张三的电话 13800000000"}}`,
    )
    expect(contentHashOf(base)).toBe(contentHash)
    expect(publicFormOf(base)).toEqual({
      v: 1,
      eventId: 42,
      occurredAt: '2026-03-04T05:06:07.008Z',
      action: 'need.cancelled',
      entityType: 'need',
      entityId: '33333333-3333-4333-8333-333333333333',
      actor: { organisationId: '22222222-2222-4222-8222-222222222222', userId: c('actor.userId', base.actorUserId) },
      payload: { from: 'open', reason: c('payload.reason', '张三的电话 13800000000'), bids: c('payload.bids', 2) },
      contentHash,
    })
    expect(leafTextOf(base)).toBe(
      `{"action":"need.cancelled","actor":{"organisationId":"22222222-2222-4222-8222-222222222222","userId":{"sha256":"${c('actor.userId', base.actorUserId).sha256}"}},` +
        `"contentHash":"${contentHash}","entityId":"33333333-3333-4333-8333-333333333333","entityType":"need","eventId":42,"occurredAt":"2026-03-04T05:06:07.008Z",` +
        `"payload":{"bids":{"sha256":"${c('payload.bids', 2).sha256}"},"from":"open","reason":{"sha256":"${c('payload.reason', '张三的电话 13800000000').sha256}"}},"v":1}`,
    )
  })

  it('the commitment is SHA-256 over salt, path and canonical value, each line ended by a newline but the last', () => {
    expect(commitment(SALT, 'payload.items', { b: [1, 'x'], a: null })).toEqual({
      sha256: sha256(`${SALT}\npayload.items\n{"a":null,"b":[1,"x"]}`),
    })
  })

  it('legacyChainHash is present only for an event from before the log', () => {
    expect('legacyChainHash' in publicFormOf(base)).toBe(false)
    expect(leafTextOf(base)).not.toContain('legacyChainHash')
    const legacy = { ...base, legacyChainHash: 'ab'.repeat(32) }
    expect(publicFormOf(legacy).legacyChainHash).toBe('ab'.repeat(32))
    expect(leafTextOf(legacy)).toContain(`"legacyChainHash":"${'ab'.repeat(32)}"`)
  })

  it('null actors stay null; the system acts with no commitment', () => {
    const form = publicFormOf({ ...base, actorUserId: null, actorOrganisationId: null, action: 'bid.submitted' })
    expect(form.actor).toEqual({ organisationId: null, userId: null })
  })

  it('an action with no policy commits every payload member and shows the organisation', () => {
    expect(policyOf('no.such.action')).toEqual({ publicPayload: [] })
    const form = publicFormOf({ ...base, action: 'no.such.action', payload: { from: 'open', x: 1 } })
    expect(form.payload).toEqual({ from: expectedCommitment(SALT, 'payload.from', 'open'), x: expectedCommitment(SALT, 'payload.x', 1) })
    expect(form.actor.organisationId).toBe(base.actorOrganisationId)
    expect(policyOf('constructor')).toEqual({ publicPayload: [] })
  })

  it('a payload that is not an object is committed whole', () => {
    for (const payload of [['a'], 'text', 3, null])
      expect(publicFormOf({ ...base, payload }).payload).toEqual(expectedCommitment(SALT, 'payload', payload))
  })

  it('a user id as the entity is committed', () => {
    const form = publicFormOf({ ...base, action: 'user.created', entityType: 'user', payload: { email: 'a@b.c', role: 'owner', organisationId: 'o' } })
    expect(form.entityId).toEqual(expectedCommitment(SALT, 'entityId', base.entityId))
    expect(leafTextOf({ ...base, action: 'user.created', entityType: 'user', payload: {} })).not.toContain(base.entityId)
  })

  it('refuses a salt that is not 32 lower-case hex digits', () => {
    for (const salt of ['', 'ABCDEF0123456789ABCDEF0123456789', SALT.slice(1), `${SALT}0`])
      expect(() => leafTextOf({ ...base, salt })).toThrow(/salt/)
  })
})

// ── Random payloads, every policy ────────────────────────────────────────────────────────────

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/)
const memberName = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,11}$/)
/** A private value: always holds its marker, at any depth. */
const privateValue = (marker: string) =>
  fc.oneof(
    fc.string().map((s) => `${s}${marker}`),
    fc.record({ text: fc.string().map((s) => `${marker}${s}`), n: fc.integer() }),
    fc.array(fc.string()).map((a) => [...a, marker]),
    fc.dictionary(memberName, fc.jsonValue()).map((o) => ({ ...o, deep: { deeper: [marker] } })),
  )
/** JSON round trip, as recordAudit stores the payload. */
const asStored = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

describe.each(Object.entries(auditPolicies))('%s', (action, policy) => {
  const shown = new Set(policy.publicPayload)
  const event = fc
    .record({
      salt: hex32,
      otherSalt: hex32,
      id: fc.nat(),
      at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
      userId: fc.option(fc.uuid(), { nil: null }),
      orgId: fc.option(fc.uuid(), { nil: null }),
      entityId: fc.uuid(),
      publicValues: fc.tuple(...policy.publicPayload.map(() => fc.option(fc.jsonValue(), { nil: undefined }))),
      privateNames: fc.uniqueArray(memberName.filter((n) => !shown.has(n)), { maxLength: 6 }),
      seed: fc.nat(),
    })
    .chain((r) =>
      fc
        .tuple(...r.privateNames.map((_, i) => privateValue(`PRIVATE-${r.seed}-${i}-MARK`)))
        .map((values) => ({ ...r, privateValues: values as unknown[] })),
    )
    .map((r) => {
      const payload: Record<string, unknown> = {}
      policy.publicPayload.forEach((name, i) => {
        if (r.publicValues[i] !== undefined) payload[name] = r.publicValues[i]
      })
      r.privateNames.forEach((name, i) => {
        payload[name] = r.privateValues[i]
      })
      const e: PrivateEvent = {
        id: r.id,
        occurredAt: r.at,
        actorUserId: r.userId,
        actorOrganisationId: r.orgId,
        action,
        entityType: 'thing',
        entityId: r.entityId,
        payload: asStored(payload),
        salt: r.salt,
        legacyChainHash: null,
      }
      return { e, otherSalt: r.otherSalt, privateNames: r.privateNames, marker: (i: number) => `PRIVATE-${r.seed}-${i}-MARK` }
    })

  it('hides every private value, commits it recomputably, shows the public members unchanged', () => {
    fc.assert(
      fc.property(event, ({ e, otherSalt, privateNames, marker }) => {
        const text = leafTextOf(e)
        const form = publicFormOf(e)
        const payload = e.payload as Record<string, unknown>
        const out = form.payload as Record<string, unknown>
        expect(text).toBe(canonicalJson(form))
        expect(Object.keys(out).sort()).toEqual(Object.keys(payload).sort())
        privateNames.forEach((name, i) => {
          expect(text).not.toContain(marker(i))
          expect(out[name]).toEqual(expectedCommitment(e.salt, `payload.${name}`, payload[name]))
        })
        for (const name of policy.publicPayload) {
          if (!(name in payload)) continue
          expect(out[name]).toEqual(payload[name])
          expect(text).toContain(`${JSON.stringify(name)}:${canonicalJson(payload[name])}`)
        }
        if (e.actorUserId !== null) {
          expect(text).not.toContain(e.actorUserId)
          expect(form.actor.userId).toEqual(expectedCommitment(e.salt, 'actor.userId', e.actorUserId))
        }
        if (e.actorOrganisationId !== null) {
          if (policy.privateActorOrganisation) {
            expect(text).not.toContain(e.actorOrganisationId)
            expect(form.actor.organisationId).toEqual(expectedCommitment(e.salt, 'actor.organisationId', e.actorOrganisationId))
          } else expect(form.actor.organisationId).toBe(e.actorOrganisationId)
        }
        if (policy.privateEntityId) {
          expect(text).not.toContain(e.entityId)
          expect(form.entityId).toEqual(expectedCommitment(e.salt, 'entityId', e.entityId))
        } else expect(form.entityId).toBe(e.entityId)
        expect(form.contentHash).toBe(contentHashOf(e))

        // Another salt: every commitment and the content hash change; nothing public does.
        if (otherSalt === e.salt) return
        const again = publicFormOf({ ...e, salt: otherSalt })
        const again_ = again.payload as Record<string, unknown>
        for (const name of privateNames) expect(again_[name]).not.toEqual(out[name])
        if (e.actorUserId !== null) expect(again.actor.userId).not.toEqual(form.actor.userId)
        if (e.actorOrganisationId !== null && policy.privateActorOrganisation)
          expect(again.actor.organisationId).not.toEqual(form.actor.organisationId)
        if (policy.privateEntityId) expect(again.entityId).not.toEqual(form.entityId)
        expect(again.contentHash).not.toBe(form.contentHash)
        for (const name of policy.publicPayload) if (name in payload) expect(again_[name]).toEqual(out[name])
      }),
      { numRuns: 60 },
    )
  })
})

// ── Bids: sealed for ever ────────────────────────────────────────────────────────────────────

describe('bid events', () => {
  const bidEvent = fc.record({
    action: fc.constantFrom('bid.submitted', 'bid.revised', 'bid.withdrawn'),
    salt: hex32,
    userId: fc.uuid(),
    orgId: fc.uuid(),
    needId: fc.uuid(),
    bidId: fc.uuid(),
    revision: fc.integer({ min: 1, max: 50 }),
    quoteCommitment: fc.stringMatching(/^[0-9a-f]{64}$/),
  })

  it('never show the bidding organisation, its user or the need; show the bid, its revision and its quote commitment', () => {
    fc.assert(
      fc.property(bidEvent, (b) => {
        const payload = asStored({
          needId: b.needId,
          bidId: b.bidId,
          revision: b.revision,
          ...(b.action === 'bid.withdrawn' ? {} : { quoteCommitment: b.quoteCommitment }),
        })
        const e: PrivateEvent = {
          id: 1,
          occurredAt: new Date('2026-05-06T01:02:03.004Z'),
          actorUserId: b.userId,
          actorOrganisationId: b.orgId,
          action: b.action,
          entityType: 'bid',
          entityId: b.bidId,
          payload,
          salt: b.salt,
          legacyChainHash: null,
        }
        const text = leafTextOf(e)
        expect(text).not.toContain(b.orgId)
        expect(text).not.toContain(b.userId)
        expect(text).not.toContain(b.needId)
        expect(text).toContain(`"bidId":"${b.bidId}"`)
        expect(text).toContain(`"revision":${b.revision}`)
        if (b.action !== 'bid.withdrawn') expect(text).toContain(`"quoteCommitment":"${b.quoteCommitment}"`)
        const form = publicFormOf(e)
        expect(form.actor.organisationId).toEqual(expectedCommitment(b.salt, 'actor.organisationId', b.orgId))
        expect((form.payload as Record<string, unknown>).needId).toEqual(expectedCommitment(b.salt, 'payload.needId', b.needId))
      }),
      { numRuns: 200 },
    )
  })
})

// ── The decisions that matter most, on payloads shaped as the code writes them ───────────────

describe('what the policies keep private, on realistic payloads', () => {
  const org = '44444444-4444-4444-8444-444444444444'
  const other = '55555555-5555-4555-8555-555555555555'
  /** A private id that is not the acting organisation's. */
  const hid = '66666666-6666-4666-8666-666666666666'
  const cases: { action: string; payload: Record<string, unknown>; hidden: string[]; shown: string[]; orgPrivate?: true }[] = [
    { action: 'need.objection_filed', payload: { agencyId: org, reason: '异议理由 王五', round: 1, objectionId: other }, hidden: ['agencyId', 'reason'], shown: ['round', 'objectionId'], orgPrivate: true },
    { action: 'need.objection_upheld', payload: { objectorAgencyId: hid, excludedBidId: other, winnerAtFault: true, reason: '理由', round: 1, objectionId: other, nextRound: 2, agencyId: other }, hidden: ['objectorAgencyId', 'reason'], shown: ['excludedBidId', 'winnerAtFault', 'agencyId'] },
    { action: 'need.objection_rejected', payload: { objectorAgencyId: hid, reason: '理由', round: 1, objectionId: other }, hidden: ['objectorAgencyId', 'reason'], shown: ['round'] },
    { action: 'need.selected', payload: { bidId: other, method: 'direct', outcome: 'owner_pick', drawId: null, requiresJustification: false, reason: '业主理由 李四', round: 1, selectionRoundId: other, agencyId: other, publicityEndsOn: '2026-03-09', seed: 'ab', seedHash: 'cd', drawWinner: null, drawWinnerIndex: null }, hidden: ['reason'], shown: ['bidId', 'agencyId', 'seed', 'seedHash', 'outcome'] },
    { action: 'need.cancelled', payload: { reason: '取消理由', from: 'open', bids: 3 }, hidden: ['reason', 'bids'], shown: ['from'] },
    { action: 'need.window_closed', payload: { bids: 3, closesOn: '2026-03-09' }, hidden: ['bids'], shown: ['closesOn'] },
    { action: 'need.terminated', payload: { reason: '终止', from: 'in_service', by: 'ruling', partyAtFault: 'agency', refundFen: 1000, releaseFen: 2000, refundKey: 'k', transferKey: 'k2', transferFen: 2000, contractId: other }, hidden: ['reason', 'partyAtFault', 'refundFen', 'releaseFen', 'refundKey', 'transferKey', 'transferFen'], shown: ['from', 'by', 'contractId'] },
    { action: 'need.termination_proposed', payload: { by: 'owner', reason: '协议', refundFen: 1, releaseFen: 2, contractId: other }, hidden: ['reason', 'refundFen', 'releaseFen'], shown: ['by'] },
    { action: 'need.paused', payload: { reason: '等待资料', source: 'recorded', clockEvent: 'paused', clockDate: '2026-03-09', contractId: other }, hidden: ['reason'], shown: ['source', 'clockEvent', 'clockDate'] },
    { action: 'need.approval_decided', payload: { date: '2026-03-09', outcome: 'approved', documentNo: '盐审〔2026〕1号', contractId: other }, hidden: ['documentNo', 'outcome'], shown: ['date'] },
    { action: 'need.draft_created', payload: { title: '草稿', scope: '范围', priceCeilingFen: 100 }, hidden: ['title', 'scope', 'priceCeilingFen'], shown: [] },
    { action: 'complaint.filed', payload: { subject: 'agency', needId: other, contractId: null, targetAgencyId: hid, fileId: other, acceptDueOn: '2026-03-09', answerDueOn: '2026-03-20' }, hidden: ['needId', 'targetAgencyId', 'fileId'], shown: ['subject', 'acceptDueOn'], orgPrivate: true },
    { action: 'complaint.withdrawn', payload: { from: 'pending', to: 'withdrawn', reasons: null, creditPoints: null, blacklistEntryId: null }, hidden: ['reasons'], shown: ['from', 'to'], orgPrivate: true },
    { action: 'complaint.upheld', payload: { from: 'accepted', to: 'upheld', reasons: '成立理由', creditPoints: -5, blacklistEntryId: null }, hidden: ['reasons'], shown: ['creditPoints'] },
    { action: 'user.created', payload: { email: 'person@example.com', role: 'owner', organisationId: org }, hidden: ['email'], shown: ['role', 'organisationId'] },
    { action: 'regulator.created', payload: { name: '某局', departmentId: other, userId: hid, email: 'reg@example.com' }, hidden: ['userId', 'email'], shown: ['name'] },
    { action: 'organisation.registered', payload: { kind: 'owner', name: '某公司', creditCode: '91320900MA1234567X', status: 'active', userId: hid }, hidden: ['userId'], shown: ['name', 'creditCode'] },
    { action: 'blacklist.entry_listed', payload: { agencyId: org, scope: 'all', serviceTypeIds: [], startsOn: '2026-03-09', endsOn: null, disqualifiedBidIds: [other] }, hidden: ['disqualifiedBidIds'], shown: ['agencyId', 'scope'] },
    { action: 'blacklist.entry_lifted', payload: { reason: '提前移出' }, hidden: ['reason'], shown: [] },
    { action: 'payment.held', payload: { needId: other, amountFen: 100, paymentIntentId: 'pi_123', chargeId: 'ch_123', attempt: 1 }, hidden: ['paymentIntentId', 'chargeId', 'amountFen'], shown: ['needId', 'attempt'] },
    { action: 'payment.failed', payload: { needId: other, amountFen: 100, paymentIntentId: 'pi_1', chargeId: null, code: 'insufficient_funds', attempt: 1 }, hidden: ['code', 'paymentIntentId'], shown: ['attempt'] },
    { action: 'payment.released', payload: { needId: other, amountFen: 1, reversedFen: 0, releasedFen: 1, transferId: 'tr_1', destination: 'acct_1', purpose: 'acceptance', status: 'succeeded' }, hidden: ['transferId', 'destination'], shown: ['purpose', 'status'] },
    { action: 'payout.account_opened', payload: { stripeAccountId: 'acct_1', country: 'CN' }, hidden: ['stripeAccountId'], shown: ['country'] },
    { action: 'agency.certificate.uploaded', payload: { fileName: '张三身份证.pdf', mimeType: 'application/pdf', size: 10, sha256: 'ef' }, hidden: ['fileName', 'sha256'], shown: ['mimeType'] },
    { action: 'agency.application.saved', payload: { kind: 'entry', payload: { staff: [{ name: '赵六', idNumber: '320902199001011234' }] } }, hidden: ['payload'], shown: ['kind'] },
    { action: 'agency.forceExit', payload: { reason: '清退理由', from: 'active', to: 'exited', exit: { id: other, type: 'forced', category: 'fraud', reentryFrom: '2029-03-09' } }, hidden: ['reason'], shown: ['from', 'to', 'exit'] },
    { action: 'credit.repair_applied', payload: { creditEventId: other, kind: 'overdue_day', points: -1, evidence: [{ fileId: other, sha256: 'ab' }] }, hidden: ['creditEventId', 'evidence'], shown: ['kind'], orgPrivate: true },
    { action: 'rating.text_hidden', payload: { ratingId: other, reason: '辱骂' }, hidden: ['reason'], shown: ['ratingId'] },
  ]

  it.each(cases)('$action', ({ action, payload, hidden, shown, orgPrivate }) => {
    const e: PrivateEvent = { ...base, action, actorOrganisationId: org, payload }
    const form = publicFormOf(e)
    const text = leafTextOf(e)
    const out = form.payload as Record<string, unknown>
    for (const name of hidden) {
      expect(out[name]).toEqual(expectedCommitment(SALT, `payload.${name}`, payload[name]))
      const value = payload[name]
      if (typeof value === 'string') expect(text).not.toContain(JSON.stringify(value))
    }
    for (const name of shown) expect(out[name]).toEqual(payload[name])
    if (orgPrivate) expect(text).not.toContain(org)
    else expect(form.actor.organisationId).toBe(org)
  })
})

// ── docs/transparency-log.md §2 says the same as the code ────────────────────────────────────

describe('docs/transparency-log.md §2', () => {
  const doc = readFileSync(path.join(root, 'docs/transparency-log.md'), 'utf8')
  const section = doc.slice(doc.indexOf('## 2. The public form of an event'), doc.indexOf('## 3. '))

  it('the table lists exactly the policies', () => {
    const rows = section
      .split('\n')
      .filter((l) => /^\| `[^`]+` \|/.test(l) && (l.endsWith('| public |') || l.endsWith('| committed |')))
      .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()))
    const documented = Object.fromEntries(
      rows.map(([action, members, org, entity]) => [
        action.replaceAll('`', ''),
        {
          publicPayload: members === '—' ? [] : members.split(', ').map((m) => m.replaceAll('`', '')),
          ...(org === 'committed' ? { privateActorOrganisation: true } : {}),
          ...(entity === 'committed' ? { privateEntityId: true } : {}),
        },
      ]),
    )
    expect(rows.length).toBe(Object.keys(auditPolicies).length)
    expect(documented).toEqual(JSON.parse(JSON.stringify(auditPolicies)))
  })

  it('the worked example is what the code makes', () => {
    const e: PrivateEvent = { ...base, payload: { reason: '项目调整，暂停采购', from: 'open', bids: 2 } }
    const block = section.split('The leaf text (one line; wrapped here):')[1].split('```')[1]
    expect(block.split('\n').join('')).toBe(leafTextOf(e))
    expect(section).toContain(contentHashOf(e))
  })
})
