/**
 * Concurrent sealed bids over HTTP on PostgreSQL: 500 agencies POST a bid to the same open need at
 * once through the real server (session cookie, CSRF origin check, validation, share lock on the
 * need, eligibility, one-live-bid rule, audit event). Prints accepted (must be 500), rows,
 * duplicates (must be 0), a second wave of 50 repeat submissions (all must be refused), bids/s and
 * latency percentiles, next to two baselines in the same run: 500 plain INSERTs through a `pg` pool,
 * and the same wave against a bare `node:http` + `pg` server running the bid's transaction shape
 * (the physical limit for this request on this machine: no framework, no session, no rendering).
 * The ratios are the figures: what one bid costs next to a bare insert, and how close the app comes
 * to the bare server. When /healthz
 * reports the transparency log's lag (`log.lagMs`), its samples during the wave are printed too.
 * The last line is the acceptance line of issue 15:
 * `bids: <accepted>/<n> accepted, <d> duplicates, <x> bids/s = <r>% of <y> bare inserts/s, p50 <a> ms, p95 <b> ms`
 * (r = 100 · bids/s ÷ inserts/s, one decimal).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { createCookie } from '@remix-run/node'
import pg from 'pg'
import { migrateDatabase, openDatabase } from '#db/client.server'
import { agencyServiceTypes, approvalItems, needs, organisations, projects, sessions, users } from '#db/schema'
import { createAccount, uniqueCreditCode, uniqueEmail } from '#db/seed/factories'
import { saveDepartment, saveServiceType } from '~/domain/catalogue/catalogue.server'
import { systemActor } from '~/utils/audit.server'
import { hashPassword } from '~/utils/password.server'

const AGENCIES = Number(process.env.BENCH_AGENCIES ?? 500)
const SECOND_WAVE = Math.min(50, AGENCIES)
const PORT = Number(process.env.BENCH_PORT ?? 3199)
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const SECRET = 'bench-bids-session-secret-0123456789abcd' // 40 characters, shared with the server
const CEILING_FEN = 1_000_000
const ORIGIN = `http://localhost:${PORT}`

process.env.SESSION_SECRET = SECRET

const dbName = `bench_bids_${randomBytes(6).toString('hex')}`
const benchUrl = (() => {
  const u = new URL(ADMIN_URL)
  u.pathname = `/${dbName}`
  return u.toString()
})()

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const shanghaiDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const ms = (n: number) => `${n.toFixed(1)} ms`
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN

let server: ChildProcess | undefined
let serverLog = ''

async function stopServer() {
  const child = server
  server = undefined
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

async function waitForHealth(deadlineMs: number) {
  const until = Date.now() + deadlineMs
  while (Date.now() < until) {
    if (server && server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${serverLog}`)
    try {
      const res = await fetch(`${ORIGIN}/healthz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server did not become healthy within ${deadlineMs} ms:\n${serverLog}`)
}

async function main(): Promise<number> {
  await admin((c) => c.query(`create database ${dbName}`))
  const database = await openDatabase({ url: benchUrl })
  try {
    await migrateDatabase(database)
    const { db } = database

    // Catalogue: one department, one service type with no qualification requirement, one approval item.
    const dept = await saveDepartment(db, systemActor, { code: 'DEP-BENCH', nameZh: '自然资源局', nameEn: 'Natural Resources Bureau' })
    const serviceTypeId = (
      await saveServiceType(db, systemActor, {
        code: 'ST-BENCH',
        nameZh: '土地勘测定界',
        nameEn: 'Land boundary survey',
        departmentId: dept.id,
        qualificationTypeIds: [],
        descriptionZh: '',
        descriptionEn: '',
        active: true,
      })
    ).id
    const [item] = await db
      .insert(approvalItems)
      .values({ code: 'AI-BENCH', nameZh: '用地审批', nameEn: 'Land use approval', departmentId: dept.id, statutoryDays: 60, committedDays: 30 })
      .returning()

    // One owner, one project, one open need closing ~30 days ahead (the calendar ends with 2026).
    const nowDate = new Date()
    const today = shanghaiDate(nowDate)
    let closesOn = shanghaiDate(new Date(nowDate.getTime() + 30 * 86_400_000))
    if (closesOn > '2026-12-30') closesOn = '2026-12-30'
    if (closesOn < today) closesOn = today
    const owner = await createAccount(db, 'owner')
    const [project] = await db
      .insert(projects)
      .values({
        ownerOrganisationId: owner.organisation.id,
        name: '基准测试项目',
        projectCode: '2026-320000-00-00-000001',
        location: '江苏省南京市',
        industry: '制造业',
        totalInvestmentFen: 500_000_000,
        createdAt: nowDate,
      })
      .returning()
    const [need] = await db
      .insert(needs)
      .values({
        projectId: project.id,
        ownerOrganisationId: owner.organisation.id,
        serviceTypeId,
        approvalItemId: item.id,
        title: '土地勘测定界',
        scope: '项目用地勘测定界',
        priceCeilingFen: CEILING_FEN,
        serviceDays: 20,
        method: 'lowest_price',
        registrationClosesOn: closesOn,
        state: 'open',
        publishedAt: nowDate,
        createdAt: nowDate,
        updatedAt: nowDate,
      })
      .returning()

    // 500 active agencies offering the service type, one user and one session each (bulk inserts).
    const passwordHash = await hashPassword('correct-horse-battery')
    const orgs = await db
      .insert(organisations)
      .values(
        Array.from({ length: AGENCIES }, (_, i) => ({
          kind: 'agency' as const,
          name: `基准中介机构 ${i + 1}`,
          creditCode: uniqueCreditCode(),
          status: 'active' as const,
          createdAt: nowDate,
        })),
      )
      .returning({ id: organisations.id })
    await db.insert(agencyServiceTypes).values(orgs.map((o) => ({ organisationId: o.id, serviceTypeId })))
    const agencyUsers = await db
      .insert(users)
      .values(
        orgs.map((o, i) => ({
          organisationId: o.id,
          email: uniqueEmail('agency'),
          name: `用户 ${i + 1}`,
          role: 'agency' as const,
          passwordHash,
          createdAt: nowDate,
        })),
      )
      .returning({ id: users.id })
    const sessionIds = agencyUsers.map(() => randomBytes(32).toString('base64url'))
    const expiresAt = new Date(nowDate.getTime() + 30 * 86_400_000)
    await db
      .insert(sessions)
      .values(agencyUsers.map((u, i) => ({ id: sessionIds[i], userId: u.id, expiresAt, createdAt: nowDate })))
    const cookie = createCookie('__session', { secrets: [SECRET], httpOnly: true, sameSite: 'lax', path: '/' })
    const cookies = await Promise.all(sessionIds.map(async (id) => (await cookie.serialize(id)).split(';')[0]))

    // The production build, served by the server entry (as `npm start` does) against the bench database.
    if (!existsSync('build/server/index.js')) {
      const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' })
      if (built.status !== 0) throw new Error('npm run build failed')
    }
    // BENCH_SERVER_NODE_ARGS: extra node options for the server only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
    const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)
    server = spawn(process.execPath, [...serverNodeArgs, '--import', 'tsx', 'server/index.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: benchUrl,
        PORT: String(PORT),
        SESSION_SECRET: SECRET,
        TICK_INTERVAL_SECONDS: '0',
        SEED_DEMO_DATA: 'false',
        NODE_ENV: 'production',
        SESSION_COOKIE_SECURE: 'false',
        // No request log line per bid.
        CI: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server.stdout!.on('data', (d: Buffer) => (serverLog += d.toString()))
    server.stderr!.on('data', (d: Buffer) => (serverLog += d.toString()))
    await waitForHealth(60_000)

    const post = async (i: number, quoteFen: number) => {
      const body = new URLSearchParams({
        intent: 'submit',
        quote: (quoteFen / 100).toFixed(2),
        committedDays: String(10 + (i % 10)),
        note: '按期完成',
        team: `项目负责人：测试 ${i + 1}`,
      })
      const t0 = performance.now()
      const res = await fetch(`${ORIGIN}/agency/needs/${need.id}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookies[i], Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      })
      await res.arrayBuffer()
      return { status: res.status, ms: performance.now() - t0 }
    }

    // Warm-up: one GET of the page, so the first bids do not pay for route module loading.
    await (await fetch(`${ORIGIN}/agency/needs/${need.id}`, { headers: { Cookie: cookies[0] } })).arrayBuffer()

    // The transparency log's lag as /healthz reports it (`log.lagMs`, when the server has it).
    const lagSamples: number[] = []
    const sampleLag = async () => {
      try {
        const health = (await (await fetch(`${ORIGIN}/healthz`)).json()) as { log?: { lagMs?: unknown } }
        if (typeof health.log?.lagMs === 'number') lagSamples.push(health.log.lagMs)
      } catch {
        // no answer: no sample
      }
    }

    // Wave 1: every agency bids once, all at the same time, each with a distinct quote; the lag
    // sampled every 250 ms meanwhile (one request at a time).
    let waveDone = false
    const sampler = (async () => {
      while (!waveDone) {
        await sampleLag()
        await new Promise((r) => setTimeout(r, 250))
      }
    })()
    const w0 = performance.now()
    const wave1 = await Promise.all(orgs.map((_, i) => post(i, 500_000 + i * 100 + 1)))
    const wave1Seconds = (performance.now() - w0) / 1000
    waveDone = true
    await sampler
    await sampleLag()
    const lagAtEnd = lagSamples.length ? lagSamples[lagSamples.length - 1] : null
    const accepted = wave1.filter((r) => r.status === 302).length
    const statuses = new Map<number, number>()
    for (const r of wave1) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
    const latencies = wave1.map((r) => r.ms).sort((a, b) => a - b)

    const pool = (database.db as unknown as { $client: pg.Pool }).$client
    const countRows = async () =>
      Number((await pool.query('select count(*)::int as n from bids where need_id = $1', [need.id])).rows[0].n)
    const rows = await countRows()
    const duplicates = Number(
      (
        await pool.query(
          `select count(*)::int as n from (select agency_organisation_id from bids where need_id = $1
             group by agency_organisation_id having count(*) > 1) d`,
          [need.id],
        )
      ).rows[0].n,
    )

    // Wave 2: 50 of the same agencies submit again at once; every one must be refused.
    const wave2 = await Promise.all(Array.from({ length: SECOND_WAVE }, (_, i) => post(i, 400_000 + i * 100 + 7)))
    const refused = wave2.filter((r) => r.status !== 302).length
    const wave2Statuses = new Map<number, number>()
    for (const r of wave2) wave2Statuses.set(r.status, (wave2Statuses.get(r.status) ?? 0) + 1)
    const rowsAfter = await countRows()

    await stopServer()

    // Baseline: the same number of plain INSERTs through a pg pool (max 10), all at once.
    const basePool = new pg.Pool({ connectionString: benchUrl, max: 10 })
    await basePool.query('create table bench_scratch (id bigserial primary key, agency int not null, quote_fen bigint not null, note text not null)')
    await Promise.all(Array.from({ length: 10 }, () => basePool.query('select 1'))) // open the connections
    const b0 = performance.now()
    await Promise.all(
      Array.from({ length: AGENCIES }, (_, i) =>
        basePool.query('insert into bench_scratch (agency, quote_fen, note) values ($1, $2, $3)', [i, 500_000 + i, '按期完成']),
      ),
    )
    const baseSeconds = (performance.now() - b0) / 1000
    const baseRows = Number((await basePool.query('select count(*)::int as n from bench_scratch')).rows[0].n)

    // Second baseline — the physical limit for this request on this machine: a bare node:http
    // server and the same pool doing the bid's transaction shape (agency FOR SHARE, need FOR SHARE,
    // bid + first version in one statement, audit event, commit; 302) for the same wave.
    const bare = await bareServerWave(basePool)
    await basePool.end()

    const bidsPerSecond = accepted / wave1Seconds
    const insertsPerSecond = baseRows / baseSeconds
    console.log(`concurrent sealed bids over HTTP on PostgreSQL: ${AGENCIES} agencies, one open need, all at once`)
    console.log(`  accepted (302)        ${accepted} / ${AGENCIES}${accepted === AGENCIES ? '' : `  statuses ${JSON.stringify(Object.fromEntries(statuses))}`}`)
    console.log(`  bid rows for the need ${rows}`)
    console.log(`  duplicate agencies    ${duplicates}`)
    console.log(`  second wave refused   ${refused} / ${SECOND_WAVE} (statuses ${JSON.stringify(Object.fromEntries(wave2Statuses))}; rows after: ${rowsAfter})`)
    console.log(`  bids/s                ${fmt(bidsPerSecond)}  (${AGENCIES} in ${wave1Seconds.toFixed(2)} s)`)
    console.log(`  latency p50 / p95     ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))}  (max ${ms(latencies[latencies.length - 1])})`)
    console.log(`baseline: ${AGENCIES} plain INSERTs through a pg pool (max 10), all at once`)
    console.log(`  inserts/s             ${fmt(insertsPerSecond)}  (${baseRows} in ${baseSeconds.toFixed(3)} s)`)
    if (lagAtEnd !== null) {
      console.log(
        `audit log lag (/healthz log.lagMs): max ${fmt(Math.max(...lagSamples))} ms over ${lagSamples.length} samples during the wave, ${fmt(lagAtEnd)} ms right after it`,
      )
    }
    console.log(`baseline: a bare node:http + pg server running the bid's transaction shape, the same wave`)
    console.log(`  bids/s                ${fmt(bare.perSecond)}  p50 / p95 ${ms(bare.p50)} / ${ms(bare.p95)}  (${bare.accepted} accepted)`)
    console.log(`ratio: each bid costs ${(insertsPerSecond / bidsPerSecond).toFixed(1)}× a bare insert; the app runs at ${(bidsPerSecond / bare.perSecond).toFixed(2)}× the bare server`)
    const share = (100 * bidsPerSecond) / insertsPerSecond
    console.log(
      `bids: ${accepted}/${AGENCIES} accepted, ${duplicates} duplicates, ${Math.round(bidsPerSecond)} bids/s = ${share.toFixed(1)}% of ${Math.round(insertsPerSecond)} bare inserts/s, p50 ${Math.round(percentile(latencies, 50))} ms, p95 ${Math.round(percentile(latencies, 95))} ms`,
    )

    const ok = bare.accepted === AGENCIES && accepted === AGENCIES && rows === AGENCIES && duplicates === 0 && refused === SECOND_WAVE && rowsAfter === AGENCIES
    if (!ok) {
      console.error('FAILED: expected every first-wave bid accepted, no duplicates and every second-wave bid refused')
      const sample = wave1.find((r) => r.status !== 302)
      if (sample) console.error(`first refused status: ${sample.status}`)
      if (serverLog) console.error(serverLog.slice(-4000))
    }
    return ok ? 0 : 1
  } finally {
    await stopServer()
    await database.close()
  }
}

/** The bid's transaction shape over a bare node:http server (bench/bare-bids-server.ts) on the bench database, AGENCIES requests at once. */
async function bareServerWave(pool: pg.Pool) {
  await pool.query(`create table bare_orgs (id int primary key);
    create table bare_needs (id int primary key, state text not null);
    create table bare_bids (id uuid primary key, need_id int not null references bare_needs, org int not null references bare_orgs,
      quote_fen bigint not null, status text not null);
    create unique index bare_one_live on bare_bids (need_id, org) where status = 'live';
    create table bare_revisions (bid_id uuid not null references bare_bids, revision int not null, quote_fen bigint not null, nonce text not null);
    create table bare_audit (id bigserial primary key, occurred_at timestamptz not null, org int, action text not null,
      payload jsonb not null, salt text not null, content_hash text not null);
    insert into bare_orgs select generate_series(0, ${AGENCIES - 1});
    insert into bare_needs values (1, 'open');`)
  // In its own process, as the app's server is: the client and the server do not share an event loop.
  const bareServer = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-bids-server.ts'], {
    env: { ...process.env, BARE_DATABASE_URL: benchUrl, BARE_PORT: String(PORT + 1) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    bareServer.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve())
    bareServer.once('exit', (code) => reject(new Error(`bare server exited (${code})`)))
  })
  try {
    const t0 = performance.now()
    const results = await Promise.all(
      Array.from({ length: AGENCIES }, async (_, i) => {
        const s0 = performance.now()
        const res = await fetch(`http://localhost:${PORT + 1}/`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ org: String(i), quote: String(500_000 + i) }),
        })
        await res.arrayBuffer()
        return { status: res.status, ms: performance.now() - s0 }
      }),
    )
    const seconds = (performance.now() - t0) / 1000
    const accepted = results.filter((r) => r.status === 302).length
    const latencies = results.map((r) => r.ms).sort((a, b) => a - b)
    return { accepted, perSecond: accepted / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) }
  } finally {
    const exited = new Promise<void>((resolve) => bareServer.once('exit', () => resolve()))
    bareServer.kill('SIGTERM')
    await exited
  }
}

let code = 1
try {
  code = await main()
} catch (error) {
  console.error(error)
  code = 1
} finally {
  await stopServer().catch(() => undefined)
  await admin((c) => c.query(`drop database if exists ${dbName} with (force)`)).catch((e) => console.error('drop failed:', e))
}
process.exit(code)
