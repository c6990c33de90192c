/**
 * Regression: an agency that exits while a change application is open (or after one was
 * rejected) must still be able to apply to enter again once the cooling-off period is over.
 */
import { desc, eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { agencyApplications, organisations } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import {
  currentApplication,
  forceExit,
  reviewApplication,
  saveApplication,
  submitApplication,
} from '~/domain/agencies/registry.server'
import type { AgencyApplicationInput } from '~/domain/agencies/schemas'
import { saveDepartment, saveServiceType } from '~/domain/catalogue/catalogue.server'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { Conflict, RuleViolation } from '~/domain/errors'
import { systemActor } from '~/utils/audit.server'
import { loadSessionUser } from '~/utils/auth.server'

afterAll(() => resetClock())

describe('re-entry after a forced exit', () => {
  it('an exit during an open change application does not lock the agency out', async () => {
    const clock = fixedClock('2030-03-02T02:00:00Z')
    setClock(clock)
    const db = await getDb()
    const dept = await saveDepartment(db, systemActor, { code: 'DEP-RE', nameZh: '测试局', nameEn: 'Test Bureau' })
    const st = await saveServiceType(db, systemActor, {
      code: 'ST-RE',
      nameZh: '测试服务',
      nameEn: 'Test service',
      descriptionZh: '',
      descriptionEn: '',
      departmentId: dept.id,
      qualificationTypeIds: [],
      active: true,
    })
    const admin = await loadSessionUser(db, (await createAccount(db, 'platform')).user.id)
    const agencyAccount = await createAccount(db, 'agency', { status: 'pending' })
    const agency = await loadSessionUser(db, agencyAccount.user.id)
    const payload: AgencyApplicationInput = {
      name: agencyAccount.organisation.name,
      nameEn: '',
      region: '盐城市',
      address: '人民路 1 号',
      legalRepresentative: '张三',
      contactName: '李四',
      contactPhone: '0515-8888000',
      serviceTypeIds: [st.id],
      qualifications: [],
      practitioners: [],
      feeStandard: '面议',
      commitment: '按时交付',
    }
    await saveApplication(db, agency, payload)
    await submitApplication(db, agency)
    await reviewApplication(db, admin, (await currentApplication(db, agency.organisationId))!.id, { decision: 'approve', reason: '' })

    // A change is pending when the regulator forces the exit.
    await saveApplication(db, agency, { ...payload, address: '人民路 2 号' })
    await submitApplication(db, agency)
    await forceExit(db, admin, agency.organisationId, { category: 'fraud', reason: '弄虚作假' })
    const [closed] = await db.select().from(agencyApplications).where(eq(agencyApplications.organisationId, agency.organisationId)).orderBy(desc(agencyApplications.createdAt)).limit(1)
    expect(closed).toMatchObject({ kind: 'change', status: 'rejected' })

    // During the cooling-off period a new entry is refused…
    await expect(saveApplication(db, agency, payload)).rejects.toBeInstanceOf(RuleViolation)
    // …after it, a new entry application is opened (not the rejected change) and can be approved.
    clock.advance(366 * 24 * 3600 * 1000)
    await saveApplication(db, agency, payload)
    const entry = await currentApplication(db, agency.organisationId)
    expect(entry).toMatchObject({ kind: 'entry', status: 'draft' })
    await submitApplication(db, agency)
    await reviewApplication(db, admin, entry!.id, { decision: 'approve', reason: '' })
    const [org] = await db.select().from(organisations).where(eq(organisations.id, agency.organisationId))
    expect(org.status).toBe('active')
    // Submitting again with nothing open is a conflict, not a crash.
    await expect(submitApplication(db, agency)).rejects.toBeInstanceOf(Conflict)
  })
})
