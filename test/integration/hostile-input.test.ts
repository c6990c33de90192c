/**
 * Hostile input of any shape gets a 4xx, never a 5xx, and a refused request writes nothing
 * (SPEC §10). Every route module under app/routes that exports `action` is found at test time
 * (a new route is covered without touching this file) and sent, as the role it serves:
 *
 *  - each field of a valid body replaced by NUL, control characters, a lone surrogate, U+3000,
 *    a huge string, numbers out of range, or given twice (an array where a scalar is expected);
 *  - fast-check bodies (fixed seed, printed): a base body's fields dropped, overwritten or added
 *    with arbitrary strings and arrays, unknown intents;
 *  - bodies that are not forms: JSON, text/plain, no Content-Type, multipart without boundary,
 *    malformed multipart, an empty body;
 *  - redirectTo variants (newline, CR, NUL, U+3000, other hosts) where a route reads redirectTo;
 *  - a foreign and a `null` Origin.
 *
 * Every answer must be < 500 (a thrown non-Response counts as 500); for every answer ≥ 400 a
 * snapshot of the database (row count and a hash of the rows of each table) must be unchanged.
 * Left out of the snapshot: login_attempts (a refused login is recorded there, that is the
 * throttle) — see EXCLUDED.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { sql, type SQL } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { createAccount, TEST_PASSWORD } from '#db/seed/factories'
import { saveApplication, submitApplication } from '~/domain/agencies/registry.server'
import { resetClock } from '~/domain/now'
import { fileObjection } from '~/domain/publicity/objections.server'
import { saveNeedDraft } from '~/domain/needs/needs.server'
import { tick } from '~/domain/timed-work/tick.server'
import { loadSessionUser } from '~/utils/auth.server'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { callRoute, ORIGIN, sessionCookie } from '../support/routes'

const SEED = 20_261_202
const FAST_CHECK_RUNS = 10
/** Tables a refused request may legitimately write, and why. */
const EXCLUDED: Record<string, string> = {
  login_attempts: 'a refused login (wrong password, 400) is recorded: that is the throttle',
}

const ROUTES_DIR = path.resolve(import.meta.dirname, '../../app/routes')

type Role = 'anonymous' | 'owner' | 'agency' | 'applicantAgency' | 'exitingAgency' | 'regulator' | 'admin' | 'spare'
type Value = string | string[] | File
type Body = Record<string, Value>

interface RouteCase {
  file: string
  action: unknown
  url: string
  params: Record<string, string>
  role: Role
  bodies: Body[]
}

// ── Fixtures ─────────────────────────────────────────────────────────────────

type K = 'a' | 'b' | 'c' | 'd' | 'app' | 'exiting' | 'target'
let m: Marketplace<K>
const cookies = {} as Record<Exclude<Role, 'anonymous' | 'spare'>, string>
let spareUserId: string
let spareEmail: string
const ids = {
  draftNeed: '',
  openNeed: '',
  objection: '',
  application: '',
  targetAgency: '',
}

