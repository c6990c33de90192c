/**
 * The regulator's and the admin office's work queues (issue 14 §6): one queue per remit, each
 * item saying what is due and by when (`QueueItem`, queue.ts). A queue is a function
 * `(db, user) => QueueItem[]` owned by the area whose work it is; this module lists them in
 * `regulatorQueueSources` / `adminQueueSources` (adding a queue is one line there) and assembles
 * them, each sorted (overdue first) with its counts.
 *
 * The queues written here, every one scoped by the regulator's department (its supervised service
 * types) — another department's items never appear:
 * - objections awaiting a ruling on needs of a supervised service type, due
 *   `workspaceConfig.objectionRulingWorkingDays` after filing (the product sets no ruling
 *   deadline; the platform's number is documented in config.ts);
 * - contracts of a supervised service type whose agency or total segment is red (over its budget:
 *   overdue), due on the limit date that was passed (the red segment's; the agency's first);
 * - agencies in tier D that offer a supervised service type, due
 *   `workspaceConfig.agencyAtDReviewWorkingDays` after the ledger event that dropped them to D;
 * - for the admin office: blacklist appeals pending, due `workspaceConfig.appealDecisionWorkingDays`
 *   after filing.
 * Working days come from the calendar.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyCredit, agencyServiceTypes, creditEvents, organisations } from '#db/schema'
import { appealsForAdmin } from '~/domain/blacklist/blacklist.server'
import { complaintQueue } from '~/domain/complaints/complaints.server'
import { getCalendar } from '~/domain/calendar/calendar.server'
import type { WorkingDayCalendar } from '~/domain/calendar/types'
import { workspaceConfig } from '~/domain/config'
import { contractList } from '~/domain/contracts/dashboards.server'
import { creditBase, tierOf } from '~/domain/credit/credit'
import { repairQueue } from '~/domain/credit/repairs.server'
import { shanghaiDate, type CalendarDate } from '~/domain/dates'
import { Forbidden } from '~/domain/errors'
import { supervisedServiceTypeIds } from '~/domain/needs/need-access.server'
import { now } from '~/domain/now'
import { objectionQueueForRegulator } from '~/domain/publicity/objections.server'
import type { SessionUser } from '~/utils/auth.server'
import { droppedToDOn, queueCounts, sortQueue, type QueueItem, type QueueKind } from './queue'

export type QueueLoader = (db: Db, user: SessionUser) => Promise<QueueItem[]>

export interface QueueSource {
  kind: QueueKind
  load: QueueLoader
}

export interface WorkQueue {
  kind: QueueKind
  /** Overdue first, then by due date; undated last (`sortQueue`). */
  items: QueueItem[]
  /** How many are waiting, and how many of them are overdue. */
  open: number
  overdue: number
}

/** `n` working days after `from` (the day itself not counted). */
const dueAfter = (calendar: WorkingDayCalendar, from: CalendarDate, n: number) => calendar.addWorkingDays(from, n)

function assertRegulator(user: SessionUser) {
  if (user.role !== 'regulator') throw new Forbidden()
}

// ── The queues ───────────────────────────────────────────────────────────────

/** Objections awaiting this regulator's ruling (its department's service types). */
export async function objectionQueue(db: Db, user: SessionUser): Promise<QueueItem[]> {
  assertRegulator(user)
  const { pending } = await objectionQueueForRegulator(db, user)
  if (pending.length === 0) return []
  const calendar = await getCalendar(db)
  return pending.map((o) => ({
    kind: 'objection',
    id: o.id,
    subject: o.needTitle,
    dueActionKey: 'workspace.queue.actions.objection',
    dueOn: dueAfter(calendar, shanghaiDate(o.filedAt), workspaceConfig.objectionRulingWorkingDays),
    href: `/regulator/objections/${o.id}`,
  }))
}

/** Contracts in the department's remit with a red segment (over budget), due on the limit date passed. */
export async function redContractQueue(db: Db, user: SessionUser): Promise<QueueItem[]> {
  assertRegulator(user)
  const { rows } = await contractList(db, user)
  return rows.flatMap((r): QueueItem[] => {
    const red = [r.agencySegment, r.totalSegment].find((s) => s?.light === 'red')
    if (!red) return []
    return [
      {
        kind: 'contract',
        id: r.id,
        subject: `${r.number} ${r.needTitle}`,
        dueActionKey: 'workspace.queue.actions.contract',
        dueOn: red.dueOn,
        href: `/contracts/${r.id}`,
      },
    ]
  })
}

