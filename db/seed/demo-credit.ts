/**
 * Demo ratings, credit and blacklist (issue 14 §7), made through the app's real functions with the
 * injectable clock moved, right after the demo contracts (db/seed/demo-contracts.ts):
 * - ratings: the owner rates the accepted contracts within its window (`rateAsOwner`), the agency
 *   replies (`replyToRating`), the supervising department rates the contract whose approval was
 *   decided (`rateAsDepartment`); each rating adds its credit event;
 * - the blacklist: an entry that ran out (its appeal rejected by the admin office, then expired by
 *   the timed work's `expireDueEntries` the day after its end), one lifted early by the regulator
 *   with a reason, one lifted because the admin office upheld the appeal, and one in force on
 *   geohazard assessments with its appeal pending — that agency's bid on the open geohazard need
 *   published today is refused with the reason `blacklisted`.
 * Together with the contracts' own events (overdue days, the 10-day violation, the lapse, the
 * termination at fault) this puts demo agencies in tiers A, B, C and D (see `demoCreditTiers`).
 *
 * The work is a list of steps, each a set of stories run in time order (`runChronologically`), so a
 * later round adds a step (a regulator-recorded violation, a complaint, a repair) without touching
 * the others. Nothing here writes a table directly: every row comes from a domain function.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../client.server'
import {
  approvalItems,
  contractClockEvents,
  contracts,
  needs,
  organisations,
  projects,
  qualificationTypes,
  serviceTypes,
  users,
} from '../schema'
import { activeClock, fixedClock, now, setClock } from '~/domain/now'
import { addCalendarDays, shanghaiDate, type CalendarDate } from '~/domain/dates'
import type { WorkingDayCalendar } from '~/domain/calendar/types'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { rateAsDepartment, rateAsOwner, replyToRating } from '~/domain/ratings/ratings.server'
import { DepartmentRatingSchema, OwnerRatingSchema, RatingReplySchema } from '~/domain/ratings/ratings'
import { decideAppeal, expireDueEntries, fileAppeal, liftEntry, listAgency } from '~/domain/blacklist/blacklist.server'
import { AppealDecisionSchema, AppealSchema, LiftSchema, ListingSchema } from '~/domain/blacklist/schemas'
import { creditStandings } from '~/domain/credit/standings.server'
import { publishNeed, saveNeedDraft } from '~/domain/needs/needs.server'
import { NeedDraftSchema } from '~/domain/needs/schemas'
import type { CreditTier } from '~/domain/credit/credit'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'
import { runChronologically, type Story } from './chronological'
import { demoContractScenarios, workingDaysBefore } from './demo-contracts'

/** The tier each demo agency ends in, and why (the test checks every one; the README names them). */
export const demoCreditTiers: Readonly<Record<string, CreditTier>> = {
  // Two good ratings against one or two overdue days on the contract in service (red).
  'huanke@demo.example': 'A',
  // A report delivered 13 working days past C (−10 overdue days, −10 violation) rated low; a good contract rated well by both raters.
  'lvyuan@demo.example': 'B',
  // A contract it never signed (−5); one 14 working days past C (−10, −10) terminated at its fault (−10).
  'shuibao@demo.example': 'C',
  // A survey delivered 13 working days past C (−10, −10) rated very low; another 14 days past C (−10, −10) terminated at its fault (−10).
  'cehui@demo.example': 'D',
  // No events: the base.
  'dizhi@demo.example': 'A',
  'anping@demo.example': 'A',
  'zaojia@demo.example': 'A',
}

/** The agency listed in force on geohazard assessments, and the open need in scope it may try to bid on (published by the blacklist step). */
export const demoBlacklisted = {
  email: 'dizhi@demo.example',
  serviceTypeCode: 'ST-GEOHAZARD',
  openNeedTitle: '复合材料项目用地地质灾害危险性评估',
} as const

