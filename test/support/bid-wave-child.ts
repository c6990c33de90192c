/**
 * A process that keeps a wave of sealed bids going — every agency submits, then revises its bid
 * again and again — while running the transparency log's sequencer on a 20 ms loop, until it is
 * killed with SIGKILL by test/integration/transparency-log.test.ts. The wave never ends by itself,
 * so the kill always lands with bids in flight.
 * Argument: a JSON file { url | pgliteDir, needId, userIds, clock }. Prints "bid <n>" after each
 * committed submission or revision and "seq <size>" after each sequencer pass that appended leaves.
 */
import { readFileSync } from 'node:fs'
import { openDatabase } from '#db/client.server'
import { reviseBid, submitBid } from '~/domain/bidding/bids.server'
import { fixedClock, setClock } from '~/domain/now'
import { runSequencer } from '~/domain/transparency/sequencer.server'
import { loadSessionUser } from '~/utils/auth.server'

const { url, pgliteDir, needId, userIds, clock } = JSON.parse(readFileSync(process.argv[2], 'utf8')) as {
  url?: string
  pgliteDir?: string
  needId: string
  userIds: string[]
  clock: string
}
setClock(fixedClock(clock))
const { db } = await openDatabase(url ? { url } : { pgliteDir })
const users = await Promise.all(userIds.map((id) => loadSessionUser(db, id)))

let changes = 0
const committed = () => process.stdout.write(`bid ${(changes += 1)}\n`)

void (async () => {
  for (;;) {
    const run = await runSequencer(db).catch(() => null)
    if (run && run.sequenced > 0) process.stdout.write(`seq ${run.treeSize}\n`)
    await new Promise((r) => setTimeout(r, 20))
  }
})()

// One worker per agency: submit, then revise for ever (the quote moves down by 1 fen each time).
await Promise.all(
  users.map(async (user, i) => {
    const input = (n: number) => ({ quoteFen: 900_000 - i * 1_000 - n, committedDays: 15, note: '按期完成', team: '张伟' })
    const { bidId } = await submitBid(db, user, needId, input(0))
    committed()
    for (let n = 1; ; n += 1) {
      await reviseBid(db, user, bidId, input(n))
      committed()
    }
  }),
)
