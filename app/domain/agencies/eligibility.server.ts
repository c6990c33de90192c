/**
 * Eligibility from the live data, read in ONE query however many agencies are asked about: the
 * inputs of the pure `eligibility()` (eligibility.ts) — each agency's status, whether it offers
 * the service type, its qualifications with their level ranks, its blacklist entries in force —
 * and the requirement (the service type's accepted qualification types, the need's minimum level
 * rank) come back as JSON from correlated subqueries, and `eligibility()` decides. So a bid checks
 * its agency with one query (joined to the need's own read, bids.server.ts) and the close checks
 * all of a need's bidders with one query (bid-assessment.server.ts), with exactly the answers of
 * one agency at a time.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { shanghaiDate, type CalendarDate } from '~/domain/dates'
import { NotFound } from '~/domain/errors'
import { now } from '~/domain/now'
import type { BlacklistPeriod } from '~/domain/blacklist/blacklist-rules'
import { eligibility, type Eligibility, type EligibilityAgency } from './eligibility'

/** One agency's inputs as the JSON of `agencyInputsJson` gives them. */
export interface AgencyInputs {
  id: string
  kind: string
  status: EligibilityAgency['status']
  /** Whether the agency offers the service type asked about. */
  offers: boolean
  qualifications: { qualificationTypeId: string; levelRank: number; validUntil: CalendarDate }[]
  /** Its blacklist entries in force (the same rows `agencyEligibility` always read). */
  blacklist: BlacklistPeriod[]
}

/** The requirement's inputs: the service type's accepted qualification types (null: no such service type). */
export type RequirementInputs = { qualificationTypeIds: string[] } | null

/**
 * SQL for one agency's inputs as a JSON object, `o` being its `organisations` row and `st` an
 * expression for the service type asked about (aliases prefixed `el_` so they never clash with
 * the query this is embedded in).
 */
function agencyObject(o: string, st: SQL): SQL {
  const org = sql.raw(o)
  return sql`json_build_object(
    'id', ${org}.id,
    'kind', ${org}.kind,
    'status', ${org}.status,
    'offers', exists (select 1 from agency_service_types el_s where el_s.organisation_id = ${org}.id and el_s.service_type_id = ${st}),
    'qualifications', coalesce((
      select json_agg(json_build_object('qualificationTypeId', el_q.qualification_type_id, 'levelRank', el_l.rank, 'validUntil', el_q.valid_until))
      from agency_qualifications el_q join qualification_levels el_l on el_l.id = el_q.level_id
      where el_q.organisation_id = ${org}.id), '[]'::json),
    'blacklist', coalesce((
      select json_agg(json_build_object('status', el_b.status, 'scope', el_b.scope, 'serviceTypeIds', el_b.service_type_ids, 'startsOn', el_b.starts_on, 'endsOn', el_b.ends_on))
      from blacklist_entries el_b
      where el_b.agency_organisation_id = ${org}.id and el_b.status = 'in_force'), '[]'::json)
  )`
}

/** SQL: the inputs of the agency whose id is `organisationId` for the service type `st`, as JSON (null when no such organisation). */
export function agencyInputsJson(organisationId: string | SQL, st: SQL): SQL<AgencyInputs | null> {
  return sql<AgencyInputs | null>`(select ${agencyObject('el_o', st)} from organisations el_o where el_o.id = ${organisationId})`
}

/** SQL: the requirement of the service type `st` as JSON (null when no such service type). */
export function requirementJson(st: SQL): SQL<RequirementInputs> {
  return sql<RequirementInputs>`(select json_build_object('qualificationTypeIds', coalesce(
      (select json_agg(el_sq.qualification_type_id) from service_type_qualifications el_sq where el_sq.service_type_id = el_st.id), '[]'::json))
    from service_types el_st where el_st.id = ${st})`
}

/** SQL: the rank of the qualification level `levelId` (null without one or when it is unknown) (the need's minimum level bound). */
export function levelRankSql(levelId: SQL): SQL<number | null> {
  return sql<number | null>`(select el_lv.rank from qualification_levels el_lv where el_lv.id = ${levelId})`
}

/**
 * The pure decision from inputs read by the SQL above: NotFound for an unknown (or non-agency)
 * organisation or service type, as `agencyEligibility` always answered.
 */
export function eligibilityFromInputs(
  agency: AgencyInputs | null,
  requirement: RequirementInputs,
  serviceTypeId: string,
  maxLevelRank: number | null | undefined,
  today: CalendarDate = shanghaiDate(now()),
): Eligibility {
  if (!agency || agency.kind !== 'agency') throw new NotFound()
  if (!requirement) throw new NotFound()
  return eligibility(
    {
      status: agency.status,
      serviceTypeIds: agency.offers ? [serviceTypeId] : [],
      qualifications: agency.qualifications,
      blacklist: agency.blacklist,
    },
    { serviceTypeId, qualificationTypeIds: requirement.qualificationTypeIds, maxLevelRank: maxLevelRank ?? undefined },
    today,
  )
}

/** The minimum level of a need: its rank given, or the level's id to look the rank up in the same query. */
export type LevelBound = { rank: number | undefined } | { levelId: string | null }

/**
 * Eligibility of each of `organisationIds` for one service type, in one query (none when no one
 * is asked); NotFound when the service type or one of the organisations (an agency) is unknown.
 */
export async function agenciesEligibility(
  db: Db,
  organisationIds: readonly string[],
  serviceTypeId: string,
  bound: LevelBound = { rank: undefined },
): Promise<Map<string, Eligibility>> {
  const ids = [...new Set(organisationIds)]
  if (!ids.length) return new Map()
  const st = sql`${serviceTypeId}::uuid`
  const rank = 'levelId' in bound ? (bound.levelId ? levelRankSql(sql`${bound.levelId}::uuid`) : sql`null::int`) : sql`${bound.rank ?? null}::int`
  const agencies = sql`(select coalesce(json_agg(${agencyObject('el_o', st)}), '[]'::json) from organisations el_o
    where el_o.id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}))`
  const result = await db.execute<{ requirement: RequirementInputs; rank: number | null; agencies: AgencyInputs[] }>(
    sql`select ${requirementJson(st)} as requirement, ${rank} as rank, ${agencies} as agencies`,
  )
  const [row] = (result as unknown as { rows: { requirement: RequirementInputs; rank: number | null; agencies: AgencyInputs[] }[] }).rows
  if (!row?.requirement) throw new NotFound()
  const byId = new Map(row.agencies.map((a) => [a.id, a]))
  const today = shanghaiDate(now())
  const out = new Map<string, Eligibility>()
  for (const id of ids) out.set(id, eligibilityFromInputs(byId.get(id) ?? null, row.requirement, serviceTypeId, row.rank, today))
  return out
}
