import { describe, expect, it } from 'vitest'
import { tierOf } from '~/domain/credit/credit'
import { droppedToDOn, isOverdue, queueCounts, sortQueue, type QueueItem } from '~/domain/workspace/queue'

const item = (id: string, dueOn: string | null, subject = id): QueueItem => ({
  kind: 'objection',
  id,
  subject,
  dueActionKey: 'workspace.queue.actions.objection',
  dueOn,
  href: `/regulator/objections/${id}`,
})

describe('work queues', () => {
  it('sorts overdue first, then by due date, undated last, ties by subject', () => {
    const sorted = sortQueue([
      item('d', null),
      item('c', '2026-05-20'),
      item('b', '2026-04-01', 'z'),
      item('a', '2026-04-01', 'y'),
    ])
    expect(sorted.map((i) => i.id)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('counts open and overdue items: overdue is strictly before today', () => {
    const items = [item('a', '2026-05-05'), item('b', '2026-05-06'), item('c', null), item('d', '2026-05-07')]
    expect(queueCounts(items, '2026-05-06')).toEqual({ open: 4, overdue: 1 })
    expect(isOverdue({ dueOn: '2026-05-06' }, '2026-05-06')).toBe(false)
    expect(isOverdue({ dueOn: null }, '2026-05-06')).toBe(false)
    expect(queueCounts([], '2026-05-06')).toEqual({ open: 0, overdue: 0 })
  })

  describe('the day an agency dropped to D', () => {
    const tier = (score: number) => tierOf(score)
    it('is the event that took the running score below 60', () => {
      const events = [
        { points: -10, onDate: '2026-03-02' }, // 90 A
        { points: -20, onDate: '2026-03-03' }, // 70 C
        { points: -10, onDate: '2026-03-04' }, // 60 C (boundary: still C)
        { points: -1, onDate: '2026-03-05' }, // 59 D ← dropped
        { points: -5, onDate: '2026-03-06' }, // 54 D
      ]
      expect(droppedToDOn(100, events, tier)).toBe('2026-03-05')
    })
    it('after a recovery and a second fall, the latest drop counts', () => {
      const events = [
        { points: -45, onDate: '2026-03-02' }, // 55 D
        { points: 10, onDate: '2026-03-10' }, // 65 C
        { points: -10, onDate: '2026-04-01' }, // 55 D ← dropped again
      ]
      expect(droppedToDOn(100, events, tier)).toBe('2026-04-01')
    })
    it('is null when the running score never enters D', () => {
      expect(droppedToDOn(100, [{ points: -40, onDate: '2026-03-02' }], tier)).toBeNull()
      expect(droppedToDOn(100, [], tier)).toBeNull()
    })
  })
})
