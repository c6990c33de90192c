/**
 * The public agency directory, profile, exit records and their JSON API, through the real
 * database; and the acceptance check that the filtered directory search is served by indexes on
 * 5,000 agencies (EXPLAIN of the exact statements searchAgencies runs, on PGlite and PostgreSQL).
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDatabase, getDb } from '#db/client.server'
import {
  agencyExits,
  agencyPractitioners,
  agencyProfiles,
  agencyQualifications,
  agencyRegistryEvents,
  agencyServiceTypes,
  departments,
  organisations,
  qualificationLevels,
  qualificationTypes,
  serviceTypes,
} from '#db/schema'
import { createOrganisation, uniqueCreditCode } from '#db/seed/factories'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import {
  directorySearchQueries,
  escapeLike,
  maskCertificateNo,
  parseDirectoryFilters,
  searchAgencies,
  type DirectoryFilters,
} from '~/domain/agencies/directory.server'
import * as directoryRoute from '~/routes/_public+/agencies._index'
import * as profileRoute from '~/routes/_public+/agencies.$id'
import * as exitsRoute from '~/routes/_public+/exits'
import * as listApi from '~/routes/api+/v1.agencies'
import * as profileApi from '~/routes/api+/v1.agencies.$id'
import { callRoute, getRequest } from '#test/support/routes'

type Db = Awaited<ReturnType<typeof getDb>>
type Status = 'pending' | 'active' | 'rejected' | 'suspended' | 'exited'

/** 2026-03-01 12:00 in Shanghai: "today" for qualification validity. */
const NOW = '2026-03-01T04:00:00Z'

const catalogue = {
  serviceTypes: {} as Record<string, string>,
  qualificationTypes: {} as Record<string, string>,
  /** `${typeCode}:${rank}` → level id */
  levels: {} as Record<string, string>,
}

let createdSerial = 0

interface AgencySpec {
  name: string
  nameEn?: string
  region?: string
  status?: Status
  createdAt?: Date
  serviceTypes?: string[]
  qualifications?: { type: string; rank: number; validUntil: string; certificateNo?: string }[]
  profile?: boolean
  practitioners?: { name: string; certificateType: string; certificateNo: string }[]
}

async function makeAgency(db: Db, spec: AgencySpec) {
  const org = await createOrganisation(db, 'agency', {
    name: spec.name,
    nameEn: spec.nameEn ?? '',
    region: spec.region ?? '南京市',
    status: spec.status ?? 'active',
    createdAt: spec.createdAt ?? new Date(Date.UTC(2025, 0, 1) + (createdSerial += 1) * 60_000),
  })
  if (spec.serviceTypes?.length) {
    await db.insert(agencyServiceTypes).values(spec.serviceTypes.map((c) => ({ organisationId: org.id, serviceTypeId: catalogue.serviceTypes[c] })))
  }
  for (const [i, q] of (spec.qualifications ?? []).entries()) {
    await db.insert(agencyQualifications).values({
      organisationId: org.id,
      qualificationTypeId: catalogue.qualificationTypes[q.type],
      levelId: catalogue.levels[`${q.type}:${q.rank}`],
      certificateNo: q.certificateNo ?? `CERT-${i}-${org.id.slice(0, 6)}`,
      issuer: '江苏省自然资源厅',
      validFrom: '2024-01-01',
      validUntil: q.validUntil,
    })
  }
  if (spec.profile) {
    await db.insert(agencyProfiles).values({
      organisationId: org.id,
      address: '南京市鼓楼区中山北路 1 号',
      legalRepresentative: '王五',
      contactName: '赵六',
      contactPhone: '025-83001234',
      feeStandard: '按苏价服〔2015〕号文件收费，下浮 10%。',
      commitment: '材料齐全后 10 个工作日出具报告；缺件一次性告知。',
      approvedAt: new Date('2025-06-01T02:00:00Z'),
    })
  }
  if (spec.practitioners?.length) {
    await db.insert(agencyPractitioners).values(spec.practitioners.map((p) => ({ ...p, organisationId: org.id })))
  }
  return org
}

const search = async (filters: DirectoryFilters) => searchAgencies(await getDb(), filters)
/** Names in the order returned. */
const ordered = (r: { agencies: { name: string }[] }) => r.agencies.map((a) => a.name)
/** Names as a set (sorted here, so filter tests do not depend on the database collation). */
const names = (r: { agencies: { name: string }[] }) => ordered(r).sort()

