/** Catalogue reads and admin edits; every edit is one transaction with its audit event. */
import { and, asc, eq, inArray, ne } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import {
  approvalItems,
  approvalItemServiceTypes,
  departments,
  qualificationLevels,
  qualificationTypes,
  serviceTypeQualifications,
  serviceTypes,
} from '#db/schema'
import { now } from '~/domain/now'
import { NotFound, RuleViolation } from '~/domain/errors'
import { recordAudit, type Actor } from '~/utils/audit.server'
import type { ApprovalItemInput, DepartmentInput, QualificationTypeInput, ServiceTypeInput } from './schemas'

type CodedTable = typeof departments | typeof serviceTypes | typeof approvalItems | typeof qualificationTypes

async function assertCodeFree(tx: Db, table: CodedTable, code: string, exceptId?: string) {
  const where = exceptId ? and(eq(table.code, code), ne(table.id, exceptId)) : eq(table.code, code)
  const [clash] = await tx.select({ id: table.id }).from(table).where(where)
  if (clash) throw new RuleViolation('validation.codeTaken', {}, 'code')
}

async function assertExists(tx: Db, table: CodedTable, id: string, field: string) {
  const [row] = await tx.select({ id: table.id }).from(table).where(eq(table.id, id))
  if (!row) throw new RuleViolation('validation.choose', {}, field)
}

async function assertAllExist(tx: Db, table: typeof serviceTypes | typeof qualificationTypes, ids: string[], field: string) {
  if (!ids.length) return
  const rows = await tx.select({ id: table.id }).from(table).where(inArray(table.id, ids))
  if (rows.length !== new Set(ids).size) throw new RuleViolation('validation.choose', {}, field)
}

// ── Departments ──────────────────────────────────────────────────────────────

export function listDepartments(db: Db) {
  return db.select().from(departments).orderBy(asc(departments.code))
}

export async function getDepartment(db: Db, id: string) {
  const [row] = await db.select().from(departments).where(eq(departments.id, id))
  if (!row) throw new NotFound()
  return row
}

export async function saveDepartment(db: Db, actor: Actor, input: DepartmentInput, id?: string) {
  return db.transaction(async (tx) => {
    await assertCodeFree(tx, departments, input.code, id)
    const before = id ? await getDepartment(tx, id) : null
    const [row] = id
      ? await tx.update(departments).set({ ...input, updatedAt: now() }).where(eq(departments.id, id)).returning()
      : await tx.insert(departments).values({ ...input, createdAt: now(), updatedAt: now() }).returning()
    await recordAudit(tx, {
      actor,
      action: id ? 'catalogue.department.updated' : 'catalogue.department.created',
      entityType: 'department',
      entityId: row.id,
      payload: { before: before && pick(before, input), after: input },
    })
    return row
  })
}

// ── Qualification types ──────────────────────────────────────────────────────

export async function listQualificationTypes(db: Db) {
  return db.query.qualificationTypes.findMany({
    orderBy: asc(qualificationTypes.code),
    with: { levels: { orderBy: asc(qualificationLevels.rank) } },
  })
}

export async function getQualificationType(db: Db, id: string) {
  const row = await db.query.qualificationTypes.findFirst({
    where: eq(qualificationTypes.id, id),
    with: { levels: { orderBy: asc(qualificationLevels.rank) } },
  })
  if (!row) throw new NotFound()
  return row
}

export async function saveQualificationType(db: Db, actor: Actor, input: QualificationTypeInput, id?: string) {
  const { levels, ...fields } = input
  return db.transaction(async (tx) => {
    await assertCodeFree(tx, qualificationTypes, input.code, id)
    const before = id ? await getQualificationType(tx, id) : null
    const [row] = id
      ? await tx.update(qualificationTypes).set({ ...fields, updatedAt: now() }).where(eq(qualificationTypes.id, id)).returning()
      : await tx.insert(qualificationTypes).values({ ...fields, createdAt: now(), updatedAt: now() }).returning()
    await replaceLevels(tx, row.id, levels, before?.levels ?? [])
    await recordAudit(tx, {
      actor,
      action: id ? 'catalogue.qualificationType.updated' : 'catalogue.qualificationType.created',
      entityType: 'qualification_type',
      entityId: row.id,
      payload: {
        before: before && { ...pick(before, fields), levels: before.levels.map(({ code, nameZh, nameEn }) => ({ code, nameZh, nameEn })) },
        after: input,
      },
    })
    return row
  })
}

/**
 * Levels keep their ids when their code stays (later tables reference them); ranks follow the
 * new order. Ranks are first moved out of the way to respect the unique (type, rank) index.
 */
async function replaceLevels(
  tx: Db,
  typeId: string,
  levels: QualificationTypeInput['levels'],
  existing: { id: string; code: string }[],
) {
  const keep = new Map(existing.map((l) => [l.code, l.id]))
  const wanted = new Set(levels.map((l) => l.code))
  const removed = existing.filter((l) => !wanted.has(l.code)).map((l) => l.id)
  if (removed.length) await tx.delete(qualificationLevels).where(inArray(qualificationLevels.id, removed))
  for (const [i, l] of existing.entries()) {
    if (wanted.has(l.code)) await tx.update(qualificationLevels).set({ rank: 1000 + i }).where(eq(qualificationLevels.id, l.id))
  }
  for (const [i, level] of levels.entries()) {
    const id = keep.get(level.code)
    if (id) await tx.update(qualificationLevels).set({ ...level, rank: i + 1 }).where(eq(qualificationLevels.id, id))
    else await tx.insert(qualificationLevels).values({ ...level, rank: i + 1, qualificationTypeId: typeId })
  }
}

