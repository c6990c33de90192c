import { describe, expect, it } from 'vitest'
import { sitePath, subjectLink } from '~/domain/notifications/links'

const needId = '0b8e2d5c-6a1f-4e59-9b7d-2f3c4a5b6c7d'
const objectionId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'

describe('subjectLink', () => {
  it('leads each role to the page of a need it can open', () => {
    const need = { kind: 'need', needId } as const
    expect(subjectLink('owner', need)).toBe(`/owner/needs/${needId}`)
    expect(subjectLink('agency', need)).toBe(`/agency/needs/${needId}`)
    expect(subjectLink('regulator', need)).toBe(`/needs/${needId}`)
    expect(subjectLink('admin', need)).toBe(`/needs/${needId}`)
  })
  it('leads a regulator to the objection a need notification concerns; the others still to the need', () => {
    const subject = { kind: 'need', needId, objectionId } as const
    expect(subjectLink('regulator', subject)).toBe(`/regulator/objections/${objectionId}`)
    expect(subjectLink('owner', subject)).toBe(`/owner/needs/${needId}`)
    expect(subjectLink('agency', subject)).toBe(`/agency/needs/${needId}`)
  })
  it('leads the parties and regulators of a need with a contract to the contract; another bidder and an admin to the need', () => {
    const contract = { id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', ownerOrganisationId: 'org-owner', agencyOrganisationId: 'org-winner' }
    const subject = { kind: 'need', needId, contract } as const
    const page = `/contracts/${contract.id}`
    expect(subjectLink('owner', subject, 'org-owner')).toBe(page)
    expect(subjectLink('agency', subject, 'org-winner')).toBe(page)
    expect(subjectLink('regulator', subject, 'org-department')).toBe(page)
    // A losing bidder told of the award cannot open the contract: its need page.
    expect(subjectLink('agency', subject, 'org-other')).toBe(`/agency/needs/${needId}`)
    expect(subjectLink('owner', subject, 'org-other')).toBe(`/owner/needs/${needId}`)
    expect(subjectLink('agency', subject)).toBe(`/agency/needs/${needId}`)
    expect(subjectLink('admin', subject, 'org-admin')).toBe(`/needs/${needId}`)
    // Without a contract (before the award): the need page, as before.
    expect(subjectLink('owner', { kind: 'need', needId, contract: null }, 'org-owner')).toBe(`/owner/needs/${needId}`)
    // An objection still leads the regulator to the objection.
    expect(subjectLink('regulator', { ...subject, objectionId }, 'org-department')).toBe(`/regulator/objections/${objectionId}`)
  })
  it('keeps a page path chosen by the caller, and only a site-relative one', () => {
    expect(subjectLink('agency', { kind: 'page', path: '/agency/application' })).toBe('/agency/application')
    for (const path of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', ''])
      expect(subjectLink('agency', { kind: 'page', path })).toBeNull()
    expect(sitePath(null)).toBeNull()
  })
})
