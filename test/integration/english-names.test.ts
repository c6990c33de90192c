/**
 * English pages speak English (issue 12, "Language"), on the real database (PGlite and
 * PostgreSQL): the public need page, its result and the draw page name the owner and the agencies
 * by their English names and the owner's region in English, list the draw's candidates without
 * '、'; the directory shows English regions (filter and rows) and names; zh-CN pages show the
 * Chinese. A region that is not a catalogue code is a field error and writes nothing. Migration
 * 0009 keeps rows written before it readable (old free text matched to a code, or kept as written).
 */
import { randomBytes } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { count, eq, inArray, sql } from 'drizzle-orm'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { getDb, migrateDatabase, migrationsFolder, openDatabase, type Database } from '#db/client.server'
import { organisations, users } from '#db/schema'
import { createOrganisation, uniqueCreditCode } from '#db/seed/factories'
import { resetClock } from '~/domain/now'
import { tick } from '~/domain/timed-work/tick.server'
import * as signupRoute from '~/routes/_auth+/signup'
import * as directoryRoute from '~/routes/_public+/agencies._index'
import * as drawsRoute from '~/routes/_public+/draws.$needId'
import * as needRoute from '~/routes/_public+/needs.$id'
import { testServerUrl } from '#test/support/global-setup-integration'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon } from '#test/support/needs-fixtures'
import { renderPage } from '#test/support/render-route'
import { callRoute, formRequest } from '#test/support/routes'

afterEach(() => resetClock())

const NAMES = {
  a: { zh: '英名甲环境咨询有限公司', en: 'Yingming Alpha Environmental Consulting Co.' },
  b: { zh: '英名乙测绘有限公司', en: 'Yingming Beta Surveying Co.' },
  c: { zh: '英名丙工程咨询有限公司', en: '' },
} as const

describe('the public need page, its result and the draw page', () => {
  it('English: English owner, region and agency names, candidates joined without 、; zh-CN: the Chinese', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'], tag: 'EN' })
    await db
      .update(organisations)
      .set({
        name: '英名业主新材料有限公司',
        nameEn: 'Yingming Owner New Materials Co.',
        regionCode: '320904',
        regionLegacy: '',
      })
      .where(eq(organisations.id, m.owner.organisationId))
    for (const k of ['a', 'b', 'c'] as const) {
      await db
        .update(organisations)
        .set({ name: NAMES[k].zh, nameEn: NAMES[k].en })
        .where(eq(organisations.id, m.agencies[k].organisationId))
    }
    const need = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    await bidOn(db, m, need.id, { a: 612_345, b: 623_456, c: 634_567 })
    at(shanghaiNoon('2026-03-09'))
    await tick(db)

    const result = (
      await callRoute(needRoute.loader, new Request(`http://localhost:3000/needs/${need.id}`), { id: need.id })
    ).data.result
    const winner = result.rounds[0].winner
    const winnerKey = (['a', 'b', 'c'] as const).find((k) => NAMES[k].zh === winner.agencyName)!
    expect(winner.agencyNameEn).toBe(NAMES[winnerKey].en)

    const en = await renderPage(needRoute, `/needs/${need.id}`, { id: need.id }, 'en')
    expect(en).toContain('Yingming Owner New Materials Co.')
    expect(en).toContain('Dafeng District, Yancheng')
    expect(en).not.toContain('英名业主新材料有限公司')
    expect(en).not.toContain('大丰区')
    // The winner in English (or, for the agency without one, in Chinese).
    expect(en).toContain(`${NAMES[winnerKey].en || NAMES[winnerKey].zh} ${winner.creditCode}`)
    // Every candidate by its English name where it has one; no Chinese list separator anywhere.
    expect(en).toContain(NAMES.a.en)
    expect(en).toContain(NAMES.b.en)
    expect(en).toContain(NAMES.c.zh)
    expect(en).not.toContain(NAMES.a.zh)
    expect(en).not.toContain(NAMES.b.zh)
    expect(en).not.toContain('、')

    const zh = await renderPage(needRoute, `/needs/${need.id}`, { id: need.id }, 'zh-CN')
    expect(zh).toContain('英名业主新材料有限公司')
    expect(zh).toContain('大丰区')
    expect(zh).toContain(`${NAMES[winnerKey].zh} ${winner.creditCode}`)
    expect(zh).not.toContain(NAMES.a.en)
    // The draw's candidates are a list (one item each, with its credit tier), not a joined sentence.
    const candidatesZh = zh.slice(zh.indexOf('抽取候选'))
    for (const key of ['a', 'b', 'c'] as const) expect(candidatesZh).toContain(NAMES[key].zh)

    const drawsEn = await renderPage(drawsRoute, `/draws/${need.id}`, { needId: need.id }, 'en')
    expect(drawsEn).toContain(NAMES.a.en)
    expect(drawsEn).toContain(NAMES.b.en)
    expect(drawsEn).toContain(NAMES.c.zh)
    expect(drawsEn).not.toContain(NAMES.a.zh)
    const drawsZh = await renderPage(drawsRoute, `/draws/${need.id}`, { needId: need.id }, 'zh-CN')
    expect(drawsZh).toContain(NAMES.a.zh)
    expect(drawsZh).not.toContain(NAMES.a.en)
  })
})

