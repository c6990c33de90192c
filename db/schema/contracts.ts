import { relations, sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations, users } from './accounts'
import { storedFiles } from './agencies'
import { serviceTypes } from './catalogue'
import { bids, needs } from './needs'

/**
 * The contract template of a service type (admin-editable, both languages). A service type
 * without a row uses the built-in default (app/domain/contracts/contract-text.ts). Each edit
 * bumps `version`; a contract keeps the version and the text it was drafted from.
 */
export const contractTemplates = pgTable('contract_templates', {
  serviceTypeId: uuid('service_type_id')
    .primaryKey()
    .references(() => serviceTypes.id, { onDelete: 'cascade' }),
  version: integer('version').notNull().default(1),
  bodyZh: text('body_zh').notNull(),
  bodyEn: text('body_en').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
})

export const faultParty = pgEnum('fault_party', ['owner', 'agency', 'both', 'none'])
/** Collecting the contract price from the owner: only Stripe's answer or a verified webhook moves it. */
export const collectStatus = pgEnum('contract_collect_status', ['unpaid', 'processing', 'failed', 'paid'])
export const terminationKind = pgEnum('contract_termination_kind', ['lapsed', 'agreement', 'ruling'])
export const approvalOutcome = pgEnum('approval_outcome', ['approved', 'rejected'])

/**
 * The contract of an awarded need (one per need). Its life is the need's (need-lifecycle.ts);
 * this row holds what the contract adds: the drafted text and its hash, the signatures, the
 * limits the clock counts against (snapshotted at drafting), the money held by the platform and
 * how the contract ended.
 */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    needId: uuid('need_id')
      .notNull()
      .unique()
      .references(() => needs.id, { onDelete: 'restrict' }),
    bidId: uuid('bid_id')
      .notNull()
      .references(() => bids.id, { onDelete: 'restrict' }),
    ownerOrganisationId: uuid('owner_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    agencyOrganisationId: uuid('agency_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    /** C: the agency's committed working days (its bid). */
    committedDays: integer('committed_days').notNull(),
    /** S: the need's service time limit. */
    serviceDays: integer('service_days').notNull(),
    /** L and P of the approval item, as they were at drafting. */
    statutoryDays: integer('statutory_days').notNull(),
    processingDays: integer('processing_days').notNull(),
    /** The template version drafted from (0 = the built-in default). */
    templateVersion: integer('template_version').notNull(),
    /** The canonical contract text (both languages); its SHA-256 is what the parties sign. */
    canonicalText: text('canonical_text').notNull(),
    textSha256: text('text_sha256').notNull(),
    /** The last day both must have signed (Asia/Shanghai). */
    signDueOn: date('sign_due_on', { mode: 'string' }).notNull(),
    ownerSignedAt: timestamp('owner_signed_at', { withTimezone: true }),
    ownerSignedBy: uuid('owner_signed_by').references(() => users.id, { onDelete: 'set null' }),
    agencySignedAt: timestamp('agency_signed_at', { withTimezone: true }),
    agencySignedBy: uuid('agency_signed_by').references(() => users.id, { onDelete: 'set null' }),
    collectStatus: collectStatus('collect_status').notNull().default('unpaid'),
    /** How many times the owner has started paying (each confirm attempt has its own idempotency key). */
    collectAttempts: integer('collect_attempts').notNull().default(0),
    /** Stripe's error code of the last failed attempt (card_declined …), shown translated. */
    lastPaymentError: text('last_payment_error'),
    paymentIntentId: text('payment_intent_id'),
    /** Integer fen the platform holds / has paid out / has refunded, from Stripe's answers only. */
    heldFen: bigint('held_fen', { mode: 'number' }).notNull().default(0),
    releasedFen: bigint('released_fen', { mode: 'number' }).notNull().default(0),
    refundedFen: bigint('refunded_fen', { mode: 'number' }).notNull().default(0),
    /** D0 of the agency segment (the later of both signatures and the payment). */
    startedOn: date('started_on', { mode: 'string' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    approvalDocumentNo: text('approval_document_no'),
    approvalOutcome: approvalOutcome('approval_outcome'),
    /** An open proposal to end the contract by agreement (the other party accepts or declines it). */
    terminationProposal: jsonb('termination_proposal').$type<{
      by: 'owner' | 'agency'
      userId: string
      reason: string
      refundFen: number
      releaseFen: number
      at: string
    }>(),
    terminationKind: terminationKind('termination_kind'),
    terminationReason: text('termination_reason'),
    partyAtFault: faultParty('party_at_fault'),
    terminatedAt: timestamp('terminated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('contracts_owner').on(t.ownerOrganisationId, t.createdAt),
    index('contracts_agency').on(t.agencyOrganisationId, t.createdAt),
    check('contracts_price_positive', sql`${t.priceFen} > 0`),
    check(
      'contracts_money_balanced',
      sql`${t.heldFen} >= 0 and ${t.releasedFen} >= 0 and ${t.refundedFen} >= 0 and ${t.releasedFen} + ${t.refundedFen} <= ${t.heldFen}`,
    ),
  ],
)

/**
 * The bundled clock's events of a contract (SPEC §6), in the order they happened; the clock
 * (app/domain/clock/bundled-clock.ts) is a pure function of them. Append-only.
 */
export const contractClockEvents = pgTable(
  'contract_clock_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    /** `extended`: the working days added to C. */
    days: integer('days'),
    reason: text('reason'),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('contract_clock_events_contract').on(t.contractId, t.id)],
)

export const deliveryOutcome = pgEnum('delivery_outcome', ['pending', 'returned', 'accepted'])

/** Every version of the report the agency delivered (never overwritten). */
export const contractDeliveries = pgTable(
  'contract_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id, { onDelete: 'restrict' }),
    sha256: text('sha256').notNull(),
    deliveredOn: date('delivered_on', { mode: 'string' }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }).notNull(),
    deliveredBy: uuid('delivered_by').references(() => users.id, { onDelete: 'set null' }),
    outcome: deliveryOutcome('outcome').notNull().default('pending'),
    /** The owner's reasons for a return. */
    decisionReason: text('decision_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('contract_deliveries_version').on(t.contractId, t.version)],
)

export const paymentKind = pgEnum('contract_payment_kind', ['payment_intent', 'transfer', 'refund'])

/**
 * Each Stripe object the platform asked for on a contract (one row per outbox call): the
 * PaymentIntent collecting the price, the Transfer paying the agency, the Refund to the owner.
 * `status` is Stripe's, written only from Stripe's answer or a verified webhook.
 */
export const contractPayments = pgTable(
  'contract_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'restrict' }),
    kind: paymentKind('kind').notNull(),
    /** collect / acceptance / termination. */
    purpose: text('purpose').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** A Transfer: what Stripe says has been reversed of it (its `amount_reversed`; only grows). */
    reversedFen: bigint('reversed_fen', { mode: 'number' }).notNull().default(0),
    stripeId: text('stripe_id'),
    status: text('status').notNull().default('requested'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('contract_payments_contract').on(t.contractId),
    uniqueIndex('contract_payments_stripe_id').on(t.stripeId),
    check('contract_payments_amount_positive', sql`${t.amountFen} > 0`),
  ],
)

/** Stripe webhook events, stored once by id (a replay has no second effect). */
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  objectId: text('object_id'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
})

