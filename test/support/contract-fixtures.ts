/**
 * An awarded need with its drafted contract, reached through the real path: a need published
 * (inserted as `publishNeed` leaves it, needs-fixtures.ts), three bids through `submitBid`, then
 * the timed work's own steps with the clock moved — the window closes, lowest price selects,
 * publicity ends in the award, which drafts the contract (need-effects `contract.prepare`). The
 * steps are those `tick` runs (close-window, select, end-publicity), called for THIS need only,
 * so other needs a test file has set up are left where they are.
 *
 *   const c = await awardedContract(db)                                   // awarded, unsigned
 *   const s = await awardedContract(db, { m: c.m, signed: true })         // both signed
 *
 * The winner is agency `a` (lowest quote 900 000 fen, committed 15 working days); `b` and `c`
 * lost. Dates (Asia/Shanghai): bids on `start` (default Monday 2026-03-02), the window's last day
 * `start` + 4, selection on `start` + 7, the award on the day after publicity ends. The clock is
 * left at 10:00 of the award day (or of the signing day, with `signed`).
 */
import { and, asc, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { conductEvents, contracts, payoutAccounts, selectionRounds } from '#db/schema'
import { addCalendarDays, type CalendarDate } from '~/domain/dates'
import { now } from '~/domain/now'
import { actOnContract } from '~/domain/contracts/contract-actions.server'
import { getMarketplaceConfig } from '~/domain/settings/marketplace-config.server'
import { closeWindow } from '~/domain/timed-work/close-window.server'
import { endPublicity } from '~/domain/timed-work/end-publicity.server'
import { selectNeed } from '~/domain/timed-work/select.server'
import type { SessionUser } from '~/utils/auth.server'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from './needs-fixtures'

export type ContractAgency = 'a' | 'b' | 'c'

export interface AwardedContractOptions {
  /** Reuse a marketplace (set up by an earlier call); otherwise a new one with a unique tag. */
  m?: Marketplace<ContractAgency>
  /** Both parties sign through `actOnContract` (gives the winner a payout account first). */
  signed?: boolean
  /** Give the winning agency a payout_accounts row (fake `acct_test_…`). Default: `signed`. */
  payoutAccount?: boolean
  /** The day the need is open and bid on (default 2026-03-02, a Monday). */
  start?: CalendarDate
  /** Winning quote in fen (default 900 000); the losers quote a little more. */
  priceFen?: number
  /** The winner's committed working days C (default 15). */
  committedDays?: number
  /** The need's service limit S (default 20). */
  serviceDays?: number
}

export interface AwardedContract {
  m: Marketplace<ContractAgency>
  needId: string
  contractId: string
  contract: typeof contracts.$inferSelect
  ownerUser: SessionUser
  /** The winning agency's user (agency `a`). */
  agencyUser: SessionUser
  /** The supervising regulator. */
  regulatorUser: SessionUser
  /** An owner of another organisation. */
  otherOwnerUser: SessionUser
  /** An agency that bid and lost (agency `b`). */
  otherAgencyUser: SessionUser
  /** The calendar date of the award. */
  awardedOn: CalendarDate
}

let marketplaces = 0

/** Gives an agency a (fake) connected account, as onboarding would. Idempotent. */
export async function givePayoutAccount(db: Db, organisationId: string) {
  await db
    .insert(payoutAccounts)
    .values({
      organisationId,
      stripeAccountId: `acct_test_${organisationId.replace(/-/g, '').slice(0, 16)}`,
      createdAt: now(),
    })
    .onConflictDoNothing({ target: payoutAccounts.organisationId })
}

/**
 * The same need as `awardedContract`, stopped just before the award: in publicity, its
 * publicity over, the clock at 10:00 of the award day, so the next `endPublicity` (or tick)
 * awards it.
 */
export async function needAwaitingAward(
  db: Db,
  options: Omit<AwardedContractOptions, 'signed' | 'payoutAccount'> = {},
): Promise<{ m: Marketplace<ContractAgency>; needId: string; awardedOn: CalendarDate }> {
  const start = options.start ?? '2026-03-02'
  const price = options.priceFen ?? 900_000
  at(shanghaiNoon(start))
  marketplaces += 1
  const m =
    options.m ??
    (await setupMarketplace(db, {
      agencies: ['a', 'b', 'c'] as const,
      tag: `CT${marketplaces}${Math.floor(Math.random() * 1e4)}`,
    }))

  const need = await insertOpenNeed(db, m, {
    method: 'lowest_price',
    closesOn: addCalendarDays(start, 4),
    serviceDays: options.serviceDays ?? 20,
  })
  await bidOn(
    db,
    m,
    need.id,
    { a: price, b: price + 50_000, c: price + 80_000 },
    { a: options.committedDays ?? 15 },
  )

  at(shanghaiNoon(addCalendarDays(start, 7)))
  if (!(await closeWindow(db, need.id))) throw new Error('awardedContract: the window did not close')
  if ((await selectNeed(db, need.id, await getMarketplaceConfig(db))) !== 'selected')
    throw new Error('awardedContract: no selection')
  const [round] = await db
    .select({ publicityEndsOn: selectionRounds.publicityEndsOn })
    .from(selectionRounds)
    .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 1)))
  if (!round?.publicityEndsOn) throw new Error('awardedContract: no publicity')
  const awardedOn = addCalendarDays(round.publicityEndsOn, 1)
  at(shanghaiNoon(awardedOn))
  return { m, needId: need.id, awardedOn }
}

export async function awardedContract(db: Db, options: AwardedContractOptions = {}): Promise<AwardedContract> {
  const { m, needId, awardedOn } = await needAwaitingAward(db, options)
  const need = { id: needId }
  if (!(await endPublicity(db, need.id))) throw new Error('awardedContract: not awarded')

  const [drafted] = await db.select().from(contracts).where(eq(contracts.needId, need.id))
  if (!drafted) throw new Error('awardedContract: no contract drafted')

  if (options.payoutAccount ?? options.signed ?? false) await givePayoutAccount(db, m.agencies.a.organisationId)
  if (options.signed) {
    await actOnContract(db, m.owner.user, drafted.id, 'sign_contract')
    await actOnContract(db, m.agencies.a.user, drafted.id, 'sign_contract')
  }
  const [contract] = await db.select().from(contracts).where(eq(contracts.id, drafted.id))

  return {
    m,
    needId: need.id,
    contractId: contract.id,
    contract,
    ownerUser: m.owner.user,
    agencyUser: m.agencies.a.user,
    regulatorUser: m.regulator.user,
    otherOwnerUser: m.otherOwner.user,
    otherAgencyUser: m.agencies.b.user,
    awardedOn,
  }
}

/** The overdue-day conduct events of a contract (the days the tick recorded), oldest first. */
export async function overdueDaysOf(db: Db, contractId: string): Promise<string[]> {
  const rows = await db
    .select({ onDate: conductEvents.onDate })
    .from(conductEvents)
    .where(and(eq(conductEvents.contractId, contractId), eq(conductEvents.kind, 'overdue_day')))
    .orderBy(asc(conductEvents.onDate))
  return rows.map((r) => r.onDate)
}
