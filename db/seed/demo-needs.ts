/**
 * Demo needs, made through the real domain functions with the injectable clock moved back in
 * time: a random-draw need published six weeks ago whose publicity has ended (awarded by the timed
 * work), one published three weeks ago, bid on by three agencies and drawn by the timed work
 * today (in publicity, so /draws/:id verifies), a lowest-price need with a single bid (failed,
 * 流标), a direct-selection need awaiting the owner's pick, an objection pending on the need in
 * publicity, an open need taking bids, a need the owner cancelled with a reason, and a draft.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '../client.server'
import { approvalItems, bids, selectionRounds, serviceTypes, users } from '../schema'
import { activeClock, fixedClock, now, setClock } from '~/domain/now'
import { addCalendarDays, shanghaiDate } from '~/domain/dates'
import { submitBid } from '~/domain/bidding/bids.server'
import { cancelNeed, createProject, publishNeed, saveNeedDraft } from '~/domain/needs/needs.server'
import { fileObjection } from '~/domain/publicity/objections.server'
import { NeedDraftSchema, ProjectSchema } from '~/domain/needs/schemas'
import { tick } from '~/domain/timed-work/tick.server'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { CalendarRangeError } from '~/domain/calendar/working-days'
import { loadSessionUser } from '~/utils/auth.server'

async function userOf(db: Db, email: string) {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
  if (!u) throw new Error(`demo needs: no user ${email}`)
  return loadSessionUser(db, u.id)
}

async function idOf(db: Db, table: typeof serviceTypes | typeof approvalItems, code: string) {
  const [row] = await db.select({ id: table.id }).from(table).where(eq(table.code, code))
  if (!row) throw new Error(`demo needs: no ${code}`)
  return row.id
}

/**
 * Needs depend on the working-day calendar, which runs provisionally ten years past the last
 * official year (docs/decisions/004), so the demo windows are computable near a year's end too.
 * Only a date past even that range skips the demo needs (with a warning); any other error fails
 * the seed instead of leaving it silently without needs.
 */
export async function seedDemoNeeds(db: Db) {
  // Put back the clock it found (a test's fixed clock, the test controls' moved one), not real time.
  const clock = activeClock()
  try {
    await createDemoNeeds(db)
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error
    console.warn(`Demo needs skipped: ${error.message}`)
  } finally {
    setClock(clock)
  }
}