async function setup() {
  const db = await getDb()
  at(shanghaiNoon('2026-03-02'))
  m = await setupMarketplace(db, { agencies: ['a', 'b', 'c', 'd', 'app', 'exiting', 'target'], tag: 'HI' })
  // A need in publicity with a pending objection (for the regulator's ruling form).
  const publicity = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
  await bidOn(db, m, publicity.id, { a: 100_000, b: 110_000, c: 120_000, d: 130_000 })
  at(shanghaiNoon('2026-03-09'))
  await tick(db)
  await tick(db)
  for (const k of ['a', 'b', 'c', 'd'] as const) {
    try {
      const o = await fileObjection(db, m.agencies[k].user, publicity.id, { reason: '报价不合理' })
      ids.objection = (o as { id?: string }).id ?? ''
      break
    } catch {
      // the winner may not object
    }
  }
  // An open need for the agency's bid form, a draft for the owner's.
  ids.openNeed = (await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-27' })).id
  ids.draftNeed = String(
    await saveNeedDraft(db, m.owner.user, {
      projectId: m.projectId,
      serviceTypeId: m.serviceTypeId,
      approvalItemId: m.approvalItemId,
      title: '水土保持方案编制',
      scope: '编制水土保持方案报告书',
      priceCeilingFen: 500_000,
      qualificationTypeId: m.qualificationTypeId,
      minLevelId: m.levelIds.B,
      serviceDays: 20,
      method: 'lowest_price',
      weights: null,
      registrationClosesOn: '2026-03-27',
    }),
  )
  // A submitted change application (for the review form).
  await saveApplication(db, m.agencies.app.user, applicationInput())
  const submitted = await submitApplication(db, m.agencies.app.user)
  ids.application = (submitted as { id?: string } | undefined)?.id ?? ''
  if (!ids.application) {
    const rows = await rowsOf(sql`select id from agency_applications order by created_at desc limit 1`)
    ids.application = String(rows[0].id)
  }
  ids.targetAgency = m.agencies.target.organisationId

  const spare = await createAccount(db, 'owner')
  spareUserId = spare.user.id
  spareEmail = spare.user.email
  cookies.owner = await sessionCookie(m.owner.user.id)
  cookies.agency = await sessionCookie(m.agencies.a.user.id)
  cookies.applicantAgency = await sessionCookie(m.agencies.app.user.id)
  cookies.exitingAgency = await sessionCookie(m.agencies.exiting.user.id)
  cookies.regulator = await sessionCookie(m.regulator.user.id)
  cookies.admin = await sessionCookie(m.admin.user.id)
  expect(await loadSessionUser(db, m.admin.user.id)).toBeTruthy()
}

function applicationInput() {
  return {
    name: '江苏清源环境评价有限公司',
    nameEn: 'Qingyuan',
    region: '江苏省南京市',
    address: '南京市玄武区中山路 1 号',
    legalRepresentative: '张三',
    contactName: '李四',
    contactPhone: '025-88888888',
    serviceTypeIds: [m.serviceTypeId],
    qualifications: [
      {
        qualificationTypeId: m.qualificationTypeId,
        levelId: m.levelIds.A,
        certificateNo: 'HP-HI-APP',
        issuer: '江苏省生态环境厅',
        validFrom: '2025-01-01',
        validUntil: '2033-12-31',
      },
    ],
    practitioners: [],
    feeStandard: '按国家指导价',
    commitment: '按期保质完成',
  }
}

// ── Routes, found at test time ───────────────────────────────────────────────

function routeFiles(dir = ROUTES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return routeFiles(full)
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : []
  })
}

/** The id each dynamic segment gets, by route file (relative to app/routes). */
function paramsOf(rel: string): Record<string, string> {
  if (!rel.includes('$')) return {}
  const id = (() => {
    if (rel.startsWith('owner+/needs.')) return ids.draftNeed
    if (rel.startsWith('agency+/needs.')) return ids.openNeed
    if (rel.startsWith('regulator+/objections.')) return ids.objection
    if (rel.startsWith('review+/applications.')) return ids.application
    if (rel.startsWith('review+/agencies.')) return ids.targetAgency
    if (rel.startsWith('admin+/')) return 'new'
    return '00000000-0000-4000-8000-000000000000'
  })()
  return rel === '$.tsx' ? { '*': 'nowhere' } : { id }
}

function urlOf(rel: string, params: Record<string, string>): string {
  const segments = rel
    .replace(/\.(ts|tsx)$/, '')
    .split('/')
    .flatMap((s, i, all) => {
      if (i < all.length - 1) {
        const folder = s.replace(/\+$/, '').replace(/^\[(.*)\]$/, '$1')
        return folder.startsWith('_') && !folder.startsWith('__') ? [] : [folder]
      }
      return s.split('.').filter((p) => p !== '_index' && p !== 'index' && p !== '_layout')
    })
    .map((s) =>
      s === '$' ? (params['*'] ?? 'x') : s.startsWith('$') ? (params[s.slice(1)] ?? 'x') : s.replace(/_$/, ''),
    )
  return `/${segments.join('/')}`
}

function roleOf(rel: string): Role {
  if (rel.startsWith('admin+/')) return 'admin'
  if (rel === 'agency+/application.tsx') return 'applicantAgency'
  if (rel === 'agency+/exit.tsx') return 'exitingAgency'
  if (rel.startsWith('agency+/')) return 'agency'
  if (rel.startsWith('owner+/')) return 'owner'
  if (rel.startsWith('regulator+/') || rel.startsWith('review+/')) return 'regulator'
  if (rel === '_auth+/logout.tsx') return 'spare'
  if (rel.startsWith('_auth+/') || rel.startsWith('_resources+/')) return 'anonymous'
  return 'owner'
}

