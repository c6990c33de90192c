import { describe, expect, it } from 'vitest'
import { diffApplications } from '~/domain/agencies/diff'
import { eligibility, qualificationValidity, type EligibilityAgency } from '~/domain/agencies/eligibility'
import { decide, type RegistryAction, type RegistryFacts } from '~/domain/agencies/registry-lifecycle'
import { checkUpload, sniffMime } from '~/domain/agencies/uploads'

const EIA = 'st-eia'
const SURVEY = 'st-survey'

function facts(over: {
  actor?: Partial<RegistryFacts['actor']>
  agency?: Partial<RegistryFacts['agency']>
  application?: RegistryFacts['application']
  today?: string
}): RegistryFacts {
  return {
    actor: { role: 'agency', organisationId: 'agency-1', supervisedServiceTypeIds: [], ...over.actor },
    agency: { organisationId: 'agency-1', status: 'pending', serviceTypeIds: [EIA], openWork: 0, reentryFrom: null, ...over.agency },
    application: over.application === undefined ? { kind: 'entry', status: 'draft', serviceTypeIds: [EIA] } : over.application,
    today: over.today ?? '2026-03-02',
  }
}

const regulatorOf = (ids: string[]) => ({ role: 'regulator' as const, organisationId: 'reg-1', supervisedServiceTypeIds: ids })
const admin = { role: 'admin' as const, organisationId: 'platform', supervisedServiceTypeIds: [] }
const pending = { kind: 'entry' as const, status: 'pending' as const, serviceTypeIds: [EIA] }

describe('registry state machine: the agency edits and submits its own application', () => {
  it('draft → pending on submit, with a notification for reviewers', () => {
    expect(decide('submit', facts({}))).toMatchObject({ ok: true, applicationStatus: 'pending', agencyStatus: 'pending', notify: 'applicationSubmitted' })
  })
  it('a rejected application can be edited (back to draft) and resubmitted', () => {
    const rejected = { kind: 'entry' as const, status: 'rejected' as const, serviceTypeIds: [EIA] }
    expect(decide('edit', facts({ application: rejected, agency: { status: 'rejected' } }))).toMatchObject({ ok: true, applicationStatus: 'draft' })
    expect(decide('submit', facts({ application: rejected, agency: { status: 'rejected' } }))).toMatchObject({ ok: true, applicationStatus: 'pending' })
  })
  it('a pending application cannot be edited, only withdrawn', () => {
    expect(decide('edit', facts({ application: pending }))).toEqual({ ok: false, reason: 'wrongState' })
    expect(decide('withdraw', facts({ application: pending }))).toMatchObject({ ok: true, applicationStatus: 'draft' })
    expect(decide('withdraw', facts({}))).toEqual({ ok: false, reason: 'wrongState' })
  })
  it('nobody else may edit, submit or withdraw it', () => {
    for (const actor of [regulatorOf([EIA]), admin, { role: 'owner' as const, organisationId: 'o', supervisedServiceTypeIds: [] }, { role: 'agency' as const, organisationId: 'agency-2', supervisedServiceTypeIds: [] }]) {
      for (const action of ['edit', 'submit', 'withdraw'] as const) {
        expect(decide(action, facts({ actor, application: action === 'withdraw' ? pending : undefined }))).toEqual({ ok: false, reason: 'forbidden' })
      }
    }
  })
  it('submitting needs at least one service type', () => {
    expect(decide('submit', facts({ application: { kind: 'entry', status: 'draft', serviceTypeIds: [] } }))).toEqual({ ok: false, reason: 'noServiceType' })
  })
  it('an active agency edits through a change application; a suspended one cannot', () => {
    expect(decide('edit', facts({ agency: { status: 'active' }, application: null }))).toMatchObject({ ok: true })
    expect(decide('edit', facts({ agency: { status: 'suspended' }, application: null }))).toEqual({ ok: false, reason: 'wrongState' })
  })
  it('after a forced exit a new entry waits for the cooling-off date', () => {
    const exited = { status: 'exited' as const, reentryFrom: '2027-03-02' }
    expect(decide('submit', facts({ agency: exited, today: '2027-03-01' }))).toEqual({ ok: false, reason: 'coolingOff', params: { date: '2027-03-02' } })
    expect(decide('submit', facts({ agency: exited, today: '2027-03-02' }))).toMatchObject({ ok: true })
  })
})

