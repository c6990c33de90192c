/**
 * The admin's contract templates (issue 13 §1): one per service type, both languages, drafted
 * from on award (contracts.server.ts `templateFor`). A service type without its own row uses the
 * built-in default (version 0). Each save bumps the version and writes an audit event; "reset to
 * default" deletes the row. A contract already drafted keeps its text: it stores the canonical
 * text and its hash, never a reference to the template.
 */
import { asc, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { contractTemplates, serviceTypes } from '#db/schema'
import { NotFound, RuleViolations, type FieldProblem } from '~/domain/errors'
import { now } from '~/domain/now'
import { recordAudit, type Actor } from '~/utils/audit.server'
import { defaultContractTemplate, sha256Hex, unknownVariables } from './contract-text'
import type { ContractTemplateInput } from './template-schemas'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Every service type with its template's version (null: the default). */
export async function listContractTemplates(db: Db) {
  const rows = await db
    .select({
      id: serviceTypes.id,
      code: serviceTypes.code,
      nameZh: serviceTypes.nameZh,
      nameEn: serviceTypes.nameEn,
      active: serviceTypes.active,
      version: contractTemplates.version,
      updatedAt: contractTemplates.updatedAt,
    })
    .from(serviceTypes)
    .leftJoin(contractTemplates, eq(contractTemplates.serviceTypeId, serviceTypes.id))
    .orderBy(asc(serviceTypes.code))
  return rows.map((r) => ({ ...r, version: r.version ?? null, updatedAt: r.updatedAt ?? null }))
}

async function serviceTypeOf(db: Db, serviceTypeId: string) {
  if (!UUID.test(serviceTypeId)) throw new NotFound()
  const [row] = await db.select().from(serviceTypes).where(eq(serviceTypes.id, serviceTypeId))
  if (!row) throw new NotFound()
  return row
}

/** The service type's template for editing: its own, or the default (prefilled, version null). */
export async function contractTemplateForEdit(db: Db, serviceTypeId: string) {
  const st = await serviceTypeOf(db, serviceTypeId)
  const [row] = await db.select().from(contractTemplates).where(eq(contractTemplates.serviceTypeId, st.id))
  return {
    serviceType: { id: st.id, code: st.code, nameZh: st.nameZh, nameEn: st.nameEn },
    version: row?.version ?? null,
    updatedAt: row?.updatedAt ?? null,
    bodyZh: row?.bodyZh ?? defaultContractTemplate.bodyZh,
    bodyEn: row?.bodyEn ?? defaultContractTemplate.bodyEn,
  }
}

/** Refuses a body using a `{{name}}` that is not a contract variable, at its field, naming them. */
function checkVariables(input: ContractTemplateInput) {
  const problems: FieldProblem[] = []
  for (const field of ['bodyZh', 'bodyEn'] as const) {
    const unknown = unknownVariables(input[field])
    if (unknown.length)
      problems.push({ field, messageKey: 'contractSigning.templates.unknownVariables', params: { names: unknown.join(', ') } })
  }
  if (problems.length) throw new RuleViolations('contractSigning.templates.invalid', {}, problems)
}

/** Saves the service type's template as a new version (1 for the first); returns the version. */
export async function saveContractTemplate(
  db: Db,
  actor: Actor,
  serviceTypeId: string,
  input: ContractTemplateInput,
): Promise<number> {
  checkVariables(input)
  return db.transaction(async (tx) => {
    const st = await serviceTypeOf(tx, serviceTypeId)
    const at = now()
    const [row] = await tx
      .insert(contractTemplates)
      .values({ serviceTypeId: st.id, version: 1, bodyZh: input.bodyZh, bodyEn: input.bodyEn, updatedAt: at, updatedBy: actor.userId })
      .onConflictDoUpdate({
        target: contractTemplates.serviceTypeId,
        set: {
          version: sql`${contractTemplates.version} + 1`,
          bodyZh: input.bodyZh,
          bodyEn: input.bodyEn,
          updatedAt: at,
          updatedBy: actor.userId,
        },
      })
      .returning({ version: contractTemplates.version })
    await recordAudit(tx, {
      actor,
      action: 'catalogue.contractTemplate.saved',
      entityType: 'service_type',
      entityId: st.id,
      payload: {
        version: row.version,
        bodyZhSha256: sha256Hex(input.bodyZh),
        bodyEnSha256: sha256Hex(input.bodyEn),
      },
    })
    return row.version
  })
}

/** Deletes the service type's own template: contracts drafted from now on use the default. */
export async function resetContractTemplate(db: Db, actor: Actor, serviceTypeId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const st = await serviceTypeOf(tx, serviceTypeId)
    const deleted = await tx
      .delete(contractTemplates)
      .where(eq(contractTemplates.serviceTypeId, st.id))
      .returning({ version: contractTemplates.version })
    if (!deleted.length) return
    await recordAudit(tx, {
      actor,
      action: 'catalogue.contractTemplate.reset',
      entityType: 'service_type',
      entityId: st.id,
      payload: { previousVersion: deleted[0].version },
    })
  })
}