const calendarFile = (json: string) => new File([json], 'year.json', { type: 'application/json' })

/** Valid bodies (one per form) of the routes we know; a route not listed still gets the generic bodies. */
function knownBodies(rel: string): Body[] {
  switch (rel) {
    case '_auth+/login.tsx':
      return [{ email: spareEmail, password: TEST_PASSWORD, redirectTo: '/owner' }]
    case '_auth+/signup.tsx':
      return [
        {
          kind: 'owner',
          organisationName: '南京某建设有限公司',
          creditCode: '91320100MA1XXXXX0X',
          region: '江苏',
          name: '王五',
          email: 'hostile-signup@example.com',
          password: 'correct horse battery',
        },
      ]
    case '_resources+/locale.tsx':
      return [{ locale: 'en', redirectTo: '/needs' }]
    case 'admin+/accounts.tsx':
      return [
        {
          departmentId: m.departmentId,
          organisationName: '某监管局',
          creditCode: '11320100MB0000000X',
          name: '监管员',
          email: 'hostile-regulator@example.com',
          password: 'correct horse battery',
        },
      ]
    case 'admin+/departments.$id.tsx':
      return [{ code: 'DEP-HOSTILE', nameZh: '测试局', nameEn: 'Test bureau' }]
    case 'admin+/service-types.$id.tsx':
      return [
        {
          code: 'ST-HOSTILE',
          nameZh: '测试服务',
          nameEn: 'Test service',
          descriptionZh: '说明\n第二行',
          descriptionEn: '',
          departmentId: m.departmentId,
          qualificationTypeIds: m.qualificationTypeId,
          active: 'on',
        },
      ]
    case 'admin+/approval-items.$id.tsx':
      return [
        {
          code: 'AI-HOSTILE',
          nameZh: '测试审批',
          nameEn: 'Test approval',
          departmentId: m.departmentId,
          statutoryDays: '20',
          committedDays: '10',
          serviceTypeIds: m.serviceTypeId,
          active: 'on',
        },
      ]
    case 'admin+/qualification-types.$id.tsx':
      return [
        {
          code: 'QT-HOSTILE',
          nameZh: '测试资质',
          nameEn: 'Test qualification',
          issuerZh: '',
          issuerEn: '',
          levels: 'A | 甲级 | Grade A\nB | 乙级 | Grade B',
        },
      ]
    case 'admin+/calendar.tsx':
      return [
        { intent: 'save', date: '2031-05-06', kind: 'holiday', nameZh: '测试', nameEn: 'Test', source: '国办发明电' },
        { intent: 'delete', date: '2031-05-06' },
        {
          intent: 'import',
          file: calendarFile(
            JSON.stringify({
              year: 2032,
              source: '国办',
              days: [{ date: '2032-01-01', kind: 'holiday', nameZh: '元旦', nameEn: 'New Year' }],
            }),
          ),
        },
      ]
    case 'admin+/marketplace.tsx':
      return [
        { intent: 'reset', confirm: 'yes' },
        { intent: 'save', minRegistrationWorkingDays: '5', directSelectionThreshold: '1000' },
      ]
    case 'agency+/application.tsx':
      return [
        {
          intent: 'save',
          name: '江苏清源环境评价有限公司',
          nameEn: 'Qingyuan',
          region: '江苏省南京市',
          address: '南京市玄武区中山路 1 号',
          legalRepresentative: '张三',
          contactName: '李四',
          contactPhone: '025-88888888',
          serviceTypeIds: m.serviceTypeId,
          'qualifications[0].qualificationTypeId': m.qualificationTypeId,
          'qualifications[0].levelId': m.levelIds.A,
          'qualifications[0].certificateNo': 'HP-HI-APP',
          'qualifications[0].issuer': '江苏省生态环境厅',
          'qualifications[0].validFrom': '2025-01-01',
          'qualifications[0].validUntil': '2033-12-31',
          'practitioners[0].name': '赵六',
          'practitioners[0].certificateType': '环评工程师',
          'practitioners[0].certificateNo': 'EIA-1',
          feeStandard: '按国家指导价',
          commitment: '按期保质完成',
        },
        { intent: 'withdraw' },
        { intent: 'upload', file: new File(['%PDF-1.4 hostile\n%%EOF\n'], 'cert.pdf', { type: 'application/pdf' }) },
      ]
    case 'agency+/exit.tsx':
      return [{ reason: '业务调整', confirm: 'on' }]
    case 'agency+/needs.$id.tsx':
      return [
        { intent: 'submit', quote: '8000', committedDays: '15', note: '按期完成', team: '项目组' },
        { intent: 'revise', quote: '7900', committedDays: '14', note: '修改', team: '项目组' },
        { intent: 'object', reason: '中选机构的业绩证明不符', confirm: 'yes' },
        { intent: 'justify', text: '成本说明' },
        { intent: 'withdraw', confirm: 'yes' },
      ]
    case 'owner+/needs.$id.tsx':
      return [
        {
          intent: 'save',
          projectId: m.projectId,
          serviceTypeId: m.serviceTypeId,
          approvalItemId: m.approvalItemId,
          title: '水土保持方案编制',
          scope: '编制水土保持方案报告书\n含现场踏勘',
          priceCeiling: '5000',
          qualificationTypeId: m.qualificationTypeId,
          minLevelId: m.levelIds.B,
          serviceDays: '20',
          method: 'lowest_price',
          registrationClosesOn: '2026-03-27',
        },
        { intent: 'cancel', reason: '项目已调整，本需求取消', confirm: 'yes' },
        { intent: 'pick', bidId: '00000000-0000-4000-8000-000000000000', reason: '方案最好，团队经验丰富', confirm: 'yes' },
        { intent: 'publish' },
      ]
    case 'owner+/projects._index.tsx':
      return [
        {
          name: '新项目',
          projectCode: '2026-320000-00-00-HOSTILE',
          location: '南京',
          industry: '制造业',
          totalInvestment: '1000000',
        },
      ]
    case 'regulator+/objections.$id.tsx':
      return [{ decision: 'reject', reason: '经核查，异议理由不成立', confirm: 'yes' }]
    case 'review+/applications.$id.tsx':
      return [{ decision: 'reject', reason: '材料不全' }]
    case 'review+/agencies.$id.tsx':
      return [
        { action: 'suspend', reason: '报告质量问题，暂停整改', confirm: 'yes' },
        { action: 'forceExit', category: 'other', reason: '严重违规，强制退出市场', confirm: 'yes' },
      ]
    default:
      return []
  }
}

