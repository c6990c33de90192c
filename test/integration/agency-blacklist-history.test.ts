/**
 * The public keeps the whole history (issue 14 §3): the agency's profile (`/agencies/:id`) and
 * `GET /api/v1/agencies/:id` list every blacklist entry of that agency — in force, expired,
 * lifted, appealed — with scope (service-type names), dates, reason and legal basis; another
 * agency's entries never appear, the appeal's own text never leaves the agency and the admin office.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import {
  agencyBlacklistHistory,
  decideAppeal,
  expireDueEntries,
  fileAppeal,
  liftEntry,
  listAgency,
} from '~/domain/blacklist/blacklist.server'
import type { ListingInput } from '~/domain/blacklist/schemas'
import { resetClock } from '~/domain/now'
import * as profileRoute from '~/routes/_public+/agencies.$id'
import * as apiRoute from '~/routes/api+/v1.agencies.$id'
import { renderPage } from '#test/support/render-route'
import { callRoute, getRequest } from '#test/support/routes'
import { at, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'

type K = 'a' | 'b' | 'c'
let m: Marketplace<K>

beforeAll(async () => {
  m = await setupMarketplace(await getDb(), { agencies: ['a', 'b', 'c'], tag: 'HI' })
})
afterEach(() => resetClock())

const listing = (key: K, over: Partial<ListingInput> = {}): ListingInput => ({
  agencyId: m.agencies[key].organisationId,
  reason: '提交虚假材料，情节严重',
  legalBasis: '《中介服务管理办法》第二十条',
  scope: 'service_types',
  serviceTypeIds: [m.serviceTypeId],
  endsOn: undefined,
  permanent: false,
  confirm: 'yes',
  ...over,
})

describe("an agency's blacklist history on its profile and in the API", () => {
  it('lists every entry of that agency with scope, dates, reason and legal basis; nothing of another agency', async () => {
    const db = await getDb()
    const a = m.agencies.a.organisationId
    at(shanghaiNoon('2026-03-02'))
    const expiring = await listAgency(
      db,
      m.regulator.user,
      listing('a', { endsOn: '2026-03-03', reason: '逾期未交付成果，影响审批' }),
    )
    const lifted = await listAgency(
      db,
      m.regulator.user,
      listing('a', { scope: 'all', serviceTypeIds: [], reason: '违规转包业务，情节较轻' }),
    )
    await liftEntry(db, m.regulator.user, lifted.entryId, { reason: '已整改完毕，提前移出' })
    const appealed = await listAgency(
      db,
      m.regulator.user,
      listing('a', { permanent: true, reason: '出具虚假报告，后果严重' }),
    )
    await fileAppeal(db, m.agencies.a.user, appealed.entryId, { text: '本机构的内部说明，不应公开' })
    await decideAppeal(db, m.admin.user, appealed.entryId, { decision: 'rejected', reasons: '证据确凿，维持原决定' })
    await listAgency(db, m.regulator.user, listing('b', { reason: '另一机构的违规记录' }))
    at(shanghaiNoon('2026-03-05'))
    expect(await expireDueEntries(db, '2026-03-05')).toBe(1)

    const history = await agencyBlacklistHistory(db, a)
    expect(history.map((e) => [e.id, e.status, e.appealStatus])).toEqual(
      expect.arrayContaining([
        [expiring.entryId, 'expired', 'not_filed'],
        [lifted.entryId, 'lifted', 'not_filed'],
        [appealed.entryId, 'in_force', 'rejected'],
      ]),
    )
    expect(history).toHaveLength(3)
    expect(history.find((e) => e.id === expiring.entryId)).toMatchObject({
      agency: { id: a },
      reason: '逾期未交付成果，影响审批',
      legalBasis: '《中介服务管理办法》第二十条',
      scope: 'service_types',
      serviceTypes: [{ id: m.serviceTypeId, nameZh: '环境影响评价HI', nameEn: 'Environmental impact assessmentHI' }],
      startsOn: '2026-03-02',
      endsOn: '2026-03-03',
    })
    expect(history.find((e) => e.id === lifted.entryId)).toMatchObject({
      scope: 'all',
      serviceTypes: [],
      liftReason: '已整改完毕，提前移出',
    })
    expect(history.find((e) => e.id === appealed.entryId)).toMatchObject({
      endsOn: null,
      appealReasons: '证据确凿，维持原决定',
    })

    const page = await callRoute(profileRoute.loader, getRequest(`/agencies/${a}`), { id: a })
    const api = await callRoute(apiRoute.loader, getRequest(`/api/v1/agencies/${a}`), { id: a })
    expect(page.status).toBe(200)
    expect(api.status).toBe(200)
    for (const shown of [(page.data as any).blacklist, (api.data as any).blacklist]) {
      expect(shown).toEqual(JSON.parse(JSON.stringify(history)))
      expect(JSON.stringify(shown)).not.toContain('另一机构')
      expect(JSON.stringify(shown)).not.toContain('内部说明')
    }

    const zh = await renderPage(profileRoute, `/agencies/${a}`, { id: a }, 'zh-CN')
    expect(zh).toContain('黑名单记录')
    for (const text of [
      '逾期未交付成果，影响审批',
      '违规转包业务，情节较轻',
      '出具虚假报告，后果严重',
      '已整改完毕，提前移出',
      '永久',
      '全部服务事项',
    ])
      expect(zh).toContain(text)
    expect(zh).not.toContain('另一机构的违规记录')
    const en = await renderPage(profileRoute, `/agencies/${a}`, { id: a }, 'en')
    expect(en).toContain('Blacklist record')
    expect(en).toContain('Environmental impact assessmentHI')
  })

  it('an agency never listed says so', async () => {
    const c = m.agencies.c.organisationId
    const api = await callRoute(apiRoute.loader, getRequest(`/api/v1/agencies/${c}`), { id: c })
    expect((api.data as any).blacklist).toEqual([])
    expect(await renderPage(profileRoute, `/agencies/${c}`, { id: c }, 'en')).toContain('No blacklist entries.')
  })
})
