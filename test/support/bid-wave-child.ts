/**
 * A process that places a wave of sealed bids while running the transparency log's sequencer on a
 * 2 ms loop — killed with SIGKILL by test/integration/transparency-log.test.ts part-way through.
 * Argument: a JSON file { url, needId, userIds, clock }. Prints "bid <n>" after each committed bid and
 * "seq <size>" after each sequencer pass that appended leaves.
 */
import { readFileSync } from 'node:fs'
import { openDatabase } from '#db/client.server'
import { submitBid } from '~/domain/bidding/bids.server'
import { fixedClock, setClock } from '~/domain/now'
import { runSequencer } from '~/domain/transparency/sequencer.server'
import { loadSessionUser } from '~/utils/auth.server'

const { url, needId, userIds, clock } = JSON.parse(readFileSync(process.argv[2], 'utf8')) as {
  url: string
  needId: string
  userIds: string[]
  clock: string
}
setClock(fixedClock(clock))
const { db } = await openDatabase({ url })
const users = await Promise.all(userIds.map((id) => loadSessionUser(db, id)))

let bids = 0
void (async () => {
  for (;;) {
    const run = await runSequencer(db).catch(() => null)
    if (run && run.sequenced > 0) process.stdout.write(`seq ${run.treeSize}\n`)
    await new Promise((r) => setTimeout(r, 2))
  }
})()

// Eight at a time, slowly enough that the kill lands in the middle of the wave.
const queue = [...users.entries()]
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [i, user] = next
      await submitBid(db, user!, needId, { quoteFen: 500_000 + i, committedDays: 15, note: '按期完成', team: '张伟' })
      bids += 1
      process.stdout.write(`bid ${bids}\n`)
    }
  }),
)
process.stdout.write('done\n')