// ── Requests ─────────────────────────────────────────────────────────────────

interface Shape {
  contentType?: string | null
  raw?: BodyInit
  origin?: string | null
}

async function buildRequest(url: string, body: Body, cookie: string | undefined, shape: Shape = {}): Promise<Request> {
  const headers: Record<string, string> = {}
  if (shape.origin !== null) headers.Origin = shape.origin ?? ORIGIN
  if (cookie) headers.Cookie = cookie
  let payload: BodyInit
  if (shape.raw !== undefined) {
    payload = shape.raw
    if (shape.contentType) headers['Content-Type'] = shape.contentType
  } else if (Object.values(body).some((v) => v instanceof File)) {
    const form = new FormData()
    for (const [k, v] of Object.entries(body)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item)
    payload = form
  } else {
    const form = new URLSearchParams()
    for (const [k, v] of Object.entries(body))
      for (const item of Array.isArray(v) ? v : [v]) form.append(k, item as string)
    payload = form
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
  }
  return new Request(new URL(url, ORIGIN), { method: 'POST', body: payload, headers })
}

/** Rows of a raw query (both drivers answer `{ rows }`). */
async function rowsOf(query: SQL): Promise<Record<string, unknown>[]> {
  const result = (await (await getDb()).execute(query)) as unknown as { rows: Record<string, unknown>[] }
  return result.rows
}

