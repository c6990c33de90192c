import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { users } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { recordAudit, systemActor } from '~/utils/audit.server'
import * as adminIndex from '~/routes/admin+/index'
import { callRoute, getRequest, sessionCookie } from '#test/support/routes'

// Issue 12: the admin overview showed raw audit keys (need.failed, bid.submitted) and entity codes.
let cookie: string
let adminId: string

beforeAll(async () => {
  const db = await getDb()
  const admin = await createAccount(db, 'platform')
  adminId = admin.user.id
  cookie = await sessionCookie(admin.user.id)
  await db.transaction(async (tx) => {
    for (const [action, entityType] of [
      ['need.failed', 'need'],
      ['bid.submitted', 'bid'],
      ['agency.application.approved', 'agency_application'],
      ['something.unheard_of', 'mystery_table'],
    ] as const) {
      await recordAudit(tx, { actor: systemActor, action, entityType, entityId: '00000000-0000-0000-0000-000000000000', payload: {} })
    }
  })
})

type Overview = { events: { action: string; actionName: string; entityType: string; entityName: string }[] }

// A signed-in reader's language is the one saved on the account (the root loader and every loader
// agree, see root-locale.test.ts); the browser's Accept-Language says the same here.
async function names(lng: 'en' | 'zh-CN') {
  await (await getDb()).update(users).set({ locale: lng }).where(eq(users.id, adminId))
  const r = await callRoute<Overview>(adminIndex.loader, getRequest('/admin', { cookie, headers: { 'Accept-Language': lng } }))
  expect(r.status).toBe(200)
  return Object.fromEntries(r.data.events.map((e) => [e.action, [e.actionName, e.entityName]]))
}

describe('admin overview names audit events in the reader’s language', () => {
  it('English', async () => {
    const n = await names('en')
    expect(n['need.failed']).toEqual(['Need failed (no valid selection)', 'Need'])
    expect(n['bid.submitted']).toEqual(['Bid submitted', 'Bid'])
    expect(n['agency.application.approved']).toEqual(['Entry application approved', 'Entry application'])
  })

  it('Chinese', async () => {
    const n = await names('zh-CN')
    expect(n['need.failed']).toEqual(['流标', '需求'])
    expect(n['bid.submitted']).toEqual(['提交报价', '报价'])
  })

  it('an event with no name yet shows its raw key', async () => {
    const n = await names('en')
    expect(n['something.unheard_of']).toEqual(['something.unheard_of', 'mystery_table'])
  })
})
