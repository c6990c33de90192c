import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { approvalItems, bids, needs, projects, selectionRounds } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { saveDepartment, saveServiceType } from '~/domain/catalogue/catalogue.server'
import { bytesToHex, generateSeed, runDraw, seedHash, verifyDraw, type DrawTranscript } from '~/domain/selection/draw'
import { systemActor } from '~/utils/audit.server'
import * as drawApi from '~/routes/api+/v1.draws.$needId'
import * as drawPage from '~/routes/_public+/draws.$needId'
import { callRoute, getRequest } from '#test/support/routes'

const AT = new Date('2030-02-01T02:00:00Z')
let needId: string
let undrawnNeedId: string
let published: string

beforeAll(async () => {
  const db = await getDb()
  const dept = await saveDepartment(db, systemActor, { code: 'DEP-DRAW', nameZh: '测试局', nameEn: 'Test Bureau' })
  const st = await saveServiceType(db, systemActor, {
    code: 'ST-DRAW', nameZh: '测试服务', nameEn: 'Test service', descriptionZh: '', descriptionEn: '', departmentId: dept.id, qualificationTypeIds: [], active: true,
  })
  const [item] = await db
    .insert(approvalItems)
    .values({ code: 'AI-DRAW', nameZh: '测试审批', nameEn: 'Test approval', departmentId: dept.id, statutoryDays: 60, committedDays: 30, createdAt: AT, updatedAt: AT })
    .returning()
  const owner = await createAccount(db, 'owner')
  const [project] = await db
    .insert(projects)
    .values({ ownerOrganisationId: owner.organisation.id, name: '测试项目', projectCode: 'P-DRAW-1', location: '盐城', industry: '制造业', totalInvestmentFen: 100_000_000, createdAt: AT })
    .returning()
  const seed = generateSeed()
  published = await seedHash(seed)
  const base = {
    projectId: project.id, ownerOrganisationId: owner.organisation.id, serviceTypeId: st.id, approvalItemId: item.id, title: '随机抽取测试需求', scope: '测试',
    priceCeilingFen: 5_000_000, serviceDays: 20, method: 'random' as const, registrationClosesOn: '2030-01-20', publishedAt: AT, createdAt: AT, updatedAt: AT,
  }
  const [need] = await db.insert(needs).values({ ...base, state: 'publicity', seedHash: published, seedSecret: bytesToHex(seed) }).returning()
  needId = need.id
  const [undrawn] = await db.insert(needs).values({ ...base, state: 'open', seedHash: published, seedSecret: bytesToHex(generateSeed()) }).returning()
  undrawnNeedId = undrawn.id
  const candidates = []
  for (let i = 0; i < 3; i++) {
    const agency = await createAccount(db, 'agency')
    const [b] = await db
      .insert(bids)
      .values({ needId, agencyOrganisationId: agency.organisation.id, quoteFen: 4_000_000 + i, committedDays: 15, submittedAt: AT, updatedAt: AT })
      .returning()
    candidates.push({ agencyCreditCode: agency.organisation.creditCode, bidId: b.id })
  }
  const transcript = await runDraw({ needId, round: 1, seed, candidates })
  await db.insert(selectionRounds).values({
    needId, round: 1, method: 'random', outcome: 'draw', chosenBidId: transcript.winner.bidId, result: {}, drawTranscript: transcript as unknown as Record<string, unknown>, publicityEndsOn: '2030-02-06', createdAt: AT,
  })
})

describe('GET /api/v1/draws/:needId', () => {
  it('returns the transcript with the revealed seed, and anyone can verify it against the published hash', async () => {
    const r = await callRoute(drawApi.loader, getRequest(`/api/v1/draws/${needId}`), { needId })
    expect(r.status).toBe(200)
    expect(Object.keys(r.data)).toEqual(expect.arrayContaining(['algorithm', 'seedHash', 'seed', 'candidates', 'round', 'winnerIndex', 'winner']))
    expect(r.data).toMatchObject({ algorithm: 'im-draw-v1', round: 1, seedHash: published, publishedSeedHash: published })
    expect(await verifyDraw(r.data as DrawTranscript, published)).toEqual({ ok: true })
    // A forged winner is caught.
    const forged = { ...r.data, winnerIndex: (r.data.winnerIndex + 1) % 3, winner: r.data.candidates[(r.data.winnerIndex + 1) % 3] }
    expect((await verifyDraw(forged as DrawTranscript, published)).ok).toBe(false)
  })

  it('404 for a need without a draw, an unknown need and a malformed id — never the secret seed', async () => {
    for (const id of [undrawnNeedId, '00000000-0000-4000-8000-000000000000', 'nope']) {
      const r = await callRoute(drawApi.loader, getRequest(`/api/v1/draws/${id}`), { needId: id })
      expect(r.status).toBe(404)
      expect(JSON.stringify(r.data)).not.toMatch(/[0-9a-f]{64}/)
    }
  })

  it('the public page loads the same transcript (the browser re-verifies it)', async () => {
    const r = await callRoute(drawPage.loader, getRequest(`/draws/${needId}`), { needId })
    expect(r.data.rounds).toHaveLength(1)
    expect(r.data.publishedSeedHash).toBe(published)
    const undrawn = await callRoute(drawPage.loader, getRequest(`/draws/${undrawnNeedId}`), { needId: undrawnNeedId })
    expect(undrawn.status).toBe(404)
  })
})
