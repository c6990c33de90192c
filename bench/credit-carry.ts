/**
 * The timed work's credit-ledger step (`carryToLedger`, app/domain/credit/ledger.server.ts) with a
 * long carried history vs none, in the same process on an in-memory PGlite: each run adds K new
 * conduct events to one contract and times the step that carries them (median of R runs). The
 * baseline runs on an empty history; then N conduct events already carried (with their ledger
 * rows) are added and the same runs repeat. The figure is the ratio history ÷ baseline: about 1
 * when the step is incremental (it reads only the uncarried rows through a partial index), growing
 * with N if it scanned the history. For comparison it also times the previous listing query (the
 * anti-join of all conduct events against the ledger) on the same history.
 *
 * The history is bulk-inserted in SQL (points 0, so the stored score is unchanged) — a fixture for
 * timing only; the app's one writer of ledger rows remains `recordCreditEvent`.
 * Env: BENCH_HISTORY (N, default 50,000), BENCH_NEW (K, default 20), BENCH_RUNS (R, default 7).
 */
import { sql } from 'drizzle-orm'
import { migrateDatabase, openDatabase } from '#db/client.server'
import { carryToLedger } from '~/domain/credit/ledger.server'
import { addCalendarDays } from '~/domain/dates'
import { awardedContract } from '../test/support/contract-fixtures'

const HISTORY = Number(process.env.BENCH_HISTORY ?? 50_000)
const NEW = Number(process.env.BENCH_NEW ?? 20)
const RUNS = Number(process.env.BENCH_RUNS ?? 7)

const database = await openDatabase({ pgliteDir: 'memory://bench-credit-carry' })
await migrateDatabase(database)
const db = database.db
const k = await awardedContract(db, { signed: true })
const agencyId = k.contract.agencyOrganisationId
const contractId = k.contractId
// Settle whatever the fixture left to carry.
await carryToLedger(db)

let day = 0
/** K new conduct events (terminations on distinct days: the same per-row work in every run). */
async function addNew() {
  const rows = Array.from({ length: NEW }, () => addCalendarDays('2030-01-01', day++))
  for (const onDate of rows) {
    await db.execute(sql`
      insert into conduct_events (agency_organisation_id, contract_id, kind, on_date, created_at)
      values (${agencyId}, ${contractId}, 'terminated_at_fault', ${onDate}, now())`)
  }
}

async function timeSteps(label: string): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    await addNew()
    const start = performance.now()
    const carried = await carryToLedger(db)
    times.push(performance.now() - start)
    if (carried !== NEW) throw new Error(`${label}: carried ${carried}, expected ${NEW}`)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]
  console.log(`${label}: median ${median.toFixed(1)} ms per step (${NEW} new events, ${RUNS} runs)`)
  return median
}

async function oldListing(): Promise<number> {
  const start = performance.now()
  await db.execute(sql`
    select ce.id from conduct_events ce
    left join credit_events cr on cr.conduct_event_id = ce.id
    where cr.id is null order by ce.id`)
  return performance.now() - start
}

await timeSteps('warm-up (not counted)')
const baseline = await timeSteps('baseline (no carried history)')
const oldBaseline = await oldListing()

console.log(`adding ${HISTORY.toLocaleString('en-US')} carried conduct events with their ledger rows…`)
await db.execute(sql`
  insert into conduct_events (agency_organisation_id, contract_id, kind, on_date, created_at, credited_at)
  select ${agencyId}, ${contractId}, 'contract_lapsed', date '1900-01-01' + g, now(), now()
  from generate_series(1, ${HISTORY}) g`)
await db.execute(sql`
  insert into credit_events (agency_organisation_id, kind, source, points, contract_id, conduct_event_id, fact_key, on_date, created_at)
  select ce.agency_organisation_id, 'contract_lapsed', 'contract', 0, ce.contract_id, ce.id, 'bench:' || ce.id, ce.on_date, now()
  from conduct_events ce where ce.kind = 'contract_lapsed' and ce.on_date < date '2000-01-01'`)
await db.execute(sql`analyze conduct_events`)
await db.execute(sql`analyze credit_events`)

const history = await timeSteps(`with ${HISTORY.toLocaleString('en-US')} carried`)
const oldHistory = await oldListing()

console.log(`ratio (with history ÷ baseline): ${(history / baseline).toFixed(2)}`)
console.log(
  `for comparison, the previous anti-join listing alone: ${oldBaseline.toFixed(1)} ms → ${oldHistory.toFixed(1)} ms (×${(oldHistory / oldBaseline).toFixed(1)})`,
)
await database.close()