/** Agencies in tier D offering a service type the department supervises; due a review after the drop. */
export async function agencyAtDQueue(db: Db, user: SessionUser): Promise<QueueItem[]> {
  assertRegulator(user)
  const supervised = await supervisedServiceTypeIds(db, user)
  if (supervised.length === 0) return []
  const atD = await db
    .selectDistinct({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn })
    .from(agencyCredit)
    .innerJoin(organisations, eq(organisations.id, agencyCredit.agencyOrganisationId))
    .innerJoin(agencyServiceTypes, eq(agencyServiceTypes.organisationId, agencyCredit.agencyOrganisationId))
    .where(and(eq(agencyCredit.tier, 'D'), inArray(agencyServiceTypes.serviceTypeId, supervised)))
  if (atD.length === 0) return []
  // The ledgers of these agencies only (in the order written), to find the day each dropped to D.
  const events = await db
    .select({ agencyId: creditEvents.agencyOrganisationId, points: creditEvents.points, onDate: creditEvents.onDate })
    .from(creditEvents)
    .where(
      inArray(
        creditEvents.agencyOrganisationId,
        atD.map((a) => a.id),
      ),
    )
    .orderBy(asc(creditEvents.id))
  const calendar = await getCalendar(db)
  return atD.map((agency) => {
    const own = events.filter((e) => e.agencyId === agency.id)
    const dropped = droppedToDOn(creditBase, own, (score) => tierOf(score)) ?? own.at(-1)?.onDate ?? null
    return {
      kind: 'agencyAtD',
      id: agency.id,
      subject: agency.name,
      subjectEn: agency.nameEn,
      dueActionKey: 'workspace.queue.actions.agencyAtD',
      dueOn: dropped ? dueAfter(calendar, dropped, workspaceConfig.agencyAtDReviewWorkingDays) : null,
      href: `/agencies/${agency.id}/credit`,
    }
  })
}

/** The admin office's pending blacklist appeals, due a decision after filing. */
export async function appealQueue(db: Db, user: SessionUser): Promise<QueueItem[]> {
  const pending = (await appealsForAdmin(db, user)).filter((e) => e.appealStatus === 'pending')
  if (pending.length === 0) return []
  const calendar = await getCalendar(db)
  return pending.map((e) => ({
    kind: 'appeal',
    id: e.id,
    subject: e.agency.name,
    subjectEn: e.agency.nameEn,
    dueActionKey: 'workspace.queue.actions.appeal',
    dueOn: e.appealFiledAt
      ? dueAfter(calendar, shanghaiDate(new Date(e.appealFiledAt)), workspaceConfig.appealDecisionWorkingDays)
      : null,
    href: `/admin/blacklist/${e.id}`,
  }))
}

// ── Assembling ───────────────────────────────────────────────────────────────

/**
 * The regulator's queues, in the order the workspace shows them; complaints
 * (app/domain/complaints) and repair applications (app/domain/credit/repairs.server.ts) come from
 * their areas.
 */
export const regulatorQueueSources: readonly QueueSource[] = [
  { kind: 'complaint', load: complaintQueue },
  { kind: 'objection', load: objectionQueue },
  { kind: 'repair', load: repairQueue },
  { kind: 'contract', load: redContractQueue },
  { kind: 'agencyAtD', load: agencyAtDQueue },
]

/** The admin office's queues. */
export const adminQueueSources: readonly QueueSource[] = [{ kind: 'appeal', load: appealQueue }]

async function assemble(db: Db, user: SessionUser, sources: readonly QueueSource[]) {
  const today = shanghaiDate(now())
  const queues: WorkQueue[] = []
  for (const source of sources) {
    const items = sortQueue(await source.load(db, user))
    queues.push({ kind: source.kind, items, ...queueCounts(items, today) })
  }
  return { today, queues }
}

/** Every queue of the regulator's remit (its department), each sorted, with counts. */
export async function regulatorQueues(
  db: Db,
  user: SessionUser,
): Promise<{ today: CalendarDate; queues: WorkQueue[] }> {
  assertRegulator(user)
  return assemble(db, user, regulatorQueueSources)
}

/** The admin office's queues (blacklist appeals). */
export async function adminQueues(db: Db, user: SessionUser): Promise<{ today: CalendarDate; queues: WorkQueue[] }> {
  if (user.role !== 'admin') throw new Forbidden()
  return assemble(db, user, adminQueueSources)
}