describe('registry state machine: review', () => {
  it('a regulator supervising one of the applied service types approves: the agency becomes active', () => {
    const d = decide('approve', facts({ actor: regulatorOf([EIA]), application: pending }))
    expect(d).toEqual({ ok: true, agencyStatus: 'active', applicationStatus: 'approved', event: 'approved', notify: 'applicationApproved' })
  })
  it('admin may review anything; an unrelated regulator, an owner and the agency itself may not', () => {
    expect(decide('approve', facts({ actor: admin, application: pending })).ok).toBe(true)
    expect(decide('approve', facts({ actor: regulatorOf([SURVEY]), application: pending }))).toEqual({ ok: false, reason: 'forbidden' })
    expect(decide('approve', facts({ actor: { role: 'owner', organisationId: 'o', supervisedServiceTypeIds: [] }, application: pending }))).toEqual({ ok: false, reason: 'forbidden' })
    expect(decide('approve', facts({ application: pending }))).toEqual({ ok: false, reason: 'forbidden' })
  })
  it('rejecting needs a reason; a first entry rejection marks the agency rejected', () => {
    expect(decide('reject', facts({ actor: admin, application: pending }), { reason: ' ' })).toEqual({ ok: false, reason: 'reasonRequired' })
    expect(decide('reject', facts({ actor: admin, application: pending }), { reason: '资质证书不清晰' })).toMatchObject({ ok: true, agencyStatus: 'rejected', applicationStatus: 'rejected', event: 'rejected' })
  })
  it('a rejected change application leaves the active agency active', () => {
    const change = { kind: 'change' as const, status: 'pending' as const, serviceTypeIds: [EIA] }
    expect(decide('reject', facts({ actor: admin, application: change, agency: { status: 'active' } }), { reason: 'x' })).toMatchObject({ ok: true, agencyStatus: 'active', event: 'change_rejected' })
    expect(decide('approve', facts({ actor: admin, application: change, agency: { status: 'active' } }))).toMatchObject({ ok: true, agencyStatus: 'active', event: 'change_approved' })
  })
  it('only pending applications are decided', () => {
    for (const status of ['draft', 'approved', 'rejected'] as const) {
      expect(decide('approve', facts({ actor: admin, application: { kind: 'entry', status, serviceTypeIds: [EIA] } }))).toEqual({ ok: false, reason: 'wrongState' })
    }
    expect(decide('approve', facts({ actor: admin, application: null }))).toEqual({ ok: false, reason: 'notFound' })
  })
})

describe('registry state machine: suspension and exit', () => {
  const active = { status: 'active' as const }
  it('suspend and reinstate by a supervising regulator, with a reason', () => {
    expect(decide('suspend', facts({ actor: regulatorOf([EIA]), agency: active, application: null }), { reason: '投诉查实' })).toMatchObject({ ok: true, agencyStatus: 'suspended' })
    expect(decide('suspend', facts({ actor: regulatorOf([EIA]), agency: active, application: null }))).toEqual({ ok: false, reason: 'reasonRequired' })
    expect(decide('reinstate', facts({ actor: regulatorOf([EIA]), agency: { status: 'suspended' }, application: null }), { reason: '整改完成' })).toMatchObject({ ok: true, agencyStatus: 'active' })
    expect(decide('reinstate', facts({ actor: regulatorOf([EIA]), agency: active, application: null }), { reason: 'x' })).toEqual({ ok: false, reason: 'wrongState' })
  })
  it('an owner, the agency and an unrelated regulator may not suspend or force an exit', () => {
    for (const actor of [{ role: 'owner' as const, organisationId: 'o', supervisedServiceTypeIds: [] }, { role: 'agency' as const, organisationId: 'agency-1', supervisedServiceTypeIds: [] }, regulatorOf([SURVEY])]) {
      for (const action of ['suspend', 'forceExit'] as RegistryAction[]) {
        expect(decide(action, facts({ actor, agency: active, application: null }), { reason: 'x' })).toEqual({ ok: false, reason: 'forbidden' })
      }
    }
  })
  it('voluntary exit only by the agency itself and only with no open work', () => {
    expect(decide('exitVoluntary', facts({ agency: active, application: null }))).toMatchObject({ ok: true, agencyStatus: 'exited', event: 'exited' })
    expect(decide('exitVoluntary', facts({ agency: { status: 'active', openWork: 2 }, application: null }))).toEqual({ ok: false, reason: 'openWork', params: { count: 2 } })
    expect(decide('exitVoluntary', facts({ agency: { status: 'pending' }, application: null }))).toEqual({ ok: false, reason: 'wrongState' })
    expect(decide('exitVoluntary', facts({ actor: admin, agency: active, application: null }))).toEqual({ ok: false, reason: 'forbidden' })
  })
  it('forced exit of an active or suspended agency; never twice', () => {
    expect(decide('forceExit', facts({ actor: admin, agency: { status: 'suspended' }, application: null }), { reason: '弄虚作假' })).toMatchObject({ ok: true, agencyStatus: 'exited' })
    expect(decide('forceExit', facts({ actor: admin, agency: { status: 'exited' }, application: null }), { reason: 'x' })).toEqual({ ok: false, reason: 'wrongState' })
  })
})