// ── Service types ────────────────────────────────────────────────────────────

export async function listServiceTypes(db: Db) {
  return db.query.serviceTypes.findMany({
    orderBy: asc(serviceTypes.code),
    with: { department: true, qualifications: { with: { qualificationType: true } } },
  })
}

export async function getServiceType(db: Db, id: string) {
  const row = await db.query.serviceTypes.findFirst({
    where: eq(serviceTypes.id, id),
    with: { qualifications: true },
  })
  if (!row) throw new NotFound()
  return { ...row, qualificationTypeIds: row.qualifications.map((q) => q.qualificationTypeId) }
}

export async function saveServiceType(db: Db, actor: Actor, input: ServiceTypeInput, id?: string) {
  const { qualificationTypeIds, ...fields } = input
  return db.transaction(async (tx) => {
    await assertCodeFree(tx, serviceTypes, input.code, id)
    await assertExists(tx, departments, input.departmentId, 'departmentId')
    await assertAllExist(tx, qualificationTypes, qualificationTypeIds, 'qualificationTypeIds')
    const before = id ? await getServiceType(tx, id) : null
    const [row] = id
      ? await tx.update(serviceTypes).set({ ...fields, updatedAt: now() }).where(eq(serviceTypes.id, id)).returning()
      : await tx.insert(serviceTypes).values({ ...fields, createdAt: now(), updatedAt: now() }).returning()
    await tx.delete(serviceTypeQualifications).where(eq(serviceTypeQualifications.serviceTypeId, row.id))
    if (qualificationTypeIds.length) {
      await tx
        .insert(serviceTypeQualifications)
        .values([...new Set(qualificationTypeIds)].map((qualificationTypeId) => ({ serviceTypeId: row.id, qualificationTypeId })))
    }
    await recordAudit(tx, {
      actor,
      action: id ? 'catalogue.serviceType.updated' : 'catalogue.serviceType.created',
      entityType: 'service_type',
      entityId: row.id,
      payload: {
        before: before && { ...pick(before, fields), qualificationTypeIds: before.qualificationTypeIds },
        after: input,
      },
    })
    return row
  })
}

// ── Approval items ───────────────────────────────────────────────────────────

export async function listApprovalItems(db: Db) {
  return db.query.approvalItems.findMany({
    orderBy: asc(approvalItems.code),
    with: { department: true, serviceTypes: { with: { serviceType: true } } },
  })
}

export async function getApprovalItem(db: Db, id: string) {
  const row = await db.query.approvalItems.findFirst({
    where: eq(approvalItems.id, id),
    with: { serviceTypes: true },
  })
  if (!row) throw new NotFound()
  return { ...row, serviceTypeIds: row.serviceTypes.map((s) => s.serviceTypeId) }
}

export async function saveApprovalItem(db: Db, actor: Actor, input: ApprovalItemInput, id?: string) {
  const { serviceTypeIds, ...fields } = input
  if (fields.committedDays > fields.statutoryDays) {
    throw new RuleViolation('validation.committedAboveStatutory', {}, 'committedDays')
  }
  return db.transaction(async (tx) => {
    await assertCodeFree(tx, approvalItems, input.code, id)
    await assertExists(tx, departments, input.departmentId, 'departmentId')
    await assertAllExist(tx, serviceTypes, serviceTypeIds, 'serviceTypeIds')
    const before = id ? await getApprovalItem(tx, id) : null
    const [row] = id
      ? await tx.update(approvalItems).set({ ...fields, updatedAt: now() }).where(eq(approvalItems.id, id)).returning()
      : await tx.insert(approvalItems).values({ ...fields, createdAt: now(), updatedAt: now() }).returning()
    await tx.delete(approvalItemServiceTypes).where(eq(approvalItemServiceTypes.approvalItemId, row.id))
    if (serviceTypeIds.length) {
      await tx
        .insert(approvalItemServiceTypes)
        .values([...new Set(serviceTypeIds)].map((serviceTypeId) => ({ approvalItemId: row.id, serviceTypeId })))
    }
    await recordAudit(tx, {
      actor,
      action: id ? 'catalogue.approvalItem.updated' : 'catalogue.approvalItem.created',
      entityType: 'approval_item',
      entityId: row.id,
      payload: {
        before: before && { ...pick(before, fields), serviceTypeIds: before.serviceTypeIds },
        after: input,
      },
    })
    return row
  })
}

/** The fields of `row` that the input also has, for before/after audit payloads. */
function pick<T extends object>(row: T, shape: object): Partial<T> {
  const out: Partial<T> = {}
  for (const key of Object.keys(shape) as (keyof T)[]) out[key] = row[key]
  return out
}
