/**
 * Demo contracts (issue 13), made through the real functions with the injectable clock moved:
 * each is a direct-selection need published, bid on, picked and awarded by the timed work, then
 * carried as far as its scenario goes — awaiting signature, awaiting payment, in service (green,
 * yellow, red), paused, delivered, returned for revision, accepted and paid out, approval decided,
 * terminated by agreement with a refund. For the credit ledger's spread (issue 14 §7) five more
 * go to other agencies' records: delivered 13 working days past C and accepted late (its overdue
 * days and the 10-day violation; an EIA form for lvyuan, a land survey for cehui), one the agency
 * never signed (lapsed by the timed work; shuibao), and overdue past 10 working days and then
 * terminated by the regulator's ruling at the agency's fault (shuibao, cehui).
 * db/seed/demo-credit.ts rates the accepted ones afterwards (the owner's rating closes the need whose
 * approval decision is recorded: the demo's `closed` need).
 *
 * Payments go through Stripe (the built-in Stripe-compatible server unless STRIPE_SECRET_KEY is
 * set) via the outbox, so this runs OUTSIDE the seed's transaction: each step is its own
 * transaction, as in the running app.
 *
 * on-start.server.ts and `npm run db:seed` call it right after a fresh seed has committed, with
 * the hooks of demo-contract-hooks.server.ts. Without payments (no Stripe key and no built-in
 * server, e.g. a test that seeds) only what needs no payment is made: the contract awaiting the
 * agency's signature (an agency signs only with a payout account, which Stripe opens).
 */
import { eq } from 'drizzle-orm'
import type { Db } from '../client.server'
import { approvalItems, contracts, qualificationTypes, serviceTypes, users } from '../schema'
import { activeClock, fixedClock, now, setClock } from '~/domain/now'
import { addCalendarDays, shanghaiDate, type CalendarDate } from '~/domain/dates'
import type { WorkingDayCalendar } from '~/domain/calendar/types'
import type { Light } from '~/domain/clock/bundled-clock'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { submitBid } from '~/domain/bidding/bids.server'
import { createProject, publishNeed, saveNeedDraft } from '~/domain/needs/needs.server'
import { NeedDraftSchema, ProjectSchema } from '~/domain/needs/schemas'
import { pickDirect } from '~/domain/selection/owner-selection.server'
import { tick } from '~/domain/timed-work/tick.server'
import { actOnContract } from '~/domain/contracts/contract-actions.server'
import { runChronologically, type Story } from './chronological'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'

async function userOf(db: Db, email: string) {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
  if (!u) throw new Error(`demo contracts: no user ${email}`)
  return loadSessionUser(db, u.id)
}

async function idOf(db: Db, table: typeof serviceTypes | typeof approvalItems | typeof qualificationTypes, code: string) {
  const [row] = await db.select({ id: table.id }).from(table).where(eq(table.code, code))
  if (!row) throw new Error(`demo contracts: no ${code}`)
  return row.id
}

/** The working day `n` working days before `today`. */
export function workingDaysBefore(calendar: WorkingDayCalendar, today: CalendarDate, n: number): CalendarDate {
  let date = today
  let left = n
  while (left > 0) {
    date = addCalendarDays(date, -1)
    if (calendar.isWorkingDay(date)) left -= 1
  }
  return date
}

