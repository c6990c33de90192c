/**
 * Working-day arithmetic: the indexed calendar (prefix sums + binary search) against the naive
 * day-by-day loop most implementations use, on the same random inputs in the same process.
 * Prints calls per second for both and the ratio.
 */
import { officialCalendar, officialSpecialDays } from '~/domain/calendar/working-days'
import { addCalendarDays } from '~/domain/dates'

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000)
// The naive loop is ~300× slower; by default it runs on the first 50,000 of the same inputs.
const NAIVE_CALLS = Number(process.env.BENCH_NAIVE_CALLS ?? Math.min(CALLS, 50_000))

// Deterministic pseudo-random inputs (mulberry32), generated before timing.
let seed = 0x2025_1001
const random = () => {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const base = Date.UTC(2002, 0, 1) / 86_400_000
const span = Date.UTC(2025, 11, 31) / 86_400_000 - base - 400
const date = (offset: number) => new Date((base + offset) * 86_400_000).toISOString().slice(0, 10)
const inputs = Array.from({ length: CALLS }, (_, i) => {
  const start = date(Math.floor(random() * span))
  return i % 2 === 0
    ? { op: 'add' as const, start, n: Math.floor(random() * 120), to: '' }
    : { op: 'between' as const, start, n: 0, to: addCalendarDays(start, Math.floor(random() * 180)) }
})

// The naive baseline: a set of special days and a loop over every calendar day.
const special = new Map(officialSpecialDays().specialDays.map((d) => [d.date, d.kind !== 'holiday']))
const naiveWorking = (d: string) => {
  const s = special.get(d)
  if (s !== undefined) return s
  const wd = new Date(`${d}T00:00:00Z`).getUTCDay()
  return wd !== 0 && wd !== 6
}
const naive = {
  addWorkingDays(start: string, n: number) {
    let d = start
    while (n > 0) {
      d = addCalendarDays(d, 1)
      if (naiveWorking(d)) n -= 1
    }
    return d
  },
  workingDaysBetween(from: string, to: string) {
    let count = 0
    for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (naiveWorking(d)) count += 1
    return count
  },
}

const calendar = officialCalendar()
function run(impl: { addWorkingDays(s: string, n: number): string; workingDaysBetween(a: string, b: string): number }, count: number) {
  let sink = 0
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < count; i++) {
    const x = inputs[i]
    sink += x.op === 'add' ? impl.addWorkingDays(x.start, x.n).length : impl.workingDaysBetween(x.start, x.to)
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  return { seconds, perSecond: count / seconds, sink }
}

// Both give the same answers (checked on a sample) before anything is timed.
for (let i = 0; i < 20_000; i++) {
  const x = inputs[i]
  const a = x.op === 'add' ? calendar.addWorkingDays(x.start, x.n) : calendar.workingDaysBetween(x.start, x.to)
  const b = x.op === 'add' ? naive.addWorkingDays(x.start, x.n) : naive.workingDaysBetween(x.start, x.to)
  if (a !== b) throw new Error(`mismatch on ${JSON.stringify(x)}: ${a} vs ${b}`)
}

run(calendar, Math.min(CALLS, 50_000)) // warm-up
const indexed = run(calendar, CALLS)
const baseline = run(naive, NAIVE_CALLS)
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
console.log(`working-day arithmetic, ${fmt(CALLS)} random calls (half addWorkingDays n ≤ 120, half workingDaysBetween spans ≤ 180 days)`)
console.log(`  indexed calendar : ${fmt(indexed.perSecond)} calls/s (${indexed.seconds.toFixed(2)} s for ${fmt(CALLS)})`)
console.log(`  naive day loop   : ${fmt(baseline.perSecond)} calls/s (${baseline.seconds.toFixed(2)} s for ${fmt(NAIVE_CALLS)})`)
console.log(`  ratio            : ${(indexed.perSecond / baseline.perSecond).toFixed(1)}× faster`)