beforeAll(async () => {
  setClock(fixedClock(NOW))
  const db = await getDb()
  const [dept] = await db.insert(departments).values({ code: 'DEP-NRP', nameZh: '自然资源和规划局', nameEn: 'Natural Resources Bureau' }).returning()
  const types = await db
    .insert(serviceTypes)
    .values(
      ['ST-SURVEY', 'ST-EIA', 'ST-SAFETY', 'ST-IDLE', ...Array.from({ length: 12 }, (_, i) => `ST-BULK-${i}`)].map((code) => ({
        code,
        nameZh: `服务${code}`,
        nameEn: `Service ${code}`,
        departmentId: dept.id,
      })),
    )
    .returning()
  for (const t of types) catalogue.serviceTypes[t.code] = t.id
  for (const [code, levels] of [
    ['QT-SURVEY', ['甲级', '乙级']],
    ['QT-EIA', ['甲级', '乙级', '丙级']],
  ] as const) {
    const [qt] = await db.insert(qualificationTypes).values({ code, nameZh: `资质${code}`, nameEn: `Qualification ${code}` }).returning()
    catalogue.qualificationTypes[code] = qt.id
    const rows = await db
      .insert(qualificationLevels)
      .values(levels.map((nameZh, i) => ({ qualificationTypeId: qt.id, code: `L${i + 1}`, rank: i + 1, nameZh, nameEn: `Grade ${i + 1}` })))
      .returning()
    for (const l of rows) catalogue.levels[`${code}:${l.rank}`] = l.id
  }
})

afterAll(() => resetClock())

describe('reading the filters', () => {
  it('keeps usable values and names the unusable ones', () => {
    const parse = (qs: string) => parseDirectoryFilters(new URLSearchParams(qs))
    expect(parse('q=%20测绘%20&serviceType=ST-SURVEY&region=南京市&status=suspended&sort=newest&page=3')).toEqual({
      filters: { q: '测绘', serviceType: 'ST-SURVEY', region: '南京市', status: 'suspended', sort: 'newest', page: 3 },
      invalid: [],
    })
    // The form's level select names its own type; the API may send a bare rank beside the type.
    expect(parse('level=QT-SURVEY:1').filters).toEqual({ qualification: 'QT-SURVEY', maxLevelRank: 1 })
    expect(parse('qualification=QT-EIA&level=2').filters).toEqual({ qualification: 'QT-EIA', maxLevelRank: 2 })
    expect(parse('qualification=QT-EIA&level=QT-SURVEY:1')).toEqual({ filters: { qualification: 'QT-EIA' }, invalid: ['level'] })
    expect(parse('status=pending&sort=random&page=0&level=2').invalid).toEqual(['level', 'status', 'sort', 'page'])
    expect(parse('status=rejected').filters.status).toBeUndefined()
    expect(parse('q=&serviceType=&page=').filters).toEqual({})
  })

  it('escapes LIKE wildcards and masks practitioner certificate numbers', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b')
    expect(maskCertificateNo('32010219800101123X')).toBe('**************123X')
    expect(maskCertificateNo('AB12')).toBe('****')
  })
})

