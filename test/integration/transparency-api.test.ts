/**
 * The transparency log's public API (issue 15 §3, §5; docs/transparency-log.md §7) and the notice ↔
 * leaf links: every route's answer is checked with the isomorphic verifiers (verify.ts) against the
 * signed head the API gives — leaf hashes recomputed from the leaf TEXT, never taken from the
 * server; bad numbers are 4xx with the parameter named, never a 5xx; a notice's log hides its bids'
 * events while the window is open and for a need cancelled before the close, shows them once the
 * result is public, and is 404 for a draft. The browser check's own module (browser-check.ts) runs
 * against the routes and says verified — and inconsistent for a tampered saved head.
 */
import { eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { contracts } from '#db/schema'
import { resetClock } from '~/domain/now'
import { publishNeed, saveNeedDraft } from '~/domain/needs/needs.server'
import { NeedDraftSchema } from '~/domain/needs/schemas'
import { tick } from '~/domain/timed-work/tick.server'
import { runChecks, verdictOf, type GetJson } from '~/domain/transparency/browser-check'
import { runSequencer } from '~/domain/transparency/sequencer.server'
import { leafHashHex, verifyConsistency, verifyInclusion, verifyTreeHeadSignature } from '~/domain/transparency/verify'
import { recordAudit, systemActor } from '~/utils/audit.server'
import { zhCN } from '~/i18n/zh-CN'
import * as headRoute from '~/routes/api+/v1.log.head'
import * as headsRoute from '~/routes/api+/v1.log.heads.$treeSize'
import * as keysRoute from '~/routes/api+/v1.log.keys'
import * as leafRoute from '~/routes/api+/v1.log.leaves.$leafIndex'
import * as leavesRoute from '~/routes/api+/v1.log.leaves'
import * as inclusionRoute from '~/routes/api+/v1.log.proof.inclusion'
import * as consistencyRoute from '~/routes/api+/v1.log.proof.consistency'
import * as needLogRoute from '~/routes/api+/v1.needs.$id.log'
import * as noticePage from '~/routes/_public+/needs.$id'
import * as ownerNeedRoute from '~/routes/owner+/needs.$id'
import * as transparencyPage from '~/routes/_public+/transparency'
import { awardedContract } from '#test/support/contract-fixtures'
import { at, bidOn, setupMarketplace, shanghaiNoon, type Marketplace } from '#test/support/needs-fixtures'
import { callRoute, formRequest, getRequest, sessionCookie } from '#test/support/routes'

afterEach(() => resetClock())

type Agency = 'a' | 'b' | 'c'
let m: Marketplace<Agency>
/** Published on 2026-03-02, three bids, window closes 2026-03-06. */
let openNeedId: string
/** Published, bid on, cancelled by its owner while open. */
let cancelledNeedId: string
/** Never published. */
let draftId: string
let bidIds: string[]
let cancelledBidIds: string[]

const utf8 = (text: string) => new TextEncoder().encode(text)

const draft = () =>
  NeedDraftSchema.parse({
    projectId: m.projectId,
    serviceTypeId: m.serviceTypeId,
    approvalItemId: m.approvalItemId,
    title: '环境影响报告书编制（透明日志）',
    scope: '编制项目环境影响报告书并配合审批。',
    priceCeiling: '50000',
    qualificationTypeId: m.qualificationTypeId,
    minLevelId: m.levelIds.B,
    serviceDays: '20',
    method: 'lowest_price',
    registrationClosesOn: '2026-03-06',
  })

async function publishedNeed(): Promise<string> {
  const db = await getDb()
  const id = await saveNeedDraft(db, m.owner.user, draft())
  expect((await publishNeed(db, m.owner.user, id)).state).toBe('open')
  return id
}

/** Dispatches a public API path to its route, as the browser's fetch would reach it. */
const api: GetJson = async (path) => {
  const url = new URL(path, 'http://localhost:3000')
  const p = url.pathname
  let match: RegExpMatchArray | null
  const call = (fn: unknown, params: Record<string, string> = {}) => callRoute(fn, getRequest(path), params)
  let r
  if (p === '/api/v1/log/head') r = await call(headRoute.loader)
  else if (p === '/api/v1/log/keys') r = await call(keysRoute.loader)
  else if (p === '/api/v1/log/leaves') r = await call(leavesRoute.loader)
  else if ((match = p.match(/^\/api\/v1\/log\/heads\/([^/]+)$/))) r = await call(headsRoute.loader, { treeSize: match[1] })
  else if ((match = p.match(/^\/api\/v1\/log\/leaves\/([^/]+)$/))) r = await call(leafRoute.loader, { leafIndex: match[1] })
  else if (p === '/api/v1/log/proof/inclusion') r = await call(inclusionRoute.loader)
  else if (p === '/api/v1/log/proof/consistency') r = await call(consistencyRoute.loader)
  else if ((match = p.match(/^\/api\/v1\/needs\/([^/]+)\/log$/))) r = await call(needLogRoute.loader, { id: decodeURIComponent(match[1]) })
  else throw new Error(`no route for ${path}`)
  return { status: r.status, body: r.data }
}

async function get(path: string) {
  const r = await api(path)
  return r as { status: number; body: any }
}

beforeAll(async () => {
  const db = await getDb()
  at(shanghaiNoon('2026-03-02'))
  m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'], tag: 'TL' })
  draftId = await saveNeedDraft(db, m.owner.user, draft())
  openNeedId = await publishedNeed()
  bidIds = Object.values(await bidOn(db, m, openNeedId, { a: 900_000, b: 950_000, c: 990_000 }))
  cancelledNeedId = await publishedNeed()
  cancelledBidIds = Object.values(await bidOn(db, m, cancelledNeedId, { a: 800_000, b: 850_000 }))
  at(shanghaiNoon('2026-03-04'))
  const cancel = await callRoute(
    ownerNeedRoute.action,
    formRequest(
      `/owner/needs/${cancelledNeedId}`,
      { intent: 'cancel', reason: '项目取消，不再采购该服务', confirm: 'yes' },
      { cookie: await sessionCookie(m.owner.user.id) },
    ),
    { id: cancelledNeedId },
  )
  expect(cancel.status).toBe(302)
  await runSequencer(db)
})

describe('the log routes', () => {
  it('the latest head is signed by a published key; earlier heads stay; leaves hash as their text; proofs lead to the root', async () => {
    const db = await getDb()
    const first = await get('/api/v1/log/head')
    expect(first.status).toBe(200)
    expect((await callRoute(headRoute.loader, getRequest('/api/v1/log/head'))).headers.get('Cache-Control')).toBe('no-store')
    // More events, another head: the first stays answerable by its size.
    await recordAudit(db, { actor: systemActor, action: 'settings.changed', entityType: 'app_setting', entityId: 'transparency-test', payload: { n: 1 } })
    await recordAudit(db, { actor: systemActor, action: 'settings.changed', entityType: 'app_setting', entityId: 'transparency-test', payload: { n: 2 } })
    await runSequencer(db)
    const { body: head } = await get('/api/v1/log/head')
    expect(head.treeSize).toBe(first.body.treeSize + 2)
    expect(Object.keys(head).sort()).toEqual(['keyId', 'rootHash', 'signature', 'timestamp', 'treeSize'])

    const { body: keys } = await get('/api/v1/log/keys')
    const key = keys.keys.find((k: { keyId: string }) => k.keyId === head.keyId)
    expect(key).toMatchObject({ algorithm: 'Ed25519' })
    expect(await verifyTreeHeadSignature({ ...head, publicKey: key.publicKey })).toBe(true)
    expect(await verifyTreeHeadSignature({ ...head, treeSize: head.treeSize - 1, publicKey: key.publicKey })).toBe(false)

    const earlier = await callRoute(headsRoute.loader, getRequest(`/api/v1/log/heads/${first.body.treeSize}`), { treeSize: String(first.body.treeSize) })
    expect(earlier.status).toBe(200)
    expect(earlier.data).toEqual(first.body)
    expect(earlier.headers.get('Cache-Control')).toContain('immutable')
    expect(await verifyTreeHeadSignature({ ...earlier.data, publicKey: key.publicKey })).toBe(true)

    // Leaves: one at a time and as a range, the same; each hash recomputed from the text.
    const range = await callRoute(leavesRoute.loader, getRequest(`/api/v1/log/leaves?start=0&end=${head.treeSize}`))
    expect(range.status).toBe(200)
    expect(range.headers.get('Cache-Control')).toContain('immutable')
    expect(range.data.leaves.map((l: { leafIndex: number }) => l.leafIndex)).toEqual([...Array(head.treeSize).keys()])
    const past = await callRoute(leavesRoute.loader, getRequest(`/api/v1/log/leaves?start=0&end=${head.treeSize + 5}`))
    expect(past.data.leaves).toHaveLength(head.treeSize)
    expect(past.headers.get('Cache-Control')).toBe('no-store')
    for (const index of [0, 1, head.treeSize - 2, head.treeSize - 1]) {
      const leaf = await callRoute(leafRoute.loader, getRequest(`/api/v1/log/leaves/${index}`), { leafIndex: String(index) })
      expect(leaf.status).toBe(200)
      expect(leaf.data).toEqual(range.data.leaves[index])
      const leafHash = await leafHashHex(utf8(leaf.data.leaf))
      expect(leafHash).toBe(leaf.data.leafHash)

      // Included in the latest head and in the earlier one (when it is old enough).
      for (const h of [head, first.body]) {
        if (index >= h.treeSize) continue
        const { status, body: proof } = await get(`/api/v1/log/proof/inclusion?leafIndex=${index}&treeSize=${h.treeSize}`)
        expect(status).toBe(200)
        expect(proof).toMatchObject({ leafIndex: index, treeSize: h.treeSize, leafHash })
        expect(await verifyInclusion({ leafHash, index, treeSize: h.treeSize, path: proof.auditPath, rootHash: h.rootHash })).toBe(true)
        // A leaf with one character changed is not included.
        const forged = await leafHashHex(utf8(leaf.data.leaf.replace('"v":1', '"v":2')))
        expect(await verifyInclusion({ leafHash: forged, index, treeSize: h.treeSize, path: proof.auditPath, rootHash: h.rootHash })).toBe(false)
      }
    }

    // The earlier head is consistent with the latest; a forged earlier root is not.
    const { status, body: consistency } = await get(`/api/v1/log/proof/consistency?first=${first.body.treeSize}&second=${head.treeSize}`)
    expect(status).toBe(200)
    expect(consistency).toMatchObject({ firstSize: first.body.treeSize, secondSize: head.treeSize })
    const check = { firstSize: first.body.treeSize, secondSize: head.treeSize, firstRoot: first.body.rootHash, secondRoot: head.rootHash, proof: consistency.consistency }
    expect(await verifyConsistency(check)).toBe(true)
    expect(await verifyConsistency({ ...check, firstRoot: head.rootHash })).toBe(false)
    // Equal sizes: an empty proof.
    expect((await get(`/api/v1/log/proof/consistency?first=${head.treeSize}&second=${head.treeSize}`)).body.consistency).toEqual([])
  })

  it('bad numbers are 422 naming the parameter (translated), unknown sizes and leaves 404 — never a 5xx', async () => {
    const { body: head } = await get('/api/v1/log/head')
    const n = head.treeSize
    const huge = '99999999999999999999'
    const cases: Array<[string, number, string | null, string | null]> = [
      // [path, status, field, message key]
      ['/api/v1/log/heads/-1', 422, 'treeSize', 'badSize'],
      ['/api/v1/log/heads/abc', 422, 'treeSize', 'badSize'],
      ['/api/v1/log/heads/1.5', 422, 'treeSize', 'badSize'],
      [`/api/v1/log/heads/${huge}`, 422, 'treeSize', 'badSize'],
      [`/api/v1/log/heads/${n + 1000}`, 404, null, null],
      ['/api/v1/log/leaves/-1', 422, 'leafIndex', 'badIndex'],
      ['/api/v1/log/leaves/x', 422, 'leafIndex', 'badIndex'],
      ['/api/v1/log/leaves/2.5', 422, 'leafIndex', 'badIndex'],
      [`/api/v1/log/leaves/${huge}`, 422, 'leafIndex', 'badIndex'],
      [`/api/v1/log/leaves/${n + 1000}`, 404, null, null],
      ['/api/v1/log/leaves', 422, 'start', 'badIndex'],
      ['/api/v1/log/leaves?start=-1&end=3', 422, 'start', 'badIndex'],
      ['/api/v1/log/leaves?start=5&end=5', 422, 'end', 'badRange'],
      ['/api/v1/log/leaves?start=0&end=abc', 422, 'end', 'badRange'],
      [`/api/v1/log/leaves?start=0&end=${huge}`, 422, 'end', 'badRange'],
      [`/api/v1/log/proof/inclusion?leafIndex=0&treeSize=${n + 1}`, 422, 'treeSize', 'beyondLog'],
      [`/api/v1/log/proof/inclusion?leafIndex=${n}&treeSize=${n}`, 422, 'leafIndex', 'badIndex'],
      ['/api/v1/log/proof/inclusion?leafIndex=-1&treeSize=1', 422, 'leafIndex', 'badIndex'],
      ['/api/v1/log/proof/inclusion?leafIndex=0', 422, 'treeSize', 'badSize'],
      [`/api/v1/log/proof/inclusion?leafIndex=0&treeSize=${huge}`, 422, 'treeSize', 'badSize'],
      ['/api/v1/log/proof/inclusion?leafIndex=0.5&treeSize=2', 422, 'leafIndex', 'badIndex'],
      ['/api/v1/log/proof/consistency?first=3&second=2', 422, 'first', 'badRange'],
      [`/api/v1/log/proof/consistency?first=1&second=${n + 5}`, 422, 'second', 'beyondLog'],
      ['/api/v1/log/proof/consistency?first=x&second=2', 422, 'first', 'badSize'],
      ['/api/v1/log/proof/consistency?first=-2&second=2', 422, 'first', 'badSize'],
      [`/api/v1/log/proof/consistency?first=1&second=${huge}`, 422, 'second', 'badSize'],
    ]
    for (const [path, status, field, key] of cases) {
      const r = await get(path)
      expect(r.status, path).toBe(status)
      if (field === null) {
        expect(r.body.error.code, path).toBe('not_found')
        continue
      }
      expect(r.body.error, path).toMatchObject({ code: 'unprocessable', field })
      const text = zhCN.transparency.errors[key as keyof typeof zhCN.transparency.errors]
      expect(r.body.error.message, path).toBe(text.replace('{{size}}', String(n)))
    }
  })
})

describe('GET /api/v1/needs/:id/log', () => {
  const actionsOf = (body: { events: Array<{ action: string }> }) => body.events.map((e) => e.action)

  it('a draft, an unknown id and a malformed one are 404', async () => {
    for (const id of [draftId, '00000000-0000-4000-8000-000000000000', 'nope']) {
      const r = await get(`/api/v1/needs/${id}/log`)
      expect(r.status, id).toBe(404)
      expect(r.body.error.code).toBe('not_found')
    }
  })

  it('while the window is open: the publication, no draft edit, no bid event', async () => {
    const { status, body } = await get(`/api/v1/needs/${openNeedId}/log`)
    expect(status).toBe(200)
    expect(body.needId).toBe(openNeedId)
    expect(actionsOf(body)).toEqual(['need.published'])
    expect(body.events[0]).toEqual({ leafIndex: expect.any(Number), action: 'need.published', entityType: 'need', occurredAt: '2026-03-02T02:00:00.000Z' })
    const text = JSON.stringify(body)
    for (const bid of bidIds) expect(text).not.toContain(bid)
    // The notice page carries the same list.
    const page = await callRoute(noticePage.loader, getRequest(`/needs/${openNeedId}`), { id: openNeedId })
    expect(page.data.log).toEqual(body)
  })

  it('after the close the bids’ events are public, in leaf order; a need cancelled while open never shows them', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-09'))
    await tick(db) // closes the window, selects; sequences and signs
    const { body } = await get(`/api/v1/needs/${openNeedId}/log`)
    const actions = actionsOf(body)
    expect(actions.filter((a) => a === 'bid.submitted')).toHaveLength(3)
    expect(actions).toEqual(expect.arrayContaining(['need.published', 'need.window_closed']))
    expect(actions.some((a) => a.startsWith('need.draft'))).toBe(false)
    const indexes = body.events.map((e: { leafIndex: number }) => e.leafIndex)
    expect(indexes).toEqual([...indexes].sort((x, y) => x - y))
    // Each listed leaf says what the listing says.
    for (const e of body.events) {
      const { body: leaf } = await get(`/api/v1/log/leaves/${e.leafIndex}`)
      expect(JSON.parse(leaf.leaf)).toMatchObject({ action: e.action, entityType: e.entityType })
    }

    const cancelled = await get(`/api/v1/needs/${cancelledNeedId}/log`)
    expect(cancelled.status).toBe(200)
    expect(actionsOf(cancelled.body)).toEqual(['need.published', 'need.cancelled'])
    const text = JSON.stringify(cancelled.body)
    for (const bid of cancelledBidIds) expect(text).not.toContain(bid)
  })

  it('an awarded need lists its contract’s events too', async () => {
    const db = await getDb()
    const c = await awardedContract(db)
    const [contract] = await db.select().from(contracts).where(eq(contracts.needId, c.needId))
    await recordAudit(db, { actor: systemActor, action: 'payment.held', entityType: 'contract', entityId: contract.id, payload: { needId: c.needId } })
    // Another contract's event is not this notice's.
    const other = await awardedContract(db)
    await recordAudit(db, { actor: systemActor, action: 'payment.held', entityType: 'contract', entityId: other.contractId, payload: { needId: other.needId } })
    await runSequencer(db)
    const { body } = await get(`/api/v1/needs/${c.needId}/log`)
    const actions = actionsOf(body)
    expect(actions).toEqual(expect.arrayContaining(['need.window_closed', 'need.selected', 'need.awarded', 'bid.submitted']))
    expect(body.events.filter((e: { entityType: string }) => e.entityType === 'contract')).toEqual([
      { leafIndex: expect.any(Number), action: 'payment.held', entityType: 'contract', occurredAt: expect.any(String) },
    ])
  })
})

