import { date, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { organisations, users } from './accounts'
import { storedFiles } from './agencies'
import { blacklistEntries } from './blacklist'
import { contracts } from './contracts'
import { needs } from './needs'

/** What a complaint is about: an agency's conduct on a contract, or a need's procedure. */
export const complaintSubject = pgEnum('complaint_subject', ['contract', 'need'])

/** The complaint's state (app/domain/complaints/complaint-rules.ts). */
export const complaintStatus = pgEnum('complaint_status', [
  'pending',
  'accepted',
  'invalid',
  'upheld',
  'dismissed',
  'withdrawn',
])

/**
 * Complaints (投诉, SPEC §8, issue 14 §5): filed by an owner or an agency to the regulator
 * supervising the need's service type, kept forever. `need_id` is always set (a contract's
 * complaint carries its need: the remit and the subject's title come from it). The due dates are
 * working-day dates computed from the filing day when it is filed (config may change later; a
 * filed complaint keeps its dates).
 */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subject: complaintSubject('subject').notNull(),
    needId: uuid('need_id')
      .notNull()
      .references(() => needs.id, { onDelete: 'restrict' }),
    contractId: uuid('contract_id').references(() => contracts.id, { onDelete: 'restrict' }),
    complainantOrganisationId: uuid('complainant_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    filedByUserId: uuid('filed_by_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** The agency complained about (a contract's agency; optional for a need's procedure). */
    targetAgencyOrganisationId: uuid('target_agency_organisation_id').references(() => organisations.id, {
      onDelete: 'restrict',
    }),
    text: text('text').notNull(),
    status: complaintStatus('status').notNull().default('pending'),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
    /** The Asia/Shanghai filing day; the due dates count working days from it. */
    filedOn: date('filed_on', { mode: 'string' }).notNull(),
    /** The regulator accepts or rejects as invalid by this day. */
    acceptDueOn: date('accept_due_on', { mode: 'string' }).notNull(),
    /** The regulator reaches a final answer by this day. */
    answerDueOn: date('answer_due_on', { mode: 'string' }).notNull(),
    acceptedByUserId: uuid('accepted_by_user_id').references(() => users.id, { onDelete: 'restrict' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id, { onDelete: 'restrict' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** The regulator's reasons (rejected as invalid, upheld, dismissed); published for an upheld one. */
    decisionReasons: text('decision_reasons'),
    withdrawnByUserId: uuid('withdrawn_by_user_id').references(() => users.id, { onDelete: 'restrict' }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    /** The blacklisting decided on the same screen as the upholding. */
    blacklistEntryId: uuid('blacklist_entry_id').references(() => blacklistEntries.id, { onDelete: 'restrict' }),
  },
  (t) => [
    index('complaints_complainant').on(t.complainantOrganisationId, t.filedAt),
    index('complaints_target').on(t.targetAgencyOrganisationId, t.status),
    index('complaints_need').on(t.needId),
    index('complaints_status_due').on(t.status, t.answerDueOn),
  ],
)

/** A complaint's attachments (stored files uploaded by the complainant with the same checks as evidence elsewhere). */
export const complaintFiles = pgTable(
  'complaint_files',
  {
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'restrict' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.complaintId, t.fileId] }), index('complaint_files_file').on(t.fileId)],
)