/** An agency's connected account, where the platform transfers its pay. */
export const payoutAccounts = pgTable('payout_accounts', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'restrict' }),
  stripeAccountId: text('stripe_account_id').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
})

export const conductKind = pgEnum('conduct_kind', ['overdue_day', 'contract_lapsed', 'terminated_at_fault'])

/**
 * What an agency did on a contract that the credit ledger (issue 14) turns into points: each
 * working day past C, a contract it did not sign in time, a termination at its fault. Written
 * idempotently (one per contract, kind and day).
 */
export const conductEvents = pgTable(
  'conduct_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    agencyOrganisationId: uuid('agency_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'restrict' }),
    kind: conductKind('kind').notNull(),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    details: jsonb('details').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /**
     * When its credit event was written (set in that transaction, app/domain/credit/ledger.server.ts
     * `recordConductCredit`); null until then. The timed work's carry reads only the null rows,
     * through the partial index below.
     */
    creditedAt: timestamp('credited_at', { withTimezone: true }),
  },
  (t) => [
    unique('conduct_events_once').on(t.contractId, t.kind, t.onDate),
    index('conduct_events_agency').on(t.agencyOrganisationId, t.onDate),
    index('conduct_events_uncredited').on(t.id).where(sql`credited_at is null`),
  ],
)

export const contractsRelations = relations(contracts, ({ one, many }) => ({
  need: one(needs, { fields: [contracts.needId], references: [needs.id] }),
  bid: one(bids, { fields: [contracts.bidId], references: [bids.id] }),
  clockEvents: many(contractClockEvents),
  deliveries: many(contractDeliveries),
  payments: many(contractPayments),
}))

export const contractClockEventsRelations = relations(contractClockEvents, ({ one }) => ({
  contract: one(contracts, { fields: [contractClockEvents.contractId], references: [contracts.id] }),
}))

export const contractDeliveriesRelations = relations(contractDeliveries, ({ one }) => ({
  contract: one(contracts, { fields: [contractDeliveries.contractId], references: [contracts.id] }),
  file: one(storedFiles, { fields: [contractDeliveries.fileId], references: [storedFiles.id] }),
}))

export const contractPaymentsRelations = relations(contractPayments, ({ one }) => ({
  contract: one(contracts, { fields: [contractPayments.contractId], references: [contracts.id] }),
}))