async function createDemoNeeds(db: Db) {
  const calendar = await getCalendar(db)
  const today = shanghaiDate(now())
  const publishedOn = addCalendarDays(today, -21)
  const owner1 = await userOf(db, 'owner1@demo.example')
  const owner2 = await userOf(db, 'owner2@demo.example')
  const eiaForm = await idOf(db, serviceTypes, 'ST-EIA-FORM')
  const eiaFormApproval = await idOf(db, approvalItems, 'AI-EIA-FORM')
  const socialRisk = await idOf(db, serviceTypes, 'ST-SOCIAL-RISK')
  const govFeasibilityApproval = await idOf(db, approvalItems, 'AI-GOV-FS')
  const real = now()
  {
    // Six weeks ago: owner 1 registers its project.
    setClock(fixedClock(`${addCalendarDays(today, -42)}T02:00:00Z`))
    const project = await createProject(
      db,
      owner1,
      ProjectSchema.parse({
        name: '年产 2 万吨高性能复合材料项目',
        projectCode: '2026-320982-29-03-514207',
        location: '江苏省盐城市大丰区经济开发区',
        industry: '新材料制造',
        totalInvestment: '380000000',
      }),
    )
    // Twelve working days ago: a random-draw need, bid on the next working day, drawn once the window has
    // closed; the timed work awards it the working day after its publicity ends.
    // Published 12 working days ago, so the award falls 2 working days ago and its contract is
    // still within the signing deadline (awaiting signatures), not lapsed.
    let awardedOn = today
    for (let left = 12; left > 0; ) {
      awardedOn = addCalendarDays(awardedOn, -1)
      if (calendar.isWorkingDay(awardedOn)) left -= 1
    }
    setClock(fixedClock(`${awardedOn}T02:00:00Z`))
    const awarded = await saveNeedDraft(
      db,
      owner1,
      NeedDraftSchema.parse({
        projectId: project.id,
        serviceTypeId: eiaForm,
        approvalItemId: eiaFormApproval,
        title: '复合材料项目一期厂房环境影响报告表编制',
        scope: '一期厂房及配套设施环境影响报告表编制，配合审批部门技术审查。',
        priceCeiling: '80000',
        serviceDays: '12',
        method: 'random',
        registrationClosesOn: calendar.addWorkingDays(awardedOn, 5),
      }),
    )
    await publishNeed(db, owner1, awarded)
    setClock(fixedClock(`${calendar.addWorkingDays(awardedOn, 1)}T03:00:00Z`))
    await bidThree(db, awarded)
    const selectedOn = calendar.addWorkingDays(awardedOn, 6)
    setClock(fixedClock(`${selectedOn}T03:00:00Z`))
    await tick(db)
    setClock(fixedClock(`${calendar.addWorkingDays(selectedOn, 4)}T03:00:00Z`))
    await tick(db)

    // Three weeks ago: a random-draw need, drawn today.
    setClock(fixedClock(`${publishedOn}T02:00:00Z`))
    const drawn = await saveNeedDraft(
      db,
      owner1,
      NeedDraftSchema.parse({
        projectId: project.id,
        serviceTypeId: eiaForm,
        approvalItemId: eiaFormApproval,
        title: '年产 2 万吨复合材料项目环境影响报告表编制',
        scope: '按《建设项目环境影响报告表》格式编制报告表，含现场踏勘、监测数据收集与分析、污染防治措施论证，配合审批部门技术审查与修改。',
        priceCeiling: '80000',
        serviceDays: '12',
        method: 'random',
        registrationClosesOn: calendar.addWorkingDays(publishedOn, 5),
      }),
    )
    await publishNeed(db, owner1, drawn)
    // The same day: a lowest-price need that will draw a single bid (too few valid bids → 流标).
    const single = await saveNeedDraft(
      db,
      owner1,
      NeedDraftSchema.parse({
        projectId: project.id,
        serviceTypeId: eiaForm,
        approvalItemId: eiaFormApproval,
        title: '复合材料项目配套危废暂存库环境影响报告表编制',
        scope: '危险废物暂存库环境影响报告表编制，含选址合理性分析与环境风险防范措施。',
        priceCeiling: '40000',
        serviceDays: '10',
        method: 'lowest_price',
        registrationClosesOn: calendar.addWorkingDays(publishedOn, 5),
      }),
    )
    await publishNeed(db, owner1, single)
    // And a direct-selection need (ceiling under the threshold): one bid, the owner picks.
    const direct = await saveNeedDraft(
      db,
      owner1,
      NeedDraftSchema.parse({
        projectId: project.id,
        serviceTypeId: eiaForm,
        approvalItemId: eiaFormApproval,
        title: '复合材料项目雨污分流改造环境影响报告表编制',
        scope: '厂区雨污分流改造工程环境影响报告表编制。',
        priceCeiling: '50000',
        serviceDays: '10',
        method: 'direct',
        registrationClosesOn: calendar.addWorkingDays(publishedOn, 5),
      }),
    )
    await publishNeed(db, owner1, direct)
    setClock(fixedClock(`${calendar.addWorkingDays(publishedOn, 1)}T03:00:00Z`))
    await bidThree(db, drawn)
    await submitBid(db, await userOf(db, 'lvyuan@demo.example'), single, {
      quoteFen: 3_600_000,
      committedDays: 9,
      note: '',
      team: '',
    })
    await submitBid(db, await userOf(db, 'huanke@demo.example'), direct, {
      quoteFen: 4_600_000,
      committedDays: 9,
      note: '',
      team: '',
    })
    // Today: the timed work closes the window and draws the winner (publicity follows).
    setClock(fixedClock(real))
    await tick(db)
    // A bidder that was not drawn objects to the result during publicity (pending the regulator).
    const [winner] = await db
      .select({ organisationId: bids.agencyOrganisationId })
      .from(selectionRounds)
      .innerJoin(bids, eq(bids.id, selectionRounds.chosenBidId))
      .where(and(eq(selectionRounds.needId, drawn), eq(selectionRounds.round, 1)))
    for (const email of ['huanke@demo.example', 'lvyuan@demo.example']) {
      const objector = await userOf(db, email)
      if (objector.organisationId === winner?.organisationId) continue
      await fileObjection(db, objector, drawn, {
        reason: '中选机构的报价明细与现场踏勘记录不符，请求复核其报名材料的真实性。',
      })
      break
    }

    // Owner 2: an open need taking bids, and a draft.
    const project2 = await createProject(
      db,
      owner2,
      ProjectSchema.parse({
        name: '盐城市城南新区综合管廊二期工程',
        projectCode: '2026-320902-48-01-337615',
        location: '江苏省盐城市亭湖区城南新区',
        industry: '市政基础设施',
        totalInvestment: '1260000000',
      }),
    )
    const open = await saveNeedDraft(
      db,
      owner2,
      NeedDraftSchema.parse({
        projectId: project2.id,
        serviceTypeId: eiaForm,
        approvalItemId: eiaFormApproval,
        title: '综合管廊二期工程环境影响报告表编制',
        scope: '编制环境影响报告表并配合技术审查；施工期噪声与扬尘影响专项分析。',
        priceCeiling: '95000',
        serviceDays: '12',
        method: 'lowest_price',
        registrationClosesOn: calendar.addWorkingDays(today, 5),
      }),
    )
    await publishNeed(db, owner2, open)
    const cancelled = await saveNeedDraft(
      db,
      owner2,
      NeedDraftSchema.parse({
        projectId: project2.id,
        serviceTypeId: eiaForm,
        approvalItemId: eiaFormApproval,
        title: '综合管廊二期工程临时施工便道环境影响报告表编制',
        scope: '临时施工便道环境影响报告表编制。',
        priceCeiling: '30000',
        serviceDays: '10',
        method: 'lowest_price',
        registrationClosesOn: calendar.addWorkingDays(today, 5),
      }),
    )
    await publishNeed(db, owner2, cancelled)
    await cancelNeed(db, owner2, cancelled, '施工方案调整，临时便道并入主体工程环评，本需求不再需要。')
    await saveNeedDraft(
      db,
      owner2,
      NeedDraftSchema.parse({
        projectId: project2.id,
        serviceTypeId: socialRisk,
        approvalItemId: govFeasibilityApproval,
        title: '综合管廊二期工程社会稳定风险评估（草稿）',
        scope: '待补充',
        priceCeiling: '60000',
        serviceDays: '10',
        method: 'random',
        registrationClosesOn: calendar.addWorkingDays(today, 8),
      }),
    )
  }
}

/** Three demo agencies eligible for EIA forms bid on `needId`. */
async function bidThree(db: Db, needId: string) {
  for (const [email, quote, days] of [
    ['huanke@demo.example', 7_200_000, 10],
    ['lvyuan@demo.example', 6_800_000, 12],
    ['shuibao@demo.example', 7_500_000, 11],
  ] as const) {
    await submitBid(db, await userOf(db, email), needId, { quoteFen: quote, committedDays: days, note: '', team: '' })
  }
}