/** Row count and a hash of the rows of every table (excluded ones left out). */
async function snapshot(): Promise<Record<string, string>> {
  const tables = (
    await rowsOf(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`)
  ).map((r) => String(r.tablename))
  const parts = tables
    .filter((t) => !(t in EXCLUDED))
    .map(
      (t) =>
        `select '${t}' as t, count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text as h from "${t}" x`,
    )
  const rows = await rowsOf(sql.raw(parts.join(' union all ')))
  return Object.fromEntries(rows.map((r) => [String(r.t), String(r.h)]))
}

const stats = { sent: 0, byClass: {} as Record<string, number>, byStatus: {} as Record<number, number> }
const failures: string[] = []
const timings: string[] = []
const printable = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (x instanceof File ? `File(${x.name})` : x))?.slice(0, 160)

let lastSnapshot: Record<string, string> | null = null

async function send(route: RouteCase, label: string, body: Body, shape: Shape = {}) {
  const cookie =
    route.role === 'anonymous'
      ? undefined
      : route.role === 'spare'
        ? await sessionCookie(spareUserId)
        : cookies[route.role]
  const request = await buildRequest(route.url, body, cookie, shape)
  // The baseline is the last answer's snapshot, unless a fresh session (logout) was just written.
  const before = route.role === 'spare' || !lastSnapshot ? await snapshot() : lastSnapshot
  let status: number
  let detail = ''
  try {
    const result = await callRoute(route.action, request, route.params)
    status = result.status
  } catch (error) {
    status = 500
    detail = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 160) : String(error)
  }
  stats.sent++
  const cls = `${Math.floor(status / 100)}xx`
  stats.byClass[cls] = (stats.byClass[cls] ?? 0) + 1
  stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1
  const where = `${route.file} [${label}] ${printable(body)}`
  if (status >= 500) failures.push(`${status} ${where} ${detail}`)
  const after = await snapshot()
  lastSnapshot = after
  if (status >= 400 && status < 500) {
    const changed = Object.keys(after).filter((t) => after[t] !== before[t])
    if (changed.length) failures.push(`${status} wrote ${changed.join(',')}: ${where}`)
  }
}

// ── Hostile values ───────────────────────────────────────────────────────────

const HOSTILE: [string, Value][] = [
  ['nul', '名称\u0000x'],
  ['control', 'a\u0007\u001b[31m\u007f'],
  ['loneSurrogate', 'x\uD800y'],
  ['ideographicSpace', '\u3000'],
  ['huge', '长'.repeat(20_000)],
  ['outOfRange', '-99999999999999999999'],
  ['array', ['1', '2']],
]

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\uDC00',
    '\uFFFE',
    '\u3000',
    '\u202E',
    '0',
    '-1',
    '1e308',
    'NaN',
    'null',
    '[]',
    '{}',
    '__proto__',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 5 }).map((s) => s.repeat(2_000)),
)
const hostileValue: fc.Arbitrary<Value> = fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 }))

const REDIRECTS = [
  '/x\nSet-Cookie: a=b',
  '/x\rLocation: https://evil.example',
  '/x\u0000',
  '/\u3000',
  '//evil.example',
  'https://evil.example/',
  '/\\evil.example',
  '\t/x',
]

function generatedBodies(route: RouteCase, index: number): Body[] {
  const bases: Body[] = route.bodies.length ? route.bodies : [{}]
  const names = [
    ...new Set(bases.flatMap((b) => Object.keys(b)).concat(['intent', 'action', 'redirectTo', 'id', 'file'])),
  ]
  const arb = fc
    .record({
      base: fc.constantFrom(...bases),
      keep: fc.func(fc.boolean()),
      extra: fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 })), hostileValue, {
        maxKeys: 4,
      }),
      intent: fc.option(
        fc.oneof(
          fc.constantFrom('save', 'delete', 'import', 'submit', 'cancel', 'upload'),
          fc.string({ maxLength: 8 }),
        ),
      ),
    })
    .map(({ base, keep, extra, intent }) => {
      const body: Body = {}
      for (const [k, v] of Object.entries(base)) if (keep(k)) body[k] = v
      Object.assign(body, extra)
      if (intent !== null) body.intent = intent
      return body
    })
  return fc.sample(arb, { seed: SEED + index, numRuns: FAST_CHECK_RUNS })
}

// ── The run ──────────────────────────────────────────────────────────────────

const routes: RouteCase[] = []

beforeAll(async () => {
  await setup()
  at(shanghaiNoon('2026-03-10'))
  const files = routeFiles().sort()
  for (const file of files) {
    const mod = (await import(/* @vite-ignore */ file)) as { action?: unknown }
    if (typeof mod.action !== 'function') continue
    const rel = path.relative(ROUTES_DIR, file).split(path.sep).join('/')
    const params = paramsOf(rel)
    routes.push({
      file: rel,
      action: mod.action,
      url: urlOf(rel, params),
      params,
      role: roleOf(rel),
      bodies: knownBodies(rel),
    })
  }
}, 120_000)

afterAll(() => resetClock())

describe('hostile input: every action answers < 500 and a refusal writes nothing', () => {
  it('finds the actions', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20)
    console.log(
      `hostile-input: ${routes.length} actions; routes without a known valid body: ${
        routes
          .filter((r) => !r.bodies.length)
          .map((r) => r.file)
          .join(', ') || 'none'
      }`,
    )
  })

  it('a NUL in a text field is a field error with the typed values kept; a JSON body is 415, both translated', async () => {
    const owner = routes.find((r) => r.file === 'owner+/needs.$id.tsx')!
    const body = { ...owner.bodies[0], title: '水土保持\u0000方案' }
    const before = await snapshot()
    const nul = await callRoute(owner.action, await buildRequest(owner.url, body, cookies.owner), owner.params)
    expect(nul.status).toBe(400)
    expect(nul.data.result.error.title).toEqual(['input.controlCharacters'])
    expect(nul.data.result.initialValue.title).toBe('水土保持\u0000方案')
    const json = await callRoute(
      owner.action,
      await buildRequest(owner.url, {}, cookies.owner, { raw: '{"intent":"save"}', contentType: 'application/json' }),
      owner.params,
    )
    expect(json).toMatchObject({ status: 415, data: { messageKey: 'input.notAForm' } })
    expect(await snapshot()).toEqual(before)
  })

  it('survives every hostile body', async () => {
    console.log(`hostile-input: fast-check seed ${SEED} (+ route index), ${FAST_CHECK_RUNS} runs per route`)
    for (const [index, route] of routes.entries()) {
      const started = Date.now()
      const sentBefore = stats.sent
      const bases = route.bodies.length ? route.bodies : [{}]
      const base = bases[0]
      // redirectTo variants first (before a refused login can throttle the next ones).
      for (const to of REDIRECTS) await send(route, 'redirectTo', { ...base, redirectTo: to })
      // Foreign and null Origin.
      await send(route, 'foreign origin', base, { origin: 'https://evil.example' })
      await send(route, 'null origin', base, { origin: 'null' })
      // Bodies that are not forms.
      const plain = Object.fromEntries(Object.entries(base).filter(([, v]) => typeof v === 'string')) as Record<
        string,
        string
      >
      const encoded = new URLSearchParams(plain).toString()
      await send(route, 'json', base, { raw: JSON.stringify(plain), contentType: 'application/json' })
      await send(route, 'text/plain', base, { raw: encoded, contentType: 'text/plain' })
      await send(route, 'no content-type', base, { raw: encoded, contentType: null })
      await send(route, 'multipart without boundary', base, { raw: encoded, contentType: 'multipart/form-data' })
      await send(route, 'malformed multipart', base, {
        raw: '--XyZ\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave\r\n--XyZ\r\nContent-Disp',
        contentType: 'multipart/form-data; boundary=XyZ',
      })
      await send(route, 'empty body', base, { raw: '', contentType: 'application/x-www-form-urlencoded' })
      await send(route, 'garbage urlencoded', base, {
        raw: '%%%&&==%E0%A4%A',
        contentType: 'application/x-www-form-urlencoded',
      })
      // Each field of each valid body replaced by each hostile value.
      for (const valid of bases) {
        for (const field of Object.keys(valid)) {
          for (const [label, value] of HOSTILE) await send(route, `${field}=${label}`, { ...valid, [field]: value })
        }
      }
      // Generated bodies.
      for (const body of generatedBodies(route, index)) await send(route, 'fast-check', body)
      timings.push(`${route.file} ${stats.sent - sentBefore} in ${Date.now() - started} ms`)
    }
    console.log(
      `hostile-input: ${stats.sent} requests; by class ${JSON.stringify(stats.byClass)}; by status ${JSON.stringify(stats.byStatus)}; failures ${failures.length}`,
    )
    console.log(`hostile-input timings: ${timings.join('; ')}`)
    if (failures.length) console.log(`hostile-input failures (first 40):\n${failures.slice(0, 40).join('\n')}`)
    expect(failures.length, 'requests answered ≥ 500 or refused after writing (listed above)').toBe(0)
  }, 600_000)
})