describe('directory search', () => {
  it('filters by name, case-insensitively, with % and _ taken literally', async () => {
    const db = await getDb()
    await makeAgency(db, { name: '名录甲 Alpha 测绘有限公司' })
    await makeAgency(db, { name: '名录甲 ALPHA-2 咨询有限公司' })
    await makeAgency(db, { name: '名录甲 100% 服务有限公司' })
    await makeAgency(db, { name: '名录甲 1000 服务有限公司' })
    await makeAgency(db, { name: '名录甲 a_b 事务所' })
    await makeAgency(db, { name: '名录甲 axb 事务所' })
    expect(names(await search({ q: 'alpha' }))).toEqual(['名录甲 ALPHA-2 咨询有限公司', '名录甲 Alpha 测绘有限公司'].sort())
    expect(names(await search({ q: '名录甲 100%' }))).toEqual(['名录甲 100% 服务有限公司'])
    expect(names(await search({ q: '名录甲 a_b' }))).toEqual(['名录甲 a_b 事务所'])
    expect((await search({ q: '名录甲' })).total).toBe(6)
    expect((await search({ q: '没有这个名字' })).total).toBe(0)
  })

  it('filters by service type (code or id) and lists each agency with its service types', async () => {
    const db = await getDb()
    await makeAgency(db, { name: '名录乙 测绘一', serviceTypes: ['ST-SURVEY'] })
    await makeAgency(db, { name: '名录乙 测绘环评', serviceTypes: ['ST-SURVEY', 'ST-EIA'] })
    await makeAgency(db, { name: '名录乙 安评', serviceTypes: ['ST-SAFETY'] })
    const byCode = await search({ q: '名录乙', serviceType: 'ST-SURVEY' })
    expect(names(byCode)).toEqual(['名录乙 测绘一', '名录乙 测绘环评'].sort())
    expect(byCode.agencies.find((a) => a.name === '名录乙 测绘环评')?.serviceTypes.map((s) => s.code)).toEqual(['ST-EIA', 'ST-SURVEY'])
    expect(names(await search({ q: '名录乙', serviceType: catalogue.serviceTypes['ST-EIA'] }))).toEqual(['名录乙 测绘环评'])
    expect((await search({ q: '名录乙', serviceType: 'ST-IDLE' })).total).toBe(0)
    expect((await search({ q: '名录乙', serviceType: 'ST-NO-SUCH' })).total).toBe(0)
  })

  it('filters by qualification level (rank ≤ n, certificate still valid) and summarises validity', async () => {
    const db = await getDb()
    await makeAgency(db, { name: '名录丙 甲级', qualifications: [{ type: 'QT-SURVEY', rank: 1, validUntil: '2027-12-31' }] })
    await makeAgency(db, { name: '名录丙 乙级将到期', qualifications: [{ type: 'QT-SURVEY', rank: 2, validUntil: '2026-03-20' }] })
    await makeAgency(db, { name: '名录丙 甲级已过期', qualifications: [{ type: 'QT-SURVEY', rank: 1, validUntil: '2026-02-28' }] })
    await makeAgency(db, { name: '名录丙 环评甲级', qualifications: [{ type: 'QT-EIA', rank: 1, validUntil: '2027-12-31' }] })
    expect(names(await search({ q: '名录丙', qualification: 'QT-SURVEY', maxLevelRank: 1 }))).toEqual(['名录丙 甲级'])
    expect(names(await search({ q: '名录丙', qualification: 'QT-SURVEY', maxLevelRank: 2 }))).toEqual(['名录丙 乙级将到期', '名录丙 甲级'].sort())
    expect(names(await search({ q: '名录丙', qualification: 'QT-SURVEY' }))).toEqual(['名录丙 乙级将到期', '名录丙 甲级'].sort())
    expect(names(await search({ q: '名录丙', qualification: 'QT-EIA', maxLevelRank: 3 }))).toEqual(['名录丙 环评甲级'])
    const all = await search({ q: '名录丙' })
    const validity = Object.fromEntries(all.agencies.map((a) => [a.name, a.qualifications.map((q) => q.validity)]))
    expect(validity).toEqual({
      '名录丙 甲级': ['valid'],
      '名录丙 乙级将到期': ['expiring'],
      '名录丙 甲级已过期': ['expired'],
      '名录丙 环评甲级': ['valid'],
    })
    expect(all.agencies.find((a) => a.name === '名录丙 甲级')?.qualifications[0]).toMatchObject({
      type: { code: 'QT-SURVEY' },
      level: { rank: 1, nameZh: '甲级' },
      validUntil: '2027-12-31',
    })
  })

  it('filters by region (exact) and by public status; pending and rejected agencies are never listed', async () => {
    const db = await getDb()
    await makeAgency(db, { name: '名录丁 苏州', region: '苏州市' })
    await makeAgency(db, { name: '名录丁 苏州工业园区', region: '苏州市工业园区' })
    await makeAgency(db, { name: '名录丁 暂停', region: '苏州市', status: 'suspended' })
    await makeAgency(db, { name: '名录丁 退出', region: '苏州市', status: 'exited' })
    await makeAgency(db, { name: '名录丁 待审', region: '苏州市', status: 'pending' })
    await makeAgency(db, { name: '名录丁 未通过', region: '苏州市', status: 'rejected' })
    await createOrganisation(db, 'owner', { name: '名录丁 业主单位', region: '苏州市' })
    expect(names(await search({ q: '名录丁', region: '苏州市' }))).toEqual(['名录丁 苏州'])
    expect(names(await search({ q: '名录丁' }))).toEqual(['名录丁 苏州', '名录丁 苏州工业园区'].sort())
    expect(names(await search({ q: '名录丁', status: 'suspended' }))).toEqual(['名录丁 暂停'])
    expect(names(await search({ q: '名录丁', status: 'exited' }))).toEqual(['名录丁 退出'])
    // Whatever the query string says, pending/rejected stay out, and so do non-agencies.
    for (const qs of ['', '&status=pending', '&status=rejected', '&status=suspended', '&status=exited']) {
      const r = await callRoute(directoryRoute.loader, getRequest(`/agencies?q=${encodeURIComponent('名录丁')}${qs}`))
      expect(r.status).toBe(200)
      const listed: string[] = r.data.result.agencies.map((a: { name: string }) => a.name)
      expect(listed.filter((n) => /待审|未通过|业主/.test(n))).toEqual([])
    }
    const api = await callRoute(listApi.loader, getRequest('/api/v1/agencies?q=名录丁&status=pending'))
    expect(api.status).toBe(400)
    expect(api.data.error).toMatchObject({ code: 'invalid_parameter', parameter: 'status' })
    const page = await callRoute(directoryRoute.loader, getRequest('/agencies'))
    expect(page.data.options.regions).toContain('苏州市工业园区')
  })

  it('sorts by name or newest first', async () => {
    const db = await getDb()
    const base = Date.UTC(2025, 5, 1)
    await makeAgency(db, { name: '名录戊 B', createdAt: new Date(base + 3_000) })
    await makeAgency(db, { name: '名录戊 C', createdAt: new Date(base + 1_000) })
    await makeAgency(db, { name: '名录戊 A', createdAt: new Date(base + 2_000) })
    expect(ordered(await search({ q: '名录戊' }))).toEqual(['名录戊 A', '名录戊 B', '名录戊 C'])
    expect(ordered(await search({ q: '名录戊', sort: 'name' }))).toEqual(['名录戊 A', '名录戊 B', '名录戊 C'])
    expect(ordered(await search({ q: '名录戊', sort: 'newest' }))).toEqual(['名录戊 B', '名录戊 A', '名录戊 C'])
  })

  it('pages 20 at a time with the total, and the page links keep the filters', async () => {
    const db = await getDb()
    for (let i = 0; i < 45; i++) {
      await makeAgency(db, { name: `名录己 ${String(i).padStart(2, '0')}`, region: '泰州市', serviceTypes: ['ST-SURVEY'] })
    }
    const first = await search({ q: '名录己', page: 1 })
    expect([first.total, first.pageSize, first.pageCount, first.agencies.length]).toEqual([45, 20, 3, 20])
    const third = await search({ q: '名录己', page: 3 })
    expect(ordered(third)).toEqual(['名录己 40', '名录己 41', '名录己 42', '名录己 43', '名录己 44'])
    const beyond = await search({ q: '名录己', page: 4 })
    expect([beyond.total, beyond.agencies.length]).toEqual([45, 0])
    // No agency appears on two pages.
    const seen = new Set([...names(first), ...names(await search({ q: '名录己', page: 2 })), ...names(third)])
    expect(seen.size).toBe(45)

    const r = await callRoute(
      directoryRoute.loader,
      getRequest(`/agencies?q=${encodeURIComponent('名录己')}&serviceType=ST-SURVEY&region=${encodeURIComponent('泰州市')}&sort=name&page=2`),
    )
    expect(r.data.result).toMatchObject({ page: 2, total: 45, pageCount: 3 })
    const prev = new URL(r.data.pages.previous, 'http://x')
    const next = new URL(r.data.pages.next, 'http://x')
    expect(prev.pathname).toBe('/agencies')
    expect(Object.fromEntries(prev.searchParams)).toEqual({ q: '名录己', serviceType: 'ST-SURVEY', region: '泰州市' })
    expect(Object.fromEntries(next.searchParams)).toEqual({ q: '名录己', serviceType: 'ST-SURVEY', region: '泰州市', page: '3' })
    const last = await callRoute(directoryRoute.loader, getRequest(`/agencies?q=${encodeURIComponent('名录己')}&page=3`))
    expect(last.data.pages.next).toBeNull()
  })

  it('shows an empty result (not an error) for a search that matches nothing, and ignores unusable parameters', async () => {
    const r = await callRoute(directoryRoute.loader, getRequest('/agencies?q=zzzz-none&sort=random&page=-2'))
    expect(r.status).toBe(200)
    expect(r.data.result).toMatchObject({ total: 0, page: 1, agencies: [] })
    expect(r.data.filters).toEqual({ q: 'zzzz-none' })
  })
})

