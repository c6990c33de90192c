/**
 * Demo ratings, credit, blacklist, complaints and credit repair (issue 14 §7), made through the app's real functions with the
 * injectable clock moved, right after the demo contracts (db/seed/demo-contracts.ts):
 * - ratings: the owner rates the accepted contracts within its window (`rateAsOwner`), the agency
 *   replies (`replyToRating`), the supervising department rates the contract whose approval was
 *   decided (`rateAsDepartment`); each rating adds its credit event;
 * - the blacklist: an entry that ran out (its appeal rejected by the admin office, then expired by
 *   the timed work's `expireDueEntries` the day after its end), one lifted early by the regulator
 *   with a reason, one lifted because the admin office upheld the appeal, and one in force on
 *   geohazard assessments with its appeal pending — that agency's bid on the open geohazard need
 *   published today is refused with the reason `blacklisted`.
 * - complaints: one in each state, by owners and agencies, about contracts and a need's procedure
 *   (`fileComplaint`, `actOnComplaint`; see `complaintsStep`);
 * - regulator-recorded violations and a commendation (`recordViolation`, `recordCommendation`), and
 *   credit repairs granted, refused and pending (`applyForRepair`, `decideRepairApplication`; see
 *   `creditActionsStep`).
 * Together with the contracts' own events (overdue days, the 10-day violation, the lapse, the
 * termination at fault) this puts demo agencies in tiers A, B, C and D (see `demoCreditTiers`).
 *
 * The work is a list of steps, each a set of stories run in time order (`runChronologically`), so a
 * later round adds a step without touching the others. A story about a contract that was not made
 * (payments not configured) is left out and counted (`skipped`). Nothing here writes a table directly: every row comes from a domain function.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../client.server'
import {
  approvalItems,
  bids,
  contractClockEvents,
  contracts,
  creditEvents,
  needs,
  negativeBehaviours,
  organisations,
  projects,
  qualificationTypes,
  selectionRounds,
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
import { actOnComplaint, fileComplaint } from '~/domain/complaints/complaints.server'
import { FileComplaintSchema, ReasonedDecisionSchema, UpholdSchema } from '~/domain/complaints/schemas'
import type { ComplaintStatus } from '~/domain/complaints/complaint-rules'
import { recordCommendation, recordViolation } from '~/domain/credit/credit-actions.server'
import { applyForRepair, decideRepairApplication, earliestRepairOn } from '~/domain/credit/repairs.server'
import { CommendationSchema, RepairApplicationSchema, RepairDecisionSchema, ViolationSchema } from '~/domain/credit/action-schemas'
import { publishNeed, saveNeedDraft } from '~/domain/needs/needs.server'
import { NeedDraftSchema } from '~/domain/needs/schemas'
import type { CreditTier } from '~/domain/credit/credit'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'
import { runChronologically, type Story } from './chronological'
import { demoContractScenarios, demoPdf, workingDaysBefore } from './demo-contracts'

/** The tier each demo agency ends in, and why (the test checks every one; the README names them). */
export const demoCreditTiers: Readonly<Record<string, CreditTier>> = {
  // Two good ratings against one or two overdue days on the contract in service (red); a complaint about it upheld (−10).
  'huanke@demo.example': 'A',
  // A report delivered 13 working days past C (−10 overdue days, −10 violation) rated low; a good contract rated well by both raters; commended (+5).
  'lvyuan@demo.example': 'B',
  // A contract it never signed (−5, later repaired: +5); one 14 working days past C (−10, −10) terminated at its fault (−10); a report returned by the approval department (−5, its repair refused).
  'shuibao@demo.example': 'C',
  // A survey delivered 13 working days past C (−10, −10) rated very low; another 14 days past C (−10, −10) terminated at its fault (−10); a change not registered (−3, its repair pending).
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
  /** How many demo complaints ended in each state. */
  complaints: Record<ComplaintStatus, number>
  /** Regulator-recorded violations and commendations. */
  violations: number
  commendations: number
  /** Credit repair applications by their state. */
  repairs: { granted: number; pending: number; refused: number }
  /** How many demo agencies are in each tier now. */
  tiers: Record<CreditTier, number>
  /** Stories left out because the contract they are about was not made (payments not configured). */
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
const steps: Step[] = [ratingsStep, blacklistStep, complaintsStep, creditActionsStep]

async function createDemoCredit(db: Db): Promise<DemoCreditSeeded> {
  const clock = activeClock()
  const real = now()
  const seeded: DemoCreditSeeded = {
    ownerRatings: 0,
    replies: 0,
    departmentRatings: 0,
    blacklist: { inForce: 0, expired: 0, lifted: 0, appealsPending: 0, appealsDecided: 0 },
    complaints: { pending: 0, accepted: 0, invalid: 0, upheld: 0, dismissed: 0, withdrawn: 0 },
    violations: 0,
    commendations: 0,
    repairs: { granted: 0, pending: 0, refused: 0 },
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

// ── Complaints ───────────────────────────────────────────────────────────────

/** The contract of the one demo contract scenario of `step` (narrowed by light, service or agency), or undefined when it was not made. */
async function scenarioContract(
  db: Db,
  step: (typeof demoContractScenarios)[number]['step'],
  which: { light?: string; service?: string; agency?: string } = {},
) {
  const titles = demoContractScenarios
    .filter(
      (s) =>
        s.step === step &&
        (which.light === undefined || s.light === which.light) &&
        (which.service === undefined || s.service === which.service) &&
        (which.agency === undefined || s.agency === which.agency),
    )
    .map((s) => s.title)
  if (titles.length !== 1) throw new Error(`demo credit: not one contract scenario ${step} ${JSON.stringify(which)}`)
  const [row] = await db
    .select({ id: contracts.id, agencyId: contracts.agencyOrganisationId, terminatedAt: contracts.terminatedAt })
    .from(contracts)
    .innerJoin(needs, eq(needs.id, contracts.needId))
    .where(inArray(needs.title, titles))
  return row
}

/** A small well-formed PDF as an uploaded file (an attachment, a repair's evidence). */
const pdfFile = (name: string, title: string) => new File([new Uint8Array(demoPdf(title))], name, { type: 'application/pdf' })

async function needTitled(db: Db, title: string) {
  const [row] = await db.select({ id: needs.id }).from(needs).where(eq(needs.title, title))
  return row
}

/**
 * Seven complaints, one for each way a complaint ends up (none with a blacklisting: the agencies
 * complained about are those the e2e journeys bid with, and a listing in force would also bar their
 * credit repairs):
 * - pending, filed this morning: owner 2 about its open need's procedure (someone asked it who else
 *   registered) — in ee's queue, not yet due;
 * - pending past both deadlines: owner 1 about the land survey cehui delivered late, filed 12
 *   working days ago and never accepted — overdue in nrp's queue;
 * - accepted: owner 1 about shuibao keeping its documents after the termination at its fault;
 * - rejected as invalid: a bidder not drawn on the random-draw need complains about the draw (the
 *   objection in publicity is the way, and the draw is verifiable);
 * - upheld: owner 1 about huanke changing the project lead on the contract in service (red) without
 *   consent — the complaint's credit event on huanke (−10);
 * - dismissed: shuibao about the need whose contract it let lapse (the contract text was right);
 * - withdrawn: owner 1 about lvyuan's site visit on the contract in service (yellow), withdrawn the
 *   next day once explained.
 */
async function complaintsStep(ctx: Ctx) {
  const { db, calendar, today } = ctx
  const ago = (n: number) => workingDaysBefore(calendar, today, n)
  const next = (d: CalendarDate, n = 1) => calendar.addWorkingDays(d, n)
  const [owner1, owner2, ee] = await Promise.all(['owner1', 'owner2', 'ee'].map((k) => ctx.user(`${k}@demo.example`)))
  const c = ctx.seeded.complaints
  const file = (
    user: SessionUser,
    subject: { contractId: string } | { needId: string },
    text: string,
    attachment?: { name: string; title: string },
  ) =>
    fileComplaint(
      db,
      user,
      FileComplaintSchema.parse({ ...subject, text, confirm: 'yes' }),
      attachment ? { file: pdfFile(attachment.name, attachment.title), overflow: false } : undefined,
    ).then((r) => r.complaintId)
  const accept = (regulator: SessionUser, id: string) => actOnComplaint(db, regulator, id, { kind: 'accept' })
  const reasoned = (regulator: SessionUser, id: string, kind: 'reject_invalid' | 'dismiss', reasons: string) =>
    actOnComplaint(db, regulator, id, { kind, ...ReasonedDecisionSchema.parse({ reasons, confirm: 'yes' }) })
  const stories: ((at: At) => Promise<void>)[] = []
  const skip = () => void (ctx.seeded.skipped += 1)

  // Pending, filed this morning (owner 2's open need takes bids for five more working days).
  const open = await needTitled(db, '综合管廊二期工程环境影响报告表编制')
  if (open)
    stories.push(async (at) => {
      await at(today, 1)
      await file(
        owner2,
        { needId: open.id },
        '本项目报名期间，有自称咨询公司人员的来电多次询问已报名机构的名称和报价。请监管部门核查报名信息是否外泄，并提醒相关机构遵守报名期间不得打探他人报价的规定。',
      )
      c.pending += 1
    })
  else skip()

  // Pending past its acceptance (and answer) deadline: the survey 7 working days past C, not yet delivered.
  const lateSurvey = await scenarioContract(db, 'acceptedLate', { service: 'landSurvey' })
  if (lateSurvey)
    stories.push(async (at) => {
      await at(ago(12))
      await file(
        owner1,
        { contractId: lateSurvey.id },
        '合同约定 10 个工作日内提交用地勘测定界成果，现已超过承诺时限一周以上，既未申请暂停计时或延期，多次电话催办也无明确答复，影响用地预审报件。请求督促其履约并依规处理。',
      )
      c.pending += 1
    })
  else skip()

  // Accepted: after the termination at shuibao's fault, the owner's documents not returned.
  const fault = await scenarioContract(db, 'terminatedAtFault', { agency: 'shuibao' })
  if (fault?.terminatedAt) {
    const filedOn = next(shanghaiDate(fault.terminatedAt))
    stories.push(async (at) => {
      await at(filedOn)
      const id = await file(
        owner1,
        { contractId: fault.id },
        '合同因该公司超期被裁定解除后，我司提供的危废焚烧炉设计图纸、排污许可证复印件等原始资料至今未予退还，也未说明去向。请求责令其退还并说明资料使用情况。',
      )
      await at(next(filedOn), 6)
      await accept(ee, id)
      c.accepted += 1
    })
  } else skip()

  // Rejected as invalid: a bidder not drawn on the random-draw need (drawn 6 working days ago) complains about the draw.
  const drawn = await db
    .select({ needId: needs.id, winner: bids.agencyOrganisationId })
    .from(selectionRounds)
    .innerJoin(needs, eq(needs.id, selectionRounds.needId))
    .innerJoin(bids, eq(bids.id, selectionRounds.chosenBidId))
    .where(and(eq(needs.title, '复合材料项目一期厂房环境影响报告表编制'), eq(selectionRounds.round, 1)))
  const bidders = await Promise.all(['huanke', 'lvyuan', 'shuibao'].map((k) => ctx.user(`${k}@demo.example`)))
  const notDrawn = bidders.find((b) => drawn[0] && b.organisationId !== drawn[0].winner)
  if (drawn[0] && notDrawn)
    stories.push(async (at) => {
      await at(ago(5))
      const id = await file(
        notDrawn,
        { needId: drawn[0].needId },
        '本项目摇号前未通知报名机构到场见证，我司无法确认摇号过程公正，请求重新摇号。',
      )
      await at(ago(4))
      await reasoned(
        ee,
        id,
        'reject_invalid',
        '摇号由平台在报名截止后按公告规则自动进行，种子与过程均在摇号验证页面公开，任何人可自行核验；对选取结果有异议的，应在公示期内通过异议程序提出。本投诉不属于投诉受理范围，不予受理。',
      )
      c.invalid += 1
    })
  else skip()

  // Upheld: huanke's project lead replaced without the owner's consent on the contract in service (red).
  const red = await scenarioContract(db, 'inService', { light: 'red' })
  if (red)
    stories.push(async (at) => {
      await at(ago(9))
      const id = await file(
        owner1,
        { contractId: red.id },
        '服务期内该公司将报名材料中承诺的项目负责人更换为未列明的人员，事先未告知我司，也未办理变更手续；新负责人不熟悉项目情况，现场踏勘需重新安排。附项目例会签到表。',
        { name: '项目例会签到表.pdf', title: 'project meeting attendance' },
      )
      await at(ago(8))
      await accept(ee, id)
      await at(ago(4), 6)
      await actOnComplaint(db, ee, id, {
        kind: 'uphold',
        input: UpholdSchema.parse({
          reasons:
            '经调查，该公司在服务期内未经委托方同意更换报名材料中承诺的项目负责人，违反合同关于人员承诺的约定，投诉成立。记信用扣分，责令其恢复原项目负责人或经委托方书面同意后变更。',
          confirm: 'yes',
        }),
      })
      c.upheld += 1
    })
  else skip()

  // Dismissed: shuibao about the need whose contract lapsed at its fault (the day after its signing deadline).
  const lapsed = await scenarioContract(db, 'lapsed')
  const shuibao = bidders[2]
  if (lapsed?.terminatedAt) {
    const filedOn = next(shanghaiDate(lapsed.terminatedAt))
    const [{ needId }] = await db.select({ needId: contracts.needId }).from(contracts).where(eq(contracts.id, lapsed.id))
    stories.push(async (at) => {
      await at(filedOn)
      const id = await file(
        shuibao,
        { needId },
        '中选后业主提供的合同文本中服务期限与我司报名承诺不一致，我司提出更正未获回应，致合同未能按期签订。请求核查签约过程，并撤销我司“未按期签约”的信用记录。',
      )
      await at(next(filedOn))
      await accept(ee, id)
      await at(next(filedOn, 6))
      await reasoned(
        ee,
        id,
        'dismiss',
        '经核查，合同文本由平台按公告和中选报价生成，服务期限与该公司报名承诺的工作日数一致；签约期限内该公司未通过平台提出任何更正请求，业主已按期签署。投诉事项不成立，予以驳回。',
      )
      c.dismissed += 1
    })
  } else skip()

  // Withdrawn: lvyuan's site visit on the contract in service (yellow), explained the next day.
  const yellow = await scenarioContract(db, 'inService', { light: 'yellow' })
  if (yellow)
    stories.push(async (at) => {
      await at(ago(6))
      const id = await file(
        owner1,
        { contractId: yellow.id },
        '现场踏勘当天到场人员并非报名材料所列技术负责人，且未携带监测设备，踏勘仅半小时即离开。请求核查其是否按承诺配备技术人员。',
      )
      await at(ago(5))
      await actOnComplaint(db, owner1, id, { kind: 'withdraw' })
      c.withdrawn += 1
    })
  else skip()

  return stories
}

// ── Violations, a commendation, credit repair ────────────────────────────────

async function behaviourId(db: Db, code: string) {
  const [row] = await db.select({ id: negativeBehaviours.id }).from(negativeBehaviours).where(eq(negativeBehaviours.code, code))
  if (!row) throw new Error(`demo credit: no negative behaviour ${code}`)
  return row.id
}

/**
 * The regulators' credit actions and the agencies' repairs (each repair at least
 * `repairConfig.waitWorkingDays` working days after its event, with no blacklist entry in force):
 * - ee records on shuibao an EIA form returned by the approval department (NB-RETURNED); shuibao
 *   applies to repair it with a one-page statement; ee refuses with reasons;
 * - shuibao applies to repair the lapse of its unsigned contract (after its complaint about that
 *   need was dismissed) with its new signing-deadline procedure; ee grants it: the compensating
 *   `repair` event (+5) on the public ledger;
 * - nrp records on cehui a change of legal representative not registered (NB-UNREGISTERED-CHANGE);
 *   cehui applies to repair it three working days ago — pending in nrp's repair queue;
 * - ee commends lvyuan for the report approved without return (+5), this morning.
 */
async function creditActionsStep(ctx: Ctx) {
  const { db, calendar, today } = ctx
  const ago = (n: number) => workingDaysBefore(calendar, today, n)
  const [ee, nrp, shuibao, cehui, lvyuan] = await Promise.all(
    ['ee', 'nrp', 'shuibao', 'cehui', 'lvyuan'].map((k) => ctx.user(`${k}@demo.example`)),
  )
  const s = ctx.seeded
  const violation = async (regulator: SessionUser, agency: SessionUser, code: string, onDate: CalendarDate, facts: string) => {
    const { violationId } = await recordViolation(
      db,
      regulator,
      agency.organisationId,
      ViolationSchema.parse({ behaviourId: await behaviourId(db, code), facts, onDate, confirm: 'yes' }),
    )
    s.violations += 1
    // Its ledger event (the fact key the ledger's writer gives it), the one the agency applies to repair.
    const [event] = await db
      .select({ id: creditEvents.id })
      .from(creditEvents)
      .where(eq(creditEvents.factKey, `violation:${violationId}`))
    return String(event.id)
  }
  const apply = (agency: SessionUser, eventId: string, text: string, evidence: string) =>
    applyForRepair(db, agency, eventId, RepairApplicationSchema.parse({ text, confirm: 'yes' }), {
      file: pdfFile(`${evidence}.pdf`, evidence),
      overflow: false,
    }).then((r) => r.applicationId)
  const decide = (regulator: SessionUser, applicationId: string, decision: 'grant' | 'refuse', reasons: string) =>
    decideRepairApplication(db, regulator, applicationId, RepairDecisionSchema.parse({ decision, reasons, confirm: 'yes' }))
  const stories: ((at: At) => Promise<void>)[] = []

  // Refused: a violation 46 working days ago, applied for 24 working days ago, refused 21 ago.
  stories.push(async (at) => {
    await at(ago(44))
    const eventId = await violation(
      ee,
      shuibao,
      'NB-RETURNED',
      ago(46),
      '该公司为某项目编制的环境影响报告表工程分析缺失、污染源强核算错误，经技术审查不符合要求，被我局退回重新编制。',
    )
    await at(ago(24))
    const applicationId = await apply(
      shuibao,
      eventId,
      '我司已对涉事报告表进行全面修改，并承诺今后加强内部审核，避免类似问题再次发生。',
      'rectification statement',
    )
    await at(ago(21), 6)
    await decide(
      ee,
      applicationId,
      'refuse',
      '申请材料仅为一页情况说明，未附修改后重新报批的报告表、内部审核制度及其执行记录，不足以证明问题已纠正。可补充上述材料后重新申请。',
    )
    s.repairs.refused += 1
  })

  // Granted: the lapse of its unsigned contract, as soon as it may be repaired.
  const [lapse] = await db
    .select({ id: creditEvents.id, onDate: creditEvents.onDate })
    .from(creditEvents)
    .where(and(eq(creditEvents.agencyOrganisationId, shuibao.organisationId), eq(creditEvents.kind, 'contract_lapsed')))
  const applyOn = lapse ? earliestRepairOn(calendar, lapse.onDate) : null
  if (lapse && applyOn && applyOn <= today) {
    const decideOn = [calendar.addWorkingDays(applyOn, 2), today].sort()[0]
    stories.push(async (at) => {
      await at(applyOn, 2)
      const applicationId = await apply(
        shuibao,
        String(lapse.id),
        '未按期签约系我司内部签约流程衔接不畅所致。我司已制定《中选项目合同签订管理办法》，指定专人跟踪签约期限并在到期前 2 个工作日提醒，附制度文件及近期按期签约记录。',
        'contract signing procedure',
      )
      await at(decideOn, 7)
      await decide(
        ee,
        applicationId,
        'grant',
        '该公司已建立中选项目签约期限跟踪制度并提供执行记录，整改到位，且自违约之日起已满 20 个工作日无新的同类行为，同意信用修复。',
      )
      s.repairs.granted += 1
    })
  } else ctx.seeded.skipped += 1

  // Pending: a change not registered, 50 working days ago; the application three working days ago.
  stories.push(async (at) => {
    await at(ago(48))
    const eventId = await violation(
      nrp,
      cehui,
      'NB-UNREGISTERED-CHANGE',
      ago(50),
      '该院测绘资质证书法定代表人已于变更后换发，但未在平台及时更新登记信息，平台展示的资质信息与证书不一致。',
    )
    await at(ago(3))
    await apply(
      cehui,
      eventId,
      '我院已在平台更新资质证书及法定代表人信息，并明确由综合办公室负责资质信息变更后 5 个工作日内完成平台登记，附换发后的资质证书及登记截图。',
      'updated surveying certificate',
    )
    s.repairs.pending += 1
  })

  // A commendation this morning.
  stories.push(async (at) => {
    await at(today, 2)
    await recordCommendation(
      db,
      ee,
      lvyuan.organisationId,
      CommendationSchema.parse({
        reason: '该公司编制的原料堆场封闭改造项目环境影响报告表结论明确、一次通过技术审查，审批未作退回，在本季度环评文件质量评估中评为优秀。',
        points: '5',
        confirm: 'yes',
      }),
    )
    s.commendations += 1
  })
  return stories
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
