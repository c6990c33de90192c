/**
 * Runs several stories that each move the clock forward, interleaved so that the clock only ever
 * moves forward overall — as in life, where the timed work (overdue days, reminders, the outbox)
 * never sees an event dated after its "now". Each story awaits `at(time)` before what happens at
 * that time; the scheduler resumes the story with the earliest waiting time (ties: first come),
 * with the clock set to that time, and waits until it waits again or ends. One story runs at a
 * time. The first error stops everything and is thrown.
 */
export type At = (time: Date) => Promise<void>
export type Story = (at: At) => Promise<void>

export async function runChronologically(stories: Story[], setTime: (time: Date) => void): Promise<void> {
  const parked: { time: number; order: number; go: () => void }[] = []
  let order = 0
  let failure: { error: unknown } | undefined
  let endTurn!: () => void
  let turnOver = new Promise<void>((resolve) => (endTurn = resolve))
  /** The running story hands the turn back (it waits, ends or failed). */
  const handBack = () => {
    const end = endTurn
    turnOver = new Promise<void>((resolve) => (endTurn = resolve))
    end()
  }
  const at: At = (time) =>
    new Promise<void>((go) => {
      parked.push({ time: time.getTime(), order: order++, go })
      handBack()
    })
  for (const story of stories) {
    const turn = turnOver
    story(at).then(handBack, (error: unknown) => {
      failure ??= { error }
      handBack()
    })
    await turn
    if (failure) throw failure.error
  }
  while (parked.length > 0) {
    parked.sort((a, b) => a.time - b.time || a.order - b.order)
    const next = parked.shift()!
    setTime(new Date(next.time))
    const turn = turnOver
    next.go()
    await turn
    if (failure) throw failure.error
  }
}