/** What the seed made (the summary line), and the notes it adds to the printed demo logins. */
export interface DemoCreditSeeded {
  ownerRatings: number
  replies: number
  departmentRatings: number
  blacklist: { inForce: number; expired: number; lifted: number; appealsPending: number; appealsDecided: number }
  /** How many demo agencies are in each tier now. */
  tiers: Record<CreditTier, number>
  /** Rating steps left out (no accepted contract: payments not configured). */
  skipped: number
  notes: Map<string, string>
}

interface Ctx {
  db: Db
  calendar: WorkingDayCalendar
  today: CalendarDate
  real: Date
  user(email: string): Promise<SessionUser>
  serviceTypeId(code: string): Promise<string>
  seeded: DemoCreditSeeded
}

type At = (date: CalendarDate, hour?: number) => Promise<void>
/** A step: the stories it tells (each awaits `at(date)` before what happens that day). */
type Step = (ctx: Ctx) => Promise<((at: At) => Promise<void>)[]>

/**
 * Seeds the demo ratings, credit and blacklist on freshly seeded demo data and demo contracts;
 * puts the clock it found back whatever happens.
 */
export async function seedDemoCredit(db: Db): Promise<DemoCreditSeeded> {
  const clock = activeClock()
  try {
    return await createDemoCredit(db)
  } finally {
    setClock(clock)
  }
}

/** The steps in order; a later round appends its own. */
const steps: Step[] = [ratingsStep, blacklistStep]