describe('eligibility', () => {
  const agency: EligibilityAgency = {
    status: 'active',
    serviceTypeIds: [SURVEY],
    qualifications: [
      { qualificationTypeId: 'qt-survey', levelRank: 2, validUntil: '2026-04-01' },
      { qualificationTypeId: 'qt-survey', levelRank: 1, validUntil: '2026-02-01' },
    ],
    blacklist: [],
  }
  const need = { serviceTypeId: SURVEY, qualificationTypeIds: ['qt-survey'] }
  it('eligible with an unexpired qualification of the required type, warned within 30 days of expiry', () => {
    expect(eligibility(agency, need, '2026-01-10')).toEqual({ eligible: true, expiringOn: null })
    expect(eligibility(agency, need, '2026-03-05')).toEqual({ eligible: true, expiringOn: '2026-04-01' })
  })
  it('the minimum level counts only certificates at that level or higher', () => {
    expect(eligibility(agency, { ...need, maxLevelRank: 1 }, '2026-01-10')).toEqual({ eligible: true, expiringOn: '2026-02-01' })
    expect(eligibility(agency, { ...need, maxLevelRank: 1 }, '2026-02-02')).toEqual({ eligible: false, reason: 'qualificationExpired' })
    expect(eligibility({ ...agency, qualifications: [agency.qualifications[0]] }, { ...need, maxLevelRank: 1 }, '2026-01-10')).toEqual({ eligible: false, reason: 'qualificationLevelTooLow' })
  })
  it('expiry day itself is still valid; the day after is not', () => {
    expect(eligibility(agency, need, '2026-04-01').eligible).toBe(true)
    expect(eligibility(agency, need, '2026-04-02')).toEqual({ eligible: false, reason: 'qualificationExpired' })
  })
  it('gives the reason when not eligible', () => {
    expect(eligibility({ ...agency, status: 'exited' }, need, '2026-01-10')).toEqual({ eligible: false, reason: 'exited' })
    expect(eligibility({ ...agency, status: 'suspended' }, need, '2026-01-10')).toEqual({ eligible: false, reason: 'suspended' })
    expect(eligibility({ ...agency, status: 'pending' }, need, '2026-01-10')).toEqual({ eligible: false, reason: 'notActive' })
    expect(eligibility(agency, { ...need, serviceTypeId: EIA }, '2026-01-10')).toEqual({ eligible: false, reason: 'serviceTypeNotOffered' })
    expect(eligibility(agency, { ...need, qualificationTypeIds: ['qt-other'] }, '2026-01-10')).toEqual({ eligible: false, reason: 'qualificationMissing' })
  })
  it('a service type without a qualification requirement needs only the offer', () => {
    expect(eligibility({ ...agency, serviceTypeIds: [EIA], qualifications: [] }, { serviceTypeId: EIA, qualificationTypeIds: [] }, '2026-01-10')).toEqual({ eligible: true, expiringOn: null })
  })
  it('qualificationValidity flags 30 days ahead', () => {
    expect(qualificationValidity('2026-02-09', '2026-01-10')).toBe('expiring')
    expect(qualificationValidity('2026-02-10', '2026-01-10')).toBe('valid')
    expect(qualificationValidity('2026-01-09', '2026-01-10')).toBe('expired')
  })
})

describe('uploads are judged by their bytes', () => {
  const bytes = (...b: number[]) => new Uint8Array(b)
  it('recognises PDF, PNG and JPEG signatures', () => {
    expect(sniffMime(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf')
    expect(sniffMime(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png')
    expect(sniffMime(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg')
  })
  it('refuses anything else, empty files and files over 10 MB', () => {
    expect(checkUpload(10, new TextEncoder().encode('MZ\x90\x00'))).toEqual({ ok: false, problem: 'type' })
    expect(checkUpload(10, new TextEncoder().encode('<html>'))).toEqual({ ok: false, problem: 'type' })
    expect(checkUpload(0, bytes())).toEqual({ ok: false, problem: 'empty' })
    expect(checkUpload(10 * 1024 * 1024 + 1, new TextEncoder().encode('%PDF-1.7'))).toEqual({ ok: false, problem: 'tooLarge' })
    expect(checkUpload(10 * 1024 * 1024, new TextEncoder().encode('%PDF-1.7'))).toEqual({ ok: true, mime: 'application/pdf' })
  })
})

describe('diffApplications', () => {
  it('reports changed fields and added/removed rows', () => {
    const before = { name: 'A', serviceTypeIds: ['x'], practitioners: [{ name: '甲', certificateNo: '1' }] }
    const after = { name: 'B', serviceTypeIds: ['x', 'y'], practitioners: [{ certificateNo: '1', name: '甲' }, { name: '乙', certificateNo: '2' }] }
    const d = diffApplications(before, after)
    expect(d.fields).toEqual([{ field: 'name', before: 'A', after: 'B' }])
    expect(d.lists).toEqual([
      { field: 'serviceTypeIds', added: ['y'], removed: [] },
      { field: 'practitioners', added: [{ name: '乙', certificateNo: '2' }], removed: [] },
    ])
    expect(diffApplications(after, after).changed).toBe(false)
    expect(diffApplications(null, { name: 'A' }).fields).toEqual([{ field: 'name', before: null, after: 'A' }])
  })
})