describe('the browser check (browser-check.ts) against the routes', () => {
  it('verifies a notice’s events in the latest head; a saved head with another root is inconsistent; a saved earlier head is consistent', async () => {
    const db = await getDb()
    const saved = (await get('/api/v1/log/head')).body
    const ok = await runChecks(api, { needId: openNeedId, savedText: null })
    expect(verdictOf(ok.results)).toEqual({ kind: 'verified' })
    expect(ok.results.notice).toMatchObject({ found: true })
    const events = ok.results.notice?.found ? ok.results.notice.events : []
    expect(events.length).toBeGreaterThan(3)
    expect(events.every((e) => e.status === 'included')).toBe(true)

    // The log grows; the saved head is an earlier state of it.
    await recordAudit(db, { actor: systemActor, action: 'settings.changed', entityType: 'app_setting', entityId: 'transparency-test', payload: { n: 3 } })
    await runSequencer(db)
    const grown = await runChecks(api, { needId: openNeedId, savedText: JSON.stringify(saved) })
    expect(grown.head.treeSize).toBe(saved.treeSize + 1)
    expect(verdictOf(grown.results)).toEqual({ kind: 'verified' })

    // Tampered: same size, another root — at the latest size and at an earlier one.
    const latest = grown.head
    for (const h of [latest, saved]) {
      const tampered = JSON.stringify({ ...h, rootHash: h.rootHash.replace(/^./, (c: string) => (c === '0' ? '1' : '0')) })
      const r = await runChecks(api, { needId: null, savedText: tampered })
      expect(verdictOf(r.results)).toEqual({ kind: 'inconsistent' })
    }
    // A saved head from beyond the log is not one of its heads either.
    const beyond = await runChecks(api, { needId: null, savedText: JSON.stringify({ ...latest, treeSize: latest.treeSize + 10 }) })
    expect(verdictOf(beyond.results)).toEqual({ kind: 'inconsistent' })
    // Unreadable saved text, an unknown notice: failed with the reason.
    expect(verdictOf((await runChecks(api, { needId: null, savedText: '{"treeSize":' })).results)).toEqual({ kind: 'failed', reason: 'savedHeadUnreadable' })
    expect(verdictOf((await runChecks(api, { needId: draftId, savedText: null })).results)).toEqual({ kind: 'failed', reason: 'noticeNotFound' })
  })

  it('a lying server is caught: a leaf text changed, a proof for another leaf, a head signed by nobody', async () => {
    const lie =
      (change: (path: string, body: any) => any): GetJson =>
      async (path) => {
        const r = await api(path)
        return { status: r.status, body: r.status === 200 ? change(path, structuredClone(r.body)) : r.body }
      }
    const run = (get: GetJson) => runChecks(get, { needId: openNeedId, savedText: null }).then((r) => verdictOf(r.results))
    // The leaf's text differs from what was hashed into the tree (its leafHash left as the server computed it).
    expect(
      await run(lie((path, body) => (path.startsWith('/api/v1/log/leaves/') ? { ...body, leaf: body.leaf.replace('"v":1', '"v":1 ') } : body))),
    ).toEqual({ kind: 'failed', reason: 'notIncluded' })
    // A leaf that says another action than the listing.
    expect(
      await run(lie((path, body) => (path.startsWith('/api/v1/log/leaves/') ? { ...body, leaf: body.leaf.replace(/"action":"[^"]+"/, '"action":"x.y"') } : body))),
    ).toEqual({ kind: 'failed', reason: 'leafMismatch' })
    // An audit path with one hash swapped.
    expect(
      await run(
        lie((path, body) =>
          path.startsWith('/api/v1/log/proof/inclusion') && body.auditPath.length > 0
            ? { ...body, auditPath: [body.auditPath[0].replace(/^./, (c: string) => (c === 'a' ? 'b' : 'a')), ...body.auditPath.slice(1)] }
            : body,
        ),
      ),
    ).toEqual({ kind: 'failed', reason: 'notIncluded' })
    // The head's root changed (its signature no longer matches).
    expect(
      await run(lie((path, body) => (path === '/api/v1/log/head' ? { ...body, timestamp: body.timestamp + 1 } : body))),
    ).toEqual({ kind: 'failed', reason: 'badSignature' })
    expect(await run(lie((path, body) => (path === '/api/v1/log/keys' ? { keys: [] } : body)))).toEqual({ kind: 'failed', reason: 'unknownKey' })
  })

  it('the /transparency page loads the latest head, the keys and the notice asked for (no verdict)', async () => {
    const r = await callRoute(transparencyPage.loader, getRequest(`/transparency?need=${openNeedId}`))
    expect(r.status).toBe(200)
    expect(r.data.head).toEqual((await get('/api/v1/log/head')).body)
    expect(r.data.need).toMatchObject({ id: openNeedId })
    expect(r.data.keys.length).toBeGreaterThan(0)
    const unknown = await callRoute(transparencyPage.loader, getRequest('/transparency?need=nope'))
    expect(unknown.status).toBe(200)
    expect(unknown.data.need).toBeNull()
  })
})