describe('the agency directory', () => {
  it('English: regions (rows and filter) and names in English; legacy text as written; zh-CN: the Chinese', async () => {
    const db = await getDb()
    await createOrganisation(db, 'agency', {
      name: '英名丁测绘有限公司',
      nameEn: 'Yingming Delta Surveying Co.',
      region: '330200',
    })
    await createOrganisation(db, 'agency', { name: '英名戊安评有限公司', nameEn: '', region: '苏州市工业园区' })
    const path = `/agencies?q=${encodeURIComponent('英名')}`
    const en = await renderPage(directoryRoute, path, {}, 'en')
    expect(en).toContain('Yingming Delta Surveying Co.')
    expect(en).toContain('Ningbo')
    expect(en).not.toContain('宁波市')
    expect(en).toContain('英名戊安评有限公司')
    expect(en).toContain('苏州市工业园区')
    const zh = await renderPage(directoryRoute, path, {}, 'zh-CN')
    expect(zh).toContain('英名丁测绘有限公司')
    expect(zh).toContain('宁波市')
    expect(zh).not.toContain('Ningbo')
    // The filter by code, and by the Chinese name old links carry.
    for (const region of ['330200', '宁波市']) {
      const r = await callRoute(
        directoryRoute.loader,
        new Request(`http://localhost:3000${path}&region=${encodeURIComponent(region)}`),
      )
      expect(r.data.result.agencies.map((a: { name: string }) => a.name)).toEqual(['英名丁测绘有限公司'])
    }
  })
})

describe('a region that is not a catalogue code', () => {
  it('is a field error (400), keeps the typed values and writes nothing', async () => {
    const db = await getDb()
    const countOf = async () => (await db.select({ n: count() }).from(organisations))[0].n
    const before = await countOf()
    const email = `region-${randomBytes(4).toString('hex')}@example.test`
    const fields = {
      kind: 'owner',
      organisationName: '英名己实业有限公司',
      creditCode: uniqueCreditCode(),
      name: '张三',
      email,
      password: 'correct-horse-battery-staple',
    }
    for (const region of ['999999', '盐城市', 'Yancheng']) {
      const r = await callRoute(signupRoute.action, formRequest('/signup', { ...fields, region }))
      expect(r.status).toBe(400)
      expect(r.data.result.error).toEqual({ region: ['regions.unknown'] })
      expect(r.data.result.initialValue).toMatchObject({ organisationName: fields.organisationName, region })
    }
    expect(await countOf()).toBe(before)
    expect(await db.select().from(users).where(eq(users.email, email))).toEqual([])
    // A catalogue code is taken, and stored as the code.
    const ok = await callRoute(signupRoute.action, formRequest('/signup', { ...fields, region: '320900' }))
    expect(ok.status).toBe(302)
    const [org] = await db.select().from(organisations).where(eq(organisations.creditCode, fields.creditCode))
    expect(org).toMatchObject({ regionCode: '320900', regionLegacy: '' })
  })
})

describe('migration 0009', () => {
  /** A fresh database of the kind under test, migrated with `folder`, then with every migration. */
  async function freshDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
    if (process.env.TEST_DB !== 'postgres')
      return { database: await openDatabase({ pgliteDir: 'memory://' }), drop: async () => undefined }
    const name = `itest_mig_${process.pid}_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: testServerUrl() })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const url = new URL(testServerUrl())
    url.pathname = `/${name}`
    const database = await openDatabase({ url: url.toString() })
    return {
      database,
      drop: async () => {
        const client = new pg.Client({ connectionString: testServerUrl() })
        await client.connect()
        await client.query(`drop database if exists ${name} with (force)`)
        await client.end()
      },
    }
  }

  it(
    'keeps old rows readable: a known Chinese name (alone or after its province) becomes the code, other text stays as written',
    { timeout: 120_000 },
    async () => {
      // The migrations up to 0008, in a folder of their own.
      const before = mkdtempSync(path.join(tmpdir(), 'mig-0008-'))
      cpSync(migrationsFolder, before, { recursive: true })
      const journalFile = path.join(before, 'meta', '_journal.json')
      const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }
      journal.entries = journal.entries.filter((e) => e.tag < '0009')
      writeFileSync(journalFile, JSON.stringify(journal))
      const { database, drop } = await freshDatabase()
      try {
        const { migrate } =
          database.kind === 'pglite'
            ? await import('drizzle-orm/pglite/migrator')
            : await import('drizzle-orm/node-postgres/migrator')
        await migrate(database.db as never, { migrationsFolder: before })
        const old = [
          ['盐城市', 'OLD-A'],
          [' 江苏省南京市 ', 'OLD-B'],
          ['杭州市', 'OLD-C'],
          ['苏州市工业园区', 'OLD-D'],
          ['', 'OLD-E'],
        ] as const
        for (const [region, name] of old) {
          await database.db.execute(
            sql`insert into organisations (kind, name, credit_code, region, status) values ('agency', ${name}, ${uniqueCreditCode()}, ${region}, 'active')`,
          )
        }
        await migrateDatabase(database)
        const rows = await database.db
          .select({
            name: organisations.name,
            regionCode: organisations.regionCode,
            regionLegacy: organisations.regionLegacy,
          })
          .from(organisations)
          .where(
            inArray(
              organisations.name,
              old.map(([, n]) => n),
            ),
          )
        expect(rows.sort((x, y) => x.name.localeCompare(y.name))).toEqual([
          { name: 'OLD-A', regionCode: '320900', regionLegacy: '' },
          { name: 'OLD-B', regionCode: '320100', regionLegacy: '' },
          { name: 'OLD-C', regionCode: '330100', regionLegacy: '' },
          { name: 'OLD-D', regionCode: null, regionLegacy: '苏州市工业园区' },
          { name: 'OLD-E', regionCode: null, regionLegacy: '' },
        ])
      } finally {
        await database.close()
        await drop()
        rmSync(before, { recursive: true, force: true })
      }
    },
  )
})