describe('agency profile', () => {
  it('shows the public details, qualifications with validity, masked practitioners, history and exits', async () => {
    const db = await getDb()
    const regulator = await createOrganisation(db, 'regulator', { name: '名录庚 主管部门' })
    const org = await makeAgency(db, {
      name: '名录庚 测绘院',
      nameEn: 'Mingluo Survey Institute',
      region: '南京市',
      status: 'suspended',
      serviceTypes: ['ST-SURVEY', 'ST-EIA'],
      profile: true,
      qualifications: [
        { type: 'QT-SURVEY', rank: 1, validUntil: '2028-01-01', certificateNo: '甲测资字 3200001' },
        { type: 'QT-EIA', rank: 2, validUntil: '2026-03-31' },
        { type: 'QT-EIA', rank: 3, validUntil: '2026-02-01' },
      ],
      practitioners: [{ name: '李四', certificateType: '注册测绘师', certificateNo: 'CHS-2019-000812' }],
    })
    await db.insert(agencyRegistryEvents).values([
      { organisationId: org.id, kind: 'rejected', reason: '材料不全（内部审核意见）', at: new Date('2025-05-01T02:00:00Z') },
      { organisationId: org.id, kind: 'approved', reason: null, at: new Date('2025-06-01T02:00:00Z') },
      { organisationId: org.id, kind: 'suspended', reason: '超期未出具报告', actorOrganisationId: regulator.id, at: new Date('2026-02-10T16:30:00Z') },
    ])
    const r = await callRoute(profileRoute.loader, getRequest(`/agencies/${org.id}`), { id: org.id })
    expect(r.status).toBe(200)
    const a = r.data.agency
    expect(a).toMatchObject({
      id: org.id,
      name: '名录庚 测绘院',
      nameEn: 'Mingluo Survey Institute',
      creditCode: org.creditCode,
      // The catalogue code of 南京市; the page names it in the reader's language.
      region: '320100',
      status: 'suspended',
      address: '南京市鼓楼区中山北路 1 号',
      legalRepresentative: '王五',
      contactPhone: '025-83001234',
      feeStandard: expect.stringContaining('下浮'),
      commitment: expect.stringContaining('一次性告知'),
    })
    expect(a.serviceTypes.map((s: { code: string }) => s.code)).toEqual(['ST-EIA', 'ST-SURVEY'])
    expect(a.qualifications.map((q: { type: { code: string }; validity: string }) => [q.type.code, q.validity])).toEqual([
      ['QT-EIA', 'expiring'],
      ['QT-EIA', 'expired'],
      ['QT-SURVEY', 'valid'],
    ])
    expect(a.qualifications[2]).toMatchObject({ certificateNo: '甲测资字 3200001', issuer: '江苏省自然资源厅', validFrom: '2024-01-01' })
    expect(a.practitioners).toEqual([{ name: '李四', certificateType: '注册测绘师', certificateNo: '***********0812' }])
    expect(JSON.stringify(r.data)).not.toContain('CHS-2019')
    // Newest first; the application rejection is not public.
    expect(a.registryHistory).toEqual([
      { kind: 'suspended', reason: '超期未出具报告', at: '2026-02-10T16:30:00.000Z' },
      { kind: 'approved', reason: null, at: '2025-06-01T02:00:00.000Z' },
    ])
    expect(a.exits).toEqual([])
    expect(JSON.stringify(r.data)).not.toMatch(/赵六|contactName/)
  })

  it('answers 404 for a bad id, an unknown id, a non-agency and a never-approved agency', async () => {
    const db = await getDb()
    const owner = await createOrganisation(db, 'owner', { name: '名录辛 业主' })
    const pending = await makeAgency(db, { name: '名录辛 待审', status: 'pending' })
    const rejected = await makeAgency(db, { name: '名录辛 未通过', status: 'rejected' })
    for (const id of ['not-a-uuid', "1' or '1'='1", '00000000-0000-4000-8000-000000000000', owner.id, pending.id, rejected.id]) {
      const page = await callRoute(profileRoute.loader, getRequest(`/agencies/${encodeURIComponent(id)}`), { id })
      expect(page.status, id).toBe(404)
      const api = await callRoute(profileApi.loader, getRequest(`/api/v1/agencies/${encodeURIComponent(id)}`), { id })
      expect(api.status, id).toBe(404)
      expect(api.data).toEqual({ error: { code: 'not_found', message: '找不到您要访问的页面或记录。' } })
    }
  })
})

