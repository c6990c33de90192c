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
  it('keeps a page path chosen by the caller, and only a site-relative one', () => {
    expect(subjectLink('agency', { kind: 'page', path: '/agency/application' })).toBe('/agency/application')
    for (const path of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', ''])
      expect(subjectLink('agency', { kind: 'page', path })).toBeNull()
    expect(sitePath(null)).toBeNull()
  })
})