/** A minimal well-formed PDF (header, one empty page, trailer, %%EOF) carrying `title`. */
export function demoPdf(title: string): Uint8Array {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n% ${title}\ntrailer << /Root 1 0 R >>\n%%EOF\n`
  return new TextEncoder().encode(body)
}

type Step =
  | 'awaitingSignature'
  | 'awaitingPayment'
  | 'inService'
  | 'paused'
  | 'delivered'
  | 'returned'
  | 'accepted'
  | 'decided'
  | 'terminated'
  | 'acceptedLate'
  | 'lapsed'
  | 'terminatedAtFault'

/** The demo agencies that take contracts (by their login's key). */
type DemoAgency = 'huanke' | 'lvyuan' | 'shuibao' | 'cehui'

/** What a contract is for: its service type, the approval item it serves, the regulator supervising both. */
const services = {
  eiaForm: { serviceType: 'ST-EIA-FORM', approvalItem: 'AI-EIA-FORM', regulator: 'ee@demo.example', qualification: null, serviceDays: 12 },
  // The site approval leaves 20 − 10 working days to the agency; the surveyor's qualification is required.
  landSurvey: { serviceType: 'ST-LAND-SURVEY', approvalItem: 'AI-SITE', regulator: 'nrp@demo.example', qualification: 'QT-SURVEY', serviceDays: 10 },
} as const
type Service = keyof typeof services

interface Scenario {
  title: string
  /** The agency that wins it (default: huanke and lvyuan in turn). */
  agency?: DemoAgency
  /** Default: an EIA form. */
  service?: Service
  /** The agency's light today, for the contracts in service (what the scenario is there to show). */
  light?: Light
  /** Working days before today the agency segment starts (the award is ~9 working days earlier). */
  startedAgo: number
  committedDays: number
  step: Step
}

/** Hooks the service and payment areas provide (injected so the seed uses the app's real calls). */
export interface DemoContractHooks {
  /** Opens the agency's payout account (a connected account at Stripe). */
  openPayoutAccount(db: Db, agency: SessionUser): Promise<void>
  /** The owner pays the contract with a test card, and the outbox delivers the call at once. */
  pay(db: Db, owner: SessionUser, contractId: string, paymentMethod: string): Promise<void>
  /** The agency delivers a report file. */
  deliver(db: Db, agency: SessionUser, contractId: string, file: { name: string; bytes: Uint8Array }): Promise<void>
  /** Delivers the outbox's due calls (the transfer on acceptance, the refund on termination). */
  deliverOutbox(db: Db): Promise<void>
}

const scenarios: Scenario[] = [
  { title: '厂区初期雨水收集池环境影响报告表编制', startedAgo: -1, committedDays: 10, step: 'awaitingSignature' },
  { title: '危化品仓库扩建环境影响报告表编制', startedAgo: -1, committedDays: 10, step: 'awaitingPayment' },
  { title: '污水处理站提标改造环境影响报告表编制', startedAgo: 3, committedDays: 12, step: 'inService', light: 'green' },
  { title: '锅炉房煤改气环境影响报告表编制', startedAgo: 11, committedDays: 10, step: 'inService', light: 'yellow' },
  { title: '二期仓储物流中心环境影响报告表编制', startedAgo: 13, committedDays: 10, step: 'inService', light: 'red' },
  { title: '配套变电站环境影响报告表编制', startedAgo: 6, committedDays: 12, step: 'paused' },
  { title: '研发楼实验室废气治理环境影响报告表编制', startedAgo: 10, committedDays: 12, step: 'delivered' },
  { title: '厂区道路拓宽环境影响报告表编制', startedAgo: 11, committedDays: 12, step: 'returned' },
  { title: '职工宿舍及食堂环境影响报告表编制', startedAgo: 16, committedDays: 10, step: 'accepted' },
  { title: '原料堆场封闭改造环境影响报告表编制', startedAgo: 20, committedDays: 10, step: 'decided' },
  { title: '厂区绿化及景观工程环境影响报告表编制', startedAgo: 8, committedDays: 10, step: 'terminated' },
  { title: '厂区消防水池及泵房环境影响报告表编制', agency: 'lvyuan', startedAgo: 28, committedDays: 10, step: 'acceptedLate' },
  { title: '厂区食堂油烟治理环境影响报告表编制', agency: 'shuibao', startedAgo: 30, committedDays: 10, step: 'lapsed' },
  { title: '厂区危废焚烧炉环境影响报告表编制', agency: 'shuibao', startedAgo: 27, committedDays: 10, step: 'terminatedAtFault' },
  { title: '复合材料项目配套工程用地勘测定界', agency: 'cehui', service: 'landSurvey', startedAgo: 29, committedDays: 10, step: 'acceptedLate' },
  { title: '复合材料项目进场道路用地勘测定界', agency: 'cehui', service: 'landSurvey', startedAgo: 26, committedDays: 10, step: 'terminatedAtFault' },
]

/** The working days an `acceptedLate` contract is delivered after its start (C = 10: 13 overdue days). */
const LATE_DELIVERY_DAY = 23
/** The working days a `terminatedAtFault` contract runs before the ruling (C = 10: 14 overdue days). */
const FAULT_RULING_DAY = 24

/** What the seed made. */
export interface DemoContractsSeeded {
  /** Contracts made. */
  made: number
  /** Scenarios left out because payments are not configured. */
  skipped: number
}

/**
 * Seeds the demo contracts (`payments`: false → only the scenarios that need no payment); puts
 * the clock it found back whatever happens.
 */
export async function seedDemoContracts(db: Db, hooks: DemoContractHooks, options: { payments: boolean }): Promise<DemoContractsSeeded> {
  const clock = activeClock()
  try {
    return await createDemoContracts(db, hooks, options.payments)
  } finally {
    setClock(clock)
  }
}

/** The demo contracts' scenarios by title and step (the test checks each reached its state). */
export const demoContractScenarios: readonly Readonly<Scenario>[] = scenarios

async function createDemoContracts(db: Db, hooks: DemoContractHooks, payments: boolean): Promise<DemoContractsSeeded> {
  const clock = activeClock()
  const real = now()
  const calendar = await getCalendar(db)
  const today = shanghaiDate(real)
  const owner = await userOf(db, 'owner1@demo.example')
  const byKey = new Map<DemoAgency, SessionUser>()
  for (const key of ['huanke', 'lvyuan', 'shuibao', 'cehui'] as const) byKey.set(key, await userOf(db, `${key}@demo.example`))
  const agencyOf = (s: Scenario, i: number) => byKey.get(s.agency ?? (i % 2 === 0 ? 'huanke' : 'lvyuan'))!
  const serviceOf = new Map<
    Service,
    { serviceTypeId: string; approvalItemId: string; qualificationTypeId: string; serviceDays: number; regulator: SessionUser }
  >()
  for (const [key, service] of Object.entries(services) as [Service, (typeof services)[Service]][]) {
    serviceOf.set(key, {
      serviceTypeId: await idOf(db, serviceTypes, service.serviceType),
      approvalItemId: await idOf(db, approvalItems, service.approvalItem),
      qualificationTypeId: service.qualification ? await idOf(db, qualificationTypes, service.qualification) : '',
      serviceDays: service.serviceDays,
      regulator: await userOf(db, service.regulator),
    })
  }
  const time = (date: CalendarDate, hour = 2) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`)
  const latest = Math.max(...scenarios.map((s) => s.startedAgo)) + 12
  setClock(fixedClock(time(workingDaysBefore(calendar, today, latest), 1)))
  const project = await createProject(
    db,
    owner,
    ProjectSchema.parse({
      name: '复合材料项目配套工程',
      projectCode: '2026-320982-29-03-514999',
      location: '江苏省盐城市大丰区经济开发区',
      industry: '新材料制造',
      totalInvestment: '56000000',
    }),
  )
  let made = 0
  const chosen = scenarios.map((s, i) => ({ s, i })).filter(({ s }) => payments || s.step === 'awaitingSignature')
  // Every agency that signs one of its contracts has a payout account (the one that lets its contract lapse too).
  if (payments) for (const agency of new Set(chosen.map(({ s, i }) => agencyOf(s, i)))) await hooks.openPayoutAccount(db, agency)
  // The scenarios' steps interleaved in time order: the timed work run on the way (the tick) never
  // sees another contract's event dated after its "now".
  const stories = chosen.map(({ s, i }): Story => async (timeline) => {
    const at = (date: CalendarDate, hour?: number) => timeline(time(date, hour))
    const agency = agencyOf(s, i)
    const service = serviceOf.get(s.service ?? 'eiaForm')!
    // The award falls 9 working days before the start (window 3 + pick + publicity 3 + award), or
    // for the contracts not yet started, today.
    const awardAgo = Math.max(s.startedAgo, 0)
    const publishedOn = workingDaysBefore(calendar, today, awardAgo + 9)
    await at(publishedOn)
    const needId = await saveNeedDraft(
      db,
      owner,
      NeedDraftSchema.parse({
        projectId: project.id,
        serviceTypeId: service.serviceTypeId,
        approvalItemId: service.approvalItemId,
        qualificationTypeId: service.qualificationTypeId,
        title: s.title,
        scope: `${s.title}，配合审批部门技术审查与修改。`,
        priceCeiling: '60000',
        serviceDays: String(service.serviceDays),
        method: 'direct',
        registrationClosesOn: calendar.addWorkingDays(publishedOn, 3),
      }),
    )
    await publishNeed(db, owner, needId)
    await at(calendar.addWorkingDays(publishedOn, 1))
    const bid = await submitBid(db, agency, needId, {
      quoteFen: 4_000_000 + (i % 12) * 150_000, // under the 60,000 yuan ceiling
      committedDays: s.committedDays,
      note: '',
      team: '',
    })
    const pickedOn = calendar.addWorkingDays(publishedOn, 4)
    await at(pickedOn)
    await tick(db)
    await pickDirect(db, owner, needId, { bidId: bid.bidId, reason: '该机构报价合理、承诺时限短，且具备同类项目经验。' })
    // The timed work awards the working day after publicity (3 working days) ends.
    const awardedOn = calendar.addWorkingDays(pickedOn, 4)
    await at(awardedOn, 3)
    await tick(db)
    const [contract] = await db.select({ id: contracts.id }).from(contracts).where(eq(contracts.needId, needId))
    if (!contract) throw new Error(`demo contracts: ${s.title} was not awarded`)
    made += 1
    if (s.step === 'awaitingSignature') {
      // The owner has signed; the agency's signature is due (it may sign once it has a payout account).
      await actOnContract(db, owner, contract.id, 'sign_contract')
      return
    }
    if (s.step === 'lapsed') {
      // The owner signs; the agency never does: the timed work lapses the contract the day after the deadline (at the agency's fault).
      await actOnContract(db, owner, contract.id, 'sign_contract')
      const [{ dueOn }] = await db.select({ dueOn: contracts.signDueOn }).from(contracts).where(eq(contracts.id, contract.id))
      await at(addCalendarDays(dueOn, 1))
      await tick(db)
      return
    }
    await actOnContract(db, agency, contract.id, 'sign_contract')
    await actOnContract(db, owner, contract.id, 'sign_contract')
    if (s.step === 'awaitingPayment') return
    // Paid the day the service starts.
    const startedOn = workingDaysBefore(calendar, today, s.startedAgo)
    await at(startedOn, 4)
    await hooks.pay(db, owner, contract.id, 'pm_card_visa')
    await runService(db, hooks, calendar, { owner, agency, regulator: service.regulator, contractId: contract.id, startedOn, today, scenario: s, at })
  })
  await runChronologically(stories, (at) => setClock(fixedClock(at)))
  setClock(clock)
  await tick(db)
  if (payments) await hooks.deliverOutbox(db)
  return { made, skipped: scenarios.length - chosen.length }
}

