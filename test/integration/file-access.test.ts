/**
 * Certificate files: who may download one (the owner agency, admin, and a regulator whose
 * department supervises the agency — the review screens' remit; everyone else the same 404 as a
 * missing file), and uploads refused for a disguising file name or a PDF without its trailer,
 * with nothing written.
 */
import { randomUUID } from 'node:crypto'
import { count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { agencyApplications, agencyServiceTypes, auditEvents, storedFiles } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { saveDepartment, saveQualificationType, saveServiceType } from '~/domain/catalogue/catalogue.server'
import { now } from '~/domain/now'
import { systemActor } from '~/utils/audit.server'
import * as applicationRoute from '~/routes/agency+/application'
import * as fileRoute from '~/routes/files.$id'
import { decodeMessage } from '~/utils/intent-reply'
import { callRoute, getRequest, ORIGIN, sessionCookie } from '#test/support/routes'

type Who = 'holder' | 'applicant' | 'otherAgency' | 'owner' | 'admin' | 'regulatorA' | 'regulatorB'

const PAGE = '/agency/application'
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

let cookies: Record<Who, string>
const files = {} as Record<'holder' | 'applicant', string>

function upload(who: Who, file: File) {
  const body = new FormData()
  body.append('intent', 'upload')
  body.append('file', file)
  return callRoute(
    applicationRoute.action,
    new Request(new URL(PAGE, ORIGIN), { method: 'POST', body, headers: { Origin: ORIGIN, Cookie: cookies[who] } }),
  )
}

function download(who: Who | null, id: string) {
  return callRoute(fileRoute.loader, getRequest(`/files/${id}`, who ? { cookie: cookies[who] } : {}), { id })
}

async function written() {
  const db = await getDb()
  const [f] = await db.select({ n: count() }).from(storedFiles)
  const [a] = await db.select({ n: count() }).from(auditEvents)
  return { files: f.n, audit: a.n }
}

beforeAll(async () => {
  const db = await getDb()
  const qualification = await saveQualificationType(db, systemActor, {
    code: 'QT-FA',
    nameZh: '测试资质',
    nameEn: 'Test qualification',
    issuerZh: '',
    issuerEn: '',
    levels: [{ code: 'A', nameZh: '甲级', nameEn: 'Grade A' }],
  })
  const serviceTypeIn = async (code: string) => {
    const department = await saveDepartment(db, systemActor, { code: `DEP-${code}`, nameZh: `部门 ${code}`, nameEn: `Department ${code}` })
    const serviceType = await saveServiceType(db, systemActor, {
      code: `ST-${code}`,
      nameZh: `服务 ${code}`,
      nameEn: `Service ${code}`,
      descriptionZh: '',
      descriptionEn: '',
      departmentId: department.id,
      qualificationTypeIds: [qualification.id],
      active: true,
    })
    return { departmentId: department.id, serviceTypeId: serviceType.id }
  }
  const a = await serviceTypeIn('FA-A')
  const b = await serviceTypeIn('FA-B')

  const accounts = {
    // Offers department A's service type (live data).
    holder: await createAccount(db, 'agency', { status: 'active' }),
    // Only applied for department A's service type (a draft application, nothing live yet).
    applicant: await createAccount(db, 'agency', { status: 'pending' }),
    // Offers department B's service type.
    otherAgency: await createAccount(db, 'agency', { status: 'active' }),
    owner: await createAccount(db, 'owner'),
    admin: await createAccount(db, 'platform'),
    regulatorA: await createAccount(db, 'regulator', { departmentId: a.departmentId }),
    regulatorB: await createAccount(db, 'regulator', { departmentId: b.departmentId }),
  }
  await db.insert(agencyServiceTypes).values([
    { organisationId: accounts.holder.organisation.id, serviceTypeId: a.serviceTypeId },
    { organisationId: accounts.otherAgency.organisation.id, serviceTypeId: b.serviceTypeId },
  ])
  await db.insert(agencyApplications).values({
    organisationId: accounts.applicant.organisation.id,
    kind: 'entry',
    status: 'draft',
    payload: { serviceTypeIds: [a.serviceTypeId] },
    createdAt: now(),
    updatedAt: now(),
  })
  cookies = {} as typeof cookies
  for (const [who, account] of Object.entries(accounts) as [Who, (typeof accounts)[Who]][]) {
    cookies[who] = await sessionCookie(account.user.id)
  }
  for (const who of ['holder', 'applicant'] as const) {
    const result = await upload(who, new File([PDF], `${who}.pdf`, { type: 'application/pdf' }))
    expect(result.status).toBe(302)
    const [row] = await db
      .select({ id: storedFiles.id })
      .from(storedFiles)
      .where(eq(storedFiles.organisationId, accounts[who].organisation.id))
    files[who] = row.id
  }
})

describe('downloading a certificate', () => {
  it('the owner agency, admin and a regulator of the supervising department get the file', async () => {
    for (const who of ['holder', 'admin', 'regulatorA'] as const) {
      const result = await download(who, files.holder)
      expect(result.status, who).toBe(200)
      expect(result.headers.get('Content-Type'), who).toBe('application/pdf')
    }
  })

  it('a regulator supervises an agency through its applications too', async () => {
    expect((await download('regulatorA', files.applicant)).status).toBe(200)
    expect((await download('applicant', files.applicant)).status).toBe(200)
  })

  it('a regulator of another department, another agency and an owner get the 404 of a missing file', async () => {
    const missing = await download('regulatorA', randomUUID())
    expect(missing.status).toBe(404)
    for (const [who, id] of [
      ['regulatorB', files.holder],
      ['regulatorB', files.applicant],
      ['otherAgency', files.holder],
      ['applicant', files.holder],
      ['owner', files.holder],
    ] as const) {
      const result = await download(who, id)
      expect(result.status, `${who} ${id}`).toBe(404)
      expect(result.data, who).toBe(missing.data)
      expect(result.headers.get('Content-Disposition'), who).toBeNull()
    }
  })

  it('anonymous is sent to log in', async () => {
    const result = await download(null, files.holder)
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
  })
})

describe('uploading a certificate', () => {
  const refusals: [string, () => File, string][] = [
    [
      'a name with a right-to-left override (shows as "invoiceexe.pdf")',
      () => new File([PDF], 'invoice\u202efdp.exe', { type: 'application/pdf' }),
      'uploadChecks.fileName',
    ],
    ['a name with a first-strong isolate', () => new File([PDF], 'scan\u2068.pdf', { type: 'application/pdf' }), 'uploadChecks.fileName'],
    ['a name with a control character', () => new File([PDF], 'scan\u0007.pdf', { type: 'application/pdf' }), 'uploadChecks.fileName'],
    [
      'a file that only starts with %PDF-',
      () => new File(['%PDF-1.7\n<script>alert(1)</script>\n'], 'scan.pdf', { type: 'application/pdf' }),
      'uploadChecks.pdfIncomplete',
    ],
    [
      'a PDF whose %%EOF is more than 1024 bytes from the end',
      () => new File([PDF, new Uint8Array(2048)], 'padded.pdf', { type: 'application/pdf' }),
      'uploadChecks.pdfIncomplete',
    ],
  ]
  for (const [label, makeFile, messageKey] of refusals) {
    it(`${label} is refused with ${messageKey} and nothing is written`, async () => {
      const before = await written()
      const result = await upload('holder', makeFile())
      // A domain rule at the file field: 422 (decision 008), the key and its parameters at the field.
      expect(result.status).toBe(422)
      expect(result.data.intent).toBe('upload')
      expect(result.data.result.error.file.map(decodeMessage)).toEqual([{ messageKey, params: { max: 10 } }])
      expect(await written()).toEqual(before)
    })
  }

  it('a complete PDF with a little whitespace after %%EOF is stored', async () => {
    const before = await written()
    const result = await upload('holder', new File([PDF, '\r\n\r\n'], 'complete.pdf', { type: 'application/pdf' }))
    expect(result.status).toBe(302)
    expect(await written()).toEqual({ files: before.files + 1, audit: before.audit + 1 })
  })
})