describe('exit records', () => {
  it('lists every exit newest first, linked to the profile, a page at a time; the records cannot be changed', async () => {
    const db = await getDb()
    const made = []
    for (const [i, type, category] of [
      [1, 'voluntary', 'voluntary'],
      [2, 'forced', 'fraud'],
      [3, 'forced', 'qualification_revoked_or_expired'],
    ] as const) {
      const org = await makeAgency(db, { name: `名录壬 退出${i}`, status: 'exited' })
      const [exit] = await db
        .insert(agencyExits)
        .values({
          organisationId: org.id,
          type,
          category,
          reason: `退出原因 ${i}`,
          exitedOn: `2026-01-0${i}`,
          reentryFrom: type === 'forced' ? `2027-01-0${i}` : `2026-01-0${i}`,
          createdAt: new Date(`2026-01-0${i}T03:00:00Z`),
        })
        .returning()
      made.push({ org, exit })
    }
    const r = await callRoute(exitsRoute.loader, getRequest('/exits'))
    expect(r.status).toBe(200)
    expect(r.data.total).toBeGreaterThanOrEqual(3)
    const ours = r.data.exits.filter((x: { agencyName: string }) => x.agencyName.startsWith('名录壬'))
    expect(ours).toEqual([
      expect.objectContaining({ agencyName: '名录壬 退出3', organisationId: made[2].org.id, type: 'forced', category: 'qualification_revoked_or_expired', exitedOn: '2026-01-03', reentryFrom: '2027-01-03', reason: '退出原因 3' }),
      expect.objectContaining({ agencyName: '名录壬 退出2', type: 'forced', category: 'fraud' }),
      expect.objectContaining({ agencyName: '名录壬 退出1', type: 'voluntary', category: 'voluntary', reentryFrom: '2026-01-01' }),
    ])
    const dates: string[] = r.data.exits.map((x: { exitedOn: string }) => x.exitedOn)
    expect(dates).toEqual([...dates].sort().reverse())
    // The exited agency's profile shows its exit record.
    const profile = await callRoute(profileRoute.loader, getRequest(`/agencies/${made[1].org.id}`), { id: made[1].org.id })
    expect(profile.data.agency.exits).toEqual([
      { id: made[1].exit.id, type: 'forced', category: 'fraud', reason: '退出原因 2', exitedOn: '2026-01-02', reentryFrom: '2027-01-02' },
    ])
    // Immutable by trigger.
    await expect(db.update(agencyExits).set({ reason: 'x' }).where(sql`id = ${made[0].exit.id}`)).rejects.toThrow()
    await expect(db.delete(agencyExits).where(sql`id = ${made[0].exit.id}`)).rejects.toThrow()
  })

  it('pages the exit records', async () => {
    const db = await getDb()
    for (let i = 0; i < 22; i++) {
      const org = await makeAgency(db, { name: `名录癸 退出${i}`, status: 'exited' })
      await db.insert(agencyExits).values({
        organisationId: org.id,
        type: 'voluntary',
        category: 'voluntary',
        reason: '主动退出',
        exitedOn: '2025-12-01',
        reentryFrom: '2025-12-01',
        createdAt: new Date(Date.UTC(2025, 11, 1, 3, i)),
      })
    }
    const first = await callRoute(exitsRoute.loader, getRequest('/exits'))
    const total = first.data.total
    expect(total).toBeGreaterThanOrEqual(25)
    expect(first.data.exits).toHaveLength(20)
    expect(first.data.pages).toEqual({ previous: null, next: '/exits?page=2' })
    const second = await callRoute(exitsRoute.loader, getRequest('/exits?page=2'))
    expect(second.data.exits).toHaveLength(Math.min(20, total - 20))
    const ids = new Set([...first.data.exits, ...second.data.exits].map((x: { id: string }) => x.id))
    expect(ids.size).toBe(first.data.exits.length + second.data.exits.length)
  })
})