async function runService(
  db: Db,
  hooks: DemoContractHooks,
  calendar: WorkingDayCalendar,
  ctx: {
    owner: SessionUser
    agency: SessionUser
    regulator: SessionUser
    contractId: string
    startedOn: CalendarDate
    today: CalendarDate
    scenario: Scenario
    at: (date: CalendarDate, hour?: number) => Promise<void>
  },
) {
  const { owner, agency, regulator, contractId, startedOn, scenario: s, at } = ctx
  const day = (n: number) => calendar.addWorkingDays(startedOn, n)
  const report = (v: number) => ({ name: `报告-v${v}.pdf`, bytes: demoPdf(`${s.title} v${v}`) })
  switch (s.step) {
    case 'inService':
      if (s.startedAgo >= 9) {
        // A confirmed pause of two working days early on, with its reasons.
        await at(day(2))
        await actOnContract(db, agency, contractId, 'request_pause', { reason: '等待业主提供项目总平面图与排水设计资料。' })
        await actOnContract(db, owner, contractId, 'pause', { reason: '确认：总平面图尚未定稿。' })
        await at(day(4))
        await actOnContract(db, owner, contractId, 'resume', { reason: '已提供定稿总平面图与排水设计资料。' })
      }
      return
    case 'paused':
      await at(day(3))
      await actOnContract(db, agency, contractId, 'request_pause', { reason: '等待业主提供环境质量现状监测数据。' })
      await actOnContract(db, owner, contractId, 'pause', { reason: '确认：监测数据委托检测中。' })
      return
    case 'delivered':
      await at(day(8))
      await hooks.deliver(db, agency, contractId, report(1))
      return
    case 'returned':
      await at(day(7))
      await hooks.deliver(db, agency, contractId, report(1))
      await at(day(9))
      await actOnContract(db, owner, contractId, 'return_for_revision', {
        reason: '废气源强核算缺少无组织排放部分；请补充卫生防护距离计算。',
      })
      return
    case 'accepted':
    case 'decided':
      await at(day(4))
      await actOnContract(db, owner, contractId, 'extend', { reason: '增加一处敏感点的补充监测。', extension: { days: 2 } })
      await at(day(9))
      await hooks.deliver(db, agency, contractId, report(1))
      await at(day(10))
      await actOnContract(db, owner, contractId, 'return_for_revision', { reason: '请补充敏感点补充监测的数据与结论。' })
      await at(day(11))
      await hooks.deliver(db, agency, contractId, report(2))
      await at(day(12))
      await actOnContract(db, owner, contractId, 'accept')
      await hooks.deliverOutbox(db)
      if (s.step === 'decided') {
        await at(day(13))
        await actOnContract(db, owner, contractId, 'submit_for_approval', { approval: { date: day(13) } })
        await at(day(17))
        await actOnContract(db, owner, contractId, 'record_approval_decision', {
          approval: { date: day(17), outcome: 'approved', documentNo: '盐环审〔2026〕88号' },
        })
      }
      return
    case 'terminated': {
      await at(day(3))
      const held = (await db.select({ f: contracts.heldFen }).from(contracts).where(eq(contracts.id, contractId)))[0].f
      await actOnContract(db, owner, contractId, 'propose_termination', {
        reason: '项目规划调整，该配套工程取消建设。',
        ruling: { partyAtFault: 'none', refundFen: held - 500_000, releaseFen: 500_000 },
      })
      await actOnContract(db, agency, contractId, 'agree_termination', { reason: '同意；已完成的现场踏勘按 5,000 元结算。' })
      await hooks.deliverOutbox(db)
      return
    }
    case 'acceptedLate':
      // Delivered 13 working days past C (the timed work counts each overdue day and, at the
      // tenth, the violation), accepted the next working day, paid out.
      await at(day(LATE_DELIVERY_DAY))
      await tick(db)
      await hooks.deliver(db, agency, contractId, report(1))
      await at(day(LATE_DELIVERY_DAY + 1))
      await actOnContract(db, owner, contractId, 'accept')
      await hooks.deliverOutbox(db)
      return
    case 'terminatedAtFault': {
      // Nothing delivered 14 working days past C: the supervising regulator rules the contract
      // terminated at the agency's fault, the whole held amount back to the owner.
      await at(day(FAULT_RULING_DAY))
      await tick(db)
      const held = (await db.select({ f: contracts.heldFen }).from(contracts).where(eq(contracts.id, contractId)))[0].f
      await actOnContract(db, regulator, contractId, 'terminate', {
        reason: '机构超出承诺时限 14 个工作日仍未提交成果，经督促后仍无法给出完成时间，构成违约。',
        ruling: { partyAtFault: 'agency', refundFen: held, releaseFen: 0 },
      })
      await hooks.deliverOutbox(db)
      return
    }
    case 'awaitingSignature':
    case 'awaitingPayment':
    case 'lapsed':
      return
    default: {
      const never: never = s.step
      throw new Error(`demo contracts: ${String(never)}`)
    }
  }
}
