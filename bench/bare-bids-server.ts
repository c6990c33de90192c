/**
 * The bids benchmark's second baseline (bench/bids.ts): a bare `node:http` server with a `pg` pool
 * (max 10, as the app's) running the bid's transaction shape — agency FOR SHARE, need FOR SHARE,
 * the bid and its first version in one statement, the audit event, commit; 302 — on the tables
 * bench/bids.ts created (bare_*). No framework, no session, no rendering: the physical limit for this
 * request on this machine. Prints "listening" once it takes requests.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 10 })
pool.on('error', () => undefined)

const server = createServer((req, res) => {
  let body = ''
  req.on('data', (d: Buffer) => (body += d.toString()))
  req.on('end', () => {
    void (async () => {
      const form = new URLSearchParams(body)
      const org = Number(form.get('org'))
      const client = await pool.connect()
      try {
        await client.query('begin')
        await client.query('select id from bare_orgs where id = $1 for share', [org])
        const need = await client.query('select state from bare_needs where id = 1 for share')
        if (need.rows[0]?.state !== 'open') throw new Error('closed')
        const id = randomUUID()
        await client.query(
          `with b as (insert into bare_bids values ($1, 1, $2, $3, 'live') returning id)
           insert into bare_revisions select id, 1, $3, $4 from b`,
          [id, org, Number(form.get('quote')), randomBytes(16).toString('hex')],
        )
        await client.query(
          'insert into bare_audit (occurred_at, org, action, payload, salt, content_hash) values (now(), $1, $2, $3, $4, $5)',
          [org, 'bid.submitted', JSON.stringify({ bidId: id }), randomBytes(16).toString('hex'), randomBytes(32).toString('hex')],
        )
        await client.query('commit')
        res.writeHead(302, { Location: '/' }).end()
      } catch {
        await client.query('rollback').catch(() => undefined)
        res.writeHead(409).end()
      } finally {
        client.release()
      }
    })()
  })
})

server.listen(Number(process.env.BARE_PORT), () => process.stdout.write('listening\n'))
process.once('SIGTERM', () => {
  server.close()
  void pool.end().finally(() => process.exit(0))
})