describe('JSON API', () => {
  it('GET /api/v1/agencies returns public fields with page, pageSize and total', async () => {
    const db = await getDb()
    await makeAgency(db, {
      name: '名录API 测绘',
      region: '无锡市',
      serviceTypes: ['ST-SURVEY'],
      profile: true,
      qualifications: [{ type: 'QT-SURVEY', rank: 2, validUntil: '2027-01-01' }],
      practitioners: [{ name: '周七', certificateType: '注册测绘师', certificateNo: 'SECRET-0001' }],
    })
    await makeAgency(db, { name: '名录API 环评', region: '无锡市', serviceTypes: ['ST-EIA'] })
    const r = await callRoute(listApi.loader, getRequest(`/api/v1/agencies?serviceType=ST-SURVEY&q=${encodeURIComponent('名录API')}&page=1`))
    expect(r.status).toBe(200)
    expect(r.headers.get('Content-Type')).toContain('application/json')
    expect(Object.keys(r.data).sort()).toEqual(['data', 'page', 'pageSize', 'total'])
    expect(r.data).toMatchObject({ page: 1, pageSize: 20, total: 1 })
    const [item] = r.data.data
    expect(Object.keys(item).sort()).toEqual(
      ['contactPhone', 'creditCode', 'id', 'name', 'nameEn', 'qualifications', 'region', 'regionCode', 'regionEn', 'serviceTypes', 'status'],
    )
    expect(item).toMatchObject({
      name: '名录API 测绘',
      region: '无锡市',
      regionEn: 'Wuxi',
      regionCode: '320200',
      status: 'active',
      contactPhone: '025-83001234',
      serviceTypes: [{ code: 'ST-SURVEY', nameZh: '服务ST-SURVEY', nameEn: 'Service ST-SURVEY' }],
      qualifications: [{ type: { code: 'QT-SURVEY' }, level: { rank: 2 }, validUntil: '2027-01-01', validity: 'valid' }],
    })
    const none = await callRoute(listApi.loader, getRequest(`/api/v1/agencies?q=${encodeURIComponent('名录API')}&page=2`))
    expect(none.data).toEqual({ data: [], page: 2, pageSize: 20, total: 2 })
    const bad = await callRoute(listApi.loader, getRequest('/api/v1/agencies?page=abc'))
    expect(bad.status).toBe(400)
    expect(bad.data.error).toMatchObject({ code: 'invalid_parameter', parameter: 'page' })
  })

  it('GET /api/v1/agencies/:id returns the public profile', async () => {
    const db = await getDb()
    const org = await makeAgency(db, {
      name: '名录API 档案',
      serviceTypes: ['ST-SAFETY'],
      profile: true,
      practitioners: [{ name: '吴八', certificateType: '安全评价师', certificateNo: 'AQPJ-778899' }],
    })
    const r = await callRoute(profileApi.loader, getRequest(`/api/v1/agencies/${org.id}`), { id: org.id })
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({
      id: org.id,
      name: '名录API 档案',
      creditCode: org.creditCode,
      status: 'active',
      contactPhone: '025-83001234',
      serviceTypes: [{ code: 'ST-SAFETY' }],
      practitioners: [{ name: '吴八', certificateType: '安全评价师', certificateNo: '*******8899' }],
      registryHistory: [],
      exits: [],
      ratings: { summary: { count: 0 }, ratings: [] },
      // Upheld complaints only (none here).
      complaints: [],
      // No credit event yet: the base score and its tier.
      credit: { score: 100, tier: 'A', eventCount: 0 },
    })
    expect(Object.keys(r.data).sort()).toEqual(
      [
        'address',
        'approvedAt',
        'blacklist',
        'commitment',
        'complaints',
        'contactPhone',
        'credit',
        'creditCode',
        'exits',
        'feeStandard',
        'id',
        'legalRepresentative',
        'name',
        'nameEn',
        'practitioners',
        'qualifications',
        'ratings',
        'region',
        'regionCode',
        'regionEn',
        'registryHistory',
        'serviceTypes',
        'status',
      ].sort(),
    )
  })
})

