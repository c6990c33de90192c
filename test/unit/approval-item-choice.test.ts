import { describe, expect, it } from 'vitest'
import { approvalItemsByServiceType, approvalItemsFor, servesServiceType } from '~/domain/needs/approval-item-choice'

const items = [
  { id: 'eia', serviceTypeIds: ['st-eia'] },
  { id: 'fs', serviceTypeIds: ['st-feasibility', 'st-social'] },
  { id: 'site', serviceTypeIds: ['st-survey', 'st-feasibility'] },
  { id: 'orphan', serviceTypeIds: [] },
]

describe('approval items of a service type', () => {
  it('lists only the items that call for the chosen service type, in their order', () => {
    expect(approvalItemsFor(items, 'st-feasibility').map((i) => i.id)).toEqual(['fs', 'site'])
    expect(approvalItemsFor(items, 'st-eia').map((i) => i.id)).toEqual(['eia'])
    expect(approvalItemsFor(items, 'st-unknown')).toEqual([])
  })

  it('lists every item while no service type is chosen', () => {
    expect(approvalItemsFor(items, '').map((i) => i.id)).toEqual(['eia', 'fs', 'site', 'orphan'])
    expect(approvalItemsFor(items, null)).toHaveLength(4)
    expect(approvalItemsFor(items, undefined)).toHaveLength(4)
  })

  it('says whether an item serves a service type', () => {
    expect(servesServiceType(items[1], 'st-social')).toBe(true)
    expect(servesServiceType(items[0], 'st-social')).toBe(false)
    expect(servesServiceType(items[3], 'st-eia')).toBe(false)
  })

  it('groups every item under each of its service types (for a form without JavaScript), the unlinked last', () => {
    const serviceTypes = [{ id: 'st-feasibility' }, { id: 'st-eia' }, { id: 'st-none' }]
    const groups = approvalItemsByServiceType(items, serviceTypes)
    expect(groups.map((g) => [g.serviceType?.id ?? null, g.items.map((i) => i.id)])).toEqual([
      ['st-feasibility', ['fs', 'site']],
      ['st-eia', ['eia']],
      [null, ['orphan']],
    ])
  })
})