async function createDemoCredit(db: Db): Promise<DemoCreditSeeded> {
  const clock = activeClock()
  const real = now()
  const seeded: DemoCreditSeeded = {
    ownerRatings: 0,
    replies: 0,
    departmentRatings: 0,
    blacklist: { inForce: 0, expired: 0, lifted: 0, appealsPending: 0, appealsDecided: 0 },
    tiers: { A: 0, B: 0, C: 0, D: 0 },
    skipped: 0,
    notes: new Map(),
  }
  const ctx: Ctx = {
    db,
    calendar: await getCalendar(db),
    today: shanghaiDate(real),
    real,
    async user(email) {
      const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
      if (!u) throw new Error(`demo credit: no user ${email}`)
      return loadSessionUser(db, u.id)
    },
    async serviceTypeId(code) {
      const [row] = await db.select({ id: serviceTypes.id }).from(serviceTypes).where(eq(serviceTypes.code, code))
      if (!row) throw new Error(`demo credit: no service type ${code}`)
      return row.id
    },
    seeded,
  }
  // At `hour` UTC on `date` (Shanghai 8 hours ahead), never later than the real now.
  const time = (date: CalendarDate, hour = 3) => {
    const t = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`)
    return t.getTime() > real.getTime() ? real : t
  }
  const stories: Story[] = []
  for (const step of steps) {
    for (const story of await step(ctx)) stories.push((timeline) => story((date, hour) => timeline(time(date, hour))))
  }
  await runChronologically(stories, (at) => setClock(fixedClock(at)))
  setClock(clock)

  const agencies = await db
    .select({ id: organisations.id, email: users.email })
    .from(organisations)
    .innerJoin(users, eq(users.organisationId, organisations.id))
    .where(eq(organisations.kind, 'agency'))
  const standings = await creditStandings(
    db,
    agencies.filter((a) => a.email in demoCreditTiers).map((a) => a.id),
  )
  for (const s of standings.values()) seeded.tiers[s.tier] += 1
  return seeded
}

/** The agency's contract of a demo contract scenario (by its step), or undefined when it was not made. */
async function contractOf(db: Db, step: (typeof demoContractScenarios)[number]['step'], agencyId: string) {
  const titles = demoContractScenarios.filter((s) => s.step === step).map((s) => s.title)
  if (titles.length === 0) throw new Error(`demo credit: no contract scenario ${step}`)
  const [row] = await db
    .select({ id: contracts.id, acceptedAt: contracts.acceptedAt })
    .from(contracts)
    .innerJoin(needs, eq(needs.id, contracts.needId))
    .where(and(inArray(needs.title, titles), eq(contracts.agencyOrganisationId, agencyId)))
  if (!row) return undefined
  const [decided] = await db
    .select({ onDate: contractClockEvents.onDate })
    .from(contractClockEvents)
    .where(and(eq(contractClockEvents.contractId, row.id), eq(contractClockEvents.type, 'approval_decided')))
  return { ...row, approvalDecidedOn: decided?.onDate ?? null }
}

// ── Ratings ──────────────────────────────────────────────────────────────────

interface RatingPlan {
  contract: 'accepted' | 'decided' | 'acceptedLate'
  agency: string
  owner: { quality: string; timeliness: string; attitude: string; fee: string; comment: string }
  reply: string
  department?: { reportQuality: string; reportTimeliness: string; comment: string }
}

const ratingPlans: RatingPlan[] = [
  {
    contract: 'accepted',
    agency: 'huanke@demo.example',
    owner: {
      quality: '5',
      timeliness: '4',
      attitude: '5',
      fee: '5',
      comment: '报告编制规范，敏感点补充监测响应及时；退改一次后按期通过验收。',
    },
    reply: '感谢业主的认可。补充监测的数据与结论已归档，后续审批阶段如需配合请随时联系。',
  },
  {
    contract: 'decided',
    agency: 'lvyuan@demo.example',
    owner: {
      quality: '4',
      timeliness: '4',
      attitude: '5',
      fee: '4',
      comment: '沟通顺畅，现场踏勘细致；补充监测稍有延后，总体满意。',
    },
    reply: '感谢评价。补充监测受天气影响延后两天，我们已把监测排期前移，避免再次发生。',
    department: { reportQuality: '5', reportTimeliness: '4', comment: '报告结论明确，技术审查一次通过，审批未作退回。' },
  },
  {
    contract: 'acceptedLate',
    agency: 'lvyuan@demo.example',
    owner: {
      quality: '3',
      timeliness: '1',
      attitude: '2',
      fee: '3',
      comment: '报告质量尚可，但超出承诺时限 13 个工作日才提交，期间多次催办无明确答复。',
    },
    reply: '超期系现场监测单位排期延误所致，我们对此致歉，已调整项目管理流程并指定专人跟进。',
  },
  {
    contract: 'acceptedLate',
    agency: 'cehui@demo.example',
    owner: {
      quality: '2',
      timeliness: '1',
      attitude: '2',
      fee: '1',
      comment: '成果超期 13 个工作日才交付，界址点成果表有两处笔误需自行核对；按原报价结算，性价比低。',
    },
    reply: '外业期间仪器送检延误，我院对超期和笔误致歉，已出具更正页并加强成果自检。',
  },
]

/** The owner rates each accepted contract the working day after acceptance; the agency replies the next; the department rates the working day after the approval decision. */
async function ratingsStep(ctx: Ctx) {
  const { db, calendar } = ctx
  const owner = await ctx.user('owner1@demo.example')
  const department = await ctx.user('ee@demo.example')
  const stories: ((at: At) => Promise<void>)[] = []
  for (const plan of ratingPlans) {
    const agency = await ctx.user(plan.agency)
    const contract = await contractOf(db, plan.contract, agency.organisationId)
    if (!contract?.acceptedAt) {
      ctx.seeded.skipped += 1
      continue
    }
    const acceptedOn = shanghaiDate(contract.acceptedAt)
    stories.push(async (at) => {
      await at(calendar.addWorkingDays(acceptedOn, 1))
      const { ratingId } = await rateAsOwner(db, owner, contract.id, OwnerRatingSchema.parse(plan.owner))
      ctx.seeded.ownerRatings += 1
      await at(calendar.addWorkingDays(acceptedOn, 2))
      await replyToRating(db, agency, contract.id, RatingReplySchema.parse({ ratingId, reply: plan.reply }))
      ctx.seeded.replies += 1
    })
    if (plan.department && contract.approvalDecidedOn) {
      const rating = plan.department
      const decidedOn = contract.approvalDecidedOn
      stories.push(async (at) => {
        await at(calendar.addWorkingDays(decidedOn, 1), 6)
        await rateAsDepartment(db, department, contract.id, DepartmentRatingSchema.parse(rating))
        ctx.seeded.departmentRatings += 1
      })
    }
  }
  return stories
}

// ── Blacklist ────────────────────────────────────────────────────────────────

/**
 * Four entries, told from their listing on (none touches the agencies and service types the e2e
 * journeys bid with while in force):
 * - 测绘 (cehui, natural resources, all service types), months before its demo contracts: appealed,
 *   the appeal rejected by the admin office, then run out — expired by the timed work the day
 *   after its last day;
 * - 水润 (shuibao, ecology, EIA forms), before its demo contracts: lifted early by the regulator
 *   after the agency corrected what it had done;
 * - 绿源 (lvyuan, ecology, EIA report books): the appeal upheld by the admin office, so lifted;
 * - 地质 (dizhi, natural resources, geohazard assessments): listed today, in force, its appeal
 *   pending; the owner published a geohazard assessment need this morning, which it may try to bid on.
 */
async function blacklistStep(ctx: Ctx) {
  const { db, calendar, today } = ctx
  const ago = (n: number) => workingDaysBefore(calendar, today, n)
  const [nrp, ee, admin, owner] = await Promise.all(
    ['nrp', 'ee', 'admin', 'owner1'].map((k) => ctx.user(`${k}@demo.example`)),
  )
  const [cehui, dizhi, lvyuan, shuibao] = await Promise.all(
    ['cehui', 'dizhi', 'lvyuan', 'shuibao'].map((k) => ctx.user(`${k}@demo.example`)),
  )
  const list = (
    regulator: SessionUser,
    agency: SessionUser,
    input: { reason: string; legalBasis: string; serviceTypeIds: string[]; endsOn?: CalendarDate },
  ) =>
    listAgency(
      db,
      regulator,
      ListingSchema.parse({
        agencyId: agency.organisationId,
        reason: input.reason,
        legalBasis: input.legalBasis,
        scope: input.serviceTypeIds.length ? 'service_types' : 'all',
        serviceTypeIds: input.serviceTypeIds,
        endsOn: input.endsOn ?? '',
        permanent: false,
        confirm: 'yes',
      }),
    )
  const appeal = (agency: SessionUser, entryId: string, text: string) =>
    fileAppeal(db, agency, entryId, AppealSchema.parse({ text, confirm: 'yes' }))
  const decide = (entryId: string, decision: 'upheld' | 'rejected', reasons: string) =>
    decideAppeal(db, admin, entryId, AppealDecisionSchema.parse({ decision, reasons, confirm: 'yes' }))
  const eiaForm = await ctx.serviceTypeId('ST-EIA-FORM')
  const eiaReport = await ctx.serviceTypeId('ST-EIA-REPORT')
  const inScope = await ctx.serviceTypeId(demoBlacklisted.serviceTypeCode)
  const b = ctx.seeded.blacklist

  // Long before its demo contracts (published about 38 working days ago): it bid after the entry ran out.
  const expired = async (at: At) => {
    const listedOn = ago(110)
    const endsOn = addCalendarDays(listedOn, 59)
    await at(listedOn)
    const { entryId } = await list(nrp, cehui, {
      reason: '市级测绘成果质量抽查发现，该院提交的两宗土地勘测定界成果界址点坐标与实地不符，经复核属实。',
      legalBasis: '《测绘成果质量监督抽查管理办法》',
      serviceTypeIds: [],
      endsOn,
    })
    await at(ago(108))
    await appeal(cehui, entryId, '界址点偏差系委托方提供的控制点资料有误所致，我院已重新测量并提交更正成果，请求撤销列入。')
    await at(ago(104))
    await decide(entryId, 'rejected', '经复核，抽查记录与原成果资料一致，控制点核验属受托单位义务；原列入决定事实清楚，维持。')
    b.appealsDecided += 1
    // The timed work, the day after the last day: the entry expires (exactly once).
    const expiresOn = addCalendarDays(endsOn, 1)
    await at(expiresOn, 0)
    if ((await expireDueEntries(db, expiresOn)) !== 1) throw new Error('demo credit: the expired entry did not expire')
    b.expired += 1
  }

  // Before its demo contracts (bid on about 37 working days ago).
  const liftedEarly = async (at: At) => {
    await at(ago(90))
    const { entryId } = await list(ee, shuibao, {
      reason: '该公司编制的一份环境影响报告表引用的监测数据超出有效期，且未如实说明，经技术复核属实。',
      legalBasis: '《建设项目环境影响报告书（表）编制监督管理办法》',
      serviceTypeIds: [eiaForm],
    })
    await at(ago(60))
    await liftEntry(
      db,
      ee,
      entryId,
      LiftSchema.parse({
        reason: '该公司已完成整改：涉事报告表重新监测并通过复核，建立监测数据时效核查制度，提前解除。',
        confirm: 'yes',
      }),
    )
    b.lifted += 1
  }

  const appealUpheld = async (at: At) => {
    await at(ago(36))
    const { entryId } = await list(ee, lvyuan, {
      reason: '一份环境影响报告书的编制单位信息与实际编制人员不符，涉嫌出借资质。',
      legalBasis: '《建设项目环境影响报告书（表）编制监督管理办法》',
      serviceTypeIds: [eiaReport],
    })
    await at(ago(35))
    await appeal(lvyuan, entryId, '所涉报告书由其他单位编制，我司仅受托提供现状监测数据，并非编制主体，附委托合同与监测报告。')
    await at(ago(31))
    await decide(entryId, 'upheld', '经核实，该报告书的编制主体为其他单位，该公司仅提供监测数据；列入决定认定事实有误，申诉成立，撤销列入。')
    b.appealsDecided += 1
    b.lifted += 1
  }

  const inForce = async (at: At) => {
    // This morning the owner publishes a geohazard assessment need (taking bids for 5 working days).
    await at(today, 1)
    const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.ownerOrganisationId, owner.organisationId)).orderBy(asc(projects.createdAt)).limit(1)
    if (!project) throw new Error('demo credit: owner1 has no project')
    const needId = await saveNeedDraft(
      db,
      owner,
      NeedDraftSchema.parse({
        projectId: project.id,
        serviceTypeId: inScope,
        approvalItemId: await approvalItemId(db, 'AI-SITE'),
        qualificationTypeId: await qualificationTypeId(db, 'QT-GEOHAZARD'),
        title: demoBlacklisted.openNeedTitle,
        scope: '厂区及配套设施用地范围内地质灾害危险性评估（三级），出具评估报告并配合用地预审。',
        priceCeiling: '45000',
        serviceDays: '10',
        method: 'random',
        registrationClosesOn: calendar.addWorkingDays(today, 5),
      }),
    )
    await publishNeed(db, owner, needId)
    // Later today the regulator lists the agency in the scope of geohazard assessments; it appeals.
    await at(today, 23)
    const { entryId } = await list(nrp, dizhi, {
      reason: '该院出具的一份地质灾害危险性评估报告未进行野外调查即作出结论，经专家复核评估结论依据不足。',
      legalBasis: '《地质灾害防治条例》',
      serviceTypeIds: [inScope],
    })
    b.inForce += 1
    await appeal(dizhi, entryId, '所涉项目已补做野外调查，结论未发生变化；我院已建立野外调查留痕制度，请求缩短限制期限。')
    b.appealsPending += 1
  }

  ctx.seeded.notes.set(
    demoBlacklisted.email,
    `blacklisted for geohazard assessments, appeal pending: its bid on “${demoBlacklisted.openNeedTitle}” is refused`,
  )
  return [expired, liftedEarly, appealUpheld, inForce]
}

async function approvalItemId(db: Db, code: string) {
  const [row] = await db.select({ id: approvalItems.id }).from(approvalItems).where(eq(approvalItems.code, code))
  if (!row) throw new Error(`demo credit: no approval item ${code}`)
  return row.id
}

async function qualificationTypeId(db: Db, code: string) {
  const [row] = await db.select({ id: qualificationTypes.id }).from(qualificationTypes).where(eq(qualificationTypes.code, code))
  if (!row) throw new Error(`demo credit: no qualification type ${code}`)
  return row.id
}