// ── Performance acceptance ───────────────────────────────────────────────────

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  Plans?: PlanNode[]
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)]
}

function planSummary(node: PlanNode, depth = 0): string[] {
  const on = node['Relation Name'] ? ` on ${node['Relation Name']}` : ''
  const using = node['Index Name'] ? ` using ${node['Index Name']}` : ''
  return [`${'  '.repeat(depth)}${node['Node Type']}${on}${using}`, ...(node.Plans ?? []).flatMap((c) => planSummary(c, depth + 1))]
}

/** EXPLAIN (FORMAT JSON) of a drizzle query exactly as it runs: its SQL text with its bound parameters. */
async function explain(db: Db, query: { toSQL(): { sql: string; params: unknown[] } }): Promise<PlanNode> {
  const { sql: text, params } = query.toSQL()
  // Both drivers' clients (pg Pool, PGlite) take (text, params) and return { rows }.
  const client = (db as unknown as { $client: { query(text: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }> } }).$client
  const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${text}`, params)
  const raw = rows[0]['QUERY PLAN']
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[]
  return parsed[0].Plan
}

const CITIES = ['南京', '苏州', '无锡', '常州', '镇江', '扬州', '泰州', '南通', '盐城', '淮安', '宿迁', '徐州', '连云港', '杭州', '宁波', '温州', '合肥', '芜湖', '上海', '济南']
const FIRMS = ['华测测绘', '金陵勘察', '绿源环评', '安信安评', '正衡造价', '天成设计', '诚信咨询', '长江检测', '汇通评估', '建安监理', '地信规划', '水木水保', '安泰职评', '地质灾害', '震安抗震']
const DISTRICTS = ['玄武区', '秦淮区', '鼓楼区', '建邺区', '栖霞区', '雨花台区', '江宁区', '浦口区', '六合区', '溧水区']

describe('performance acceptance', () => {
  it('a filtered search (q + service type, by name) over 5,000 agencies uses no Seq Scan on organisations', { timeout: 180_000 }, async () => {
    const db = await getDb()
    const kind = (await getDatabase()).kind
    const bulkTypes = Array.from({ length: 12 }, (_, i) => catalogue.serviceTypes[`ST-BULK-${i}`])
    const statuses: Status[] = ['active', 'active', 'active', 'active', 'active', 'active', 'active', 'suspended', 'exited', 'pending']
    // What the seed holds, to check the search's answer independently.
    const seeded: { name: string; status: Status; types: string[] }[] = []
    const started = Date.now()
    for (let batch = 0; batch < 5; batch++) {
      const rows = Array.from({ length: 1000 }, (_, i) => {
        const n = batch * 1000 + i
        const city = CITIES[n % CITIES.length]
        return {
          kind: 'agency' as const,
          // 20 × 15 = 300 distinct names; 20 × 10 = 200 distinct regions.
          name: `${city}${FIRMS[Math.floor(n / CITIES.length) % FIRMS.length]}有限公司`,
          creditCode: uniqueCreditCode(),
          regionLegacy: `${city}市${DISTRICTS[Math.floor(n / 7) % DISTRICTS.length]}`,
          status: statuses[n % statuses.length],
          createdAt: new Date(Date.UTC(2020, 0, 1) + n * 3_600_000),
        }
      })
      // One multi-row INSERT per table per batch of 1,000.
      const inserted = await db.insert(organisations).values(rows).returning({ id: organisations.id })
      const links = inserted.flatMap((o, i) => {
        const n = batch * 1000 + i
        const types = [...new Set(Array.from({ length: 1 + (n % 3) }, (_, j) => bulkTypes[(Math.floor(n / 3) * 5 + j * 7) % bulkTypes.length]))]
        seeded.push({ name: rows[i].name, status: rows[i].status, types })
        return types.map((serviceTypeId) => ({ organisationId: o.id, serviceTypeId }))
      })
      await db.insert(agencyServiceTypes).values(links)
    }
    console.log(`[${kind}] seeded 5,000 agencies in ${Date.now() - started} ms`)
    await db.execute(sql`ANALYZE`)

    const filters: DirectoryFilters = { q: '苏州华测', serviceType: 'ST-BULK-3', sort: 'name' }
    const expected = seeded.filter((s) => s.status === 'active' && s.name.includes('苏州华测') && s.types.includes(catalogue.serviceTypes['ST-BULK-3']))
    const result = await searchAgencies(db, filters)
    expect(result.total).toBe(expected.length)
    expect(result.total).toBeGreaterThan(0) // 17 agencies carry the name, 6 of them offer ST-BULK-3
    expect(result.agencies.every((a) => a.name === '苏州华测测绘有限公司' && a.serviceTypes.some((s) => s.code === 'ST-BULK-3'))).toBe(true)

    const { rows, total } = await directorySearchQueries(db, filters)
    console.log(`[${kind}] searchAgencies SQL:\n${rows.toSQL().sql}\n${total.toSQL().sql}`)
    // organisations_name_trgm is built WITH (fastupdate = off) (migration 0004): a bulk load goes
    // straight into the index instead of a pending list the planner would price as a full read,
    // so plain ANALYZE is enough for the planner to use it.

    for (const [label, query] of [
      ['page', rows],
      ['total', total],
    ] as const) {
      const plan = await explain(db, query)
      console.log(`[${kind}] ${label} query plan:\n${planSummary(plan).join('\n')}`)
      const seqScans = planNodes(plan).filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'organisations')
      expect(seqScans, `${label} query on ${kind}:\n${planSummary(plan).join('\n')}`).toEqual([])
    }

    // The unfiltered pages walk the (kind, status, name) and (kind, status, created_at) indexes in
    // order and stop after 20 rows. (Their totals count most of the table, where a Seq Scan is right.)
    for (const [label, other, index] of [
      ['default listing', {}, 'organisations_kind_status_name'],
      ['newest first', { sort: 'newest' }, 'organisations_kind_status_created'],
    ] as const) {
      const plan = await explain(db, (await directorySearchQueries(db, other)).rows)
      console.log(`[${kind}] ${label} page query plan:\n${planSummary(plan).join('\n')}`)
      expect(planNodes(plan).map((n) => n['Index Name'])).toContain(index)
    }
  })
})
