import { createHash } from 'node:crypto'
import { count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import {
  agencyApplications,
  agencyApplicationSubmissions,
  agencyExits,
  agencyRegistryEvents,
  auditEvents,
  organisations,
  storedFiles,
} from '#db/schema'
import { createAccount } from '#db/seed/factories'
import {
  getQualificationType,
  saveDepartment,
  saveQualificationType,
  saveServiceType,
} from '~/domain/catalogue/catalogue.server'
import { systemActor } from '~/utils/audit.server'
import * as applicationRoute from '~/routes/agency+/application'
import * as exitRoute from '~/routes/agency+/exit'
import * as homeRoute from '~/routes/agency+/index'
import * as fileRoute from '~/routes/files.$id'
import { decodeMessage } from '~/utils/intent-reply'
import { callRoute, formRequest, getRequest, ORIGIN, sessionCookie } from '#test/support/routes'

type Role = 'owner' | 'regulator' | 'admin' | 'applicant' | 'other' | 'active'

let cookies: Record<Role, string>
let orgIds: Record<Role, string>
let serviceTypeIds: [string, string]
let surveying: { typeId: string; levelA: string }
let eia: { typeId: string; levelA: string }

const PAGE = '/agency/application'
const PDF = new TextEncoder().encode(
  '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
)

async function snapshot() {
  const db = await getDb()
  const n = async (
    table:
      | typeof agencyApplications
      | typeof agencyApplicationSubmissions
      | typeof storedFiles
      | typeof agencyExits
      | typeof agencyRegistryEvents
      | typeof auditEvents,
  ) => (await db.select({ n: count() }).from(table))[0].n
  return {
    applications: await db.select().from(agencyApplications).orderBy(agencyApplications.id),
    submissions: await n(agencyApplicationSubmissions),
    files: await n(storedFiles),
    exits: await n(agencyExits),
    events: await n(agencyRegistryEvents),
    audit: await n(auditEvents),
    statuses: await db
      .select({ id: organisations.id, status: organisations.status })
      .from(organisations)
      .orderBy(organisations.id),
  }
}

async function applicationsOf(organisationId: string) {
  const db = await getDb()
  return db.select().from(agencyApplications).where(eq(agencyApplications.organisationId, organisationId))
}

async function filesOf(organisationId: string) {
  const db = await getDb()
  return db.select().from(storedFiles).where(eq(storedFiles.organisationId, organisationId))
}

/** A complete, valid application form; `over` replaces fields (undefined removes one). */
function validForm(over: Record<string, string | string[] | undefined> = {}): Record<string, string | string[]> {
  const base: Record<string, string | string[] | undefined> = {
    intent: 'save',
    name: '江苏测绘地理信息有限公司',
    nameEn: 'Jiangsu Surveying Co., Ltd.',
    region: '320100', // 江苏省南京市
    address: '南京市建邺区江东中路 100 号',
    legalRepresentative: '王建国',
    contactName: '李敏',
    contactPhone: '025-8888 1234',
    serviceTypeIds: [serviceTypeIds[1], serviceTypeIds[0]],
    'qualifications[0].qualificationTypeId': surveying.typeId,
    'qualifications[0].levelId': surveying.levelA,
    'qualifications[0].certificateNo': '甲测资字 32100001',
    'qualifications[0].issuer': '自然资源部',
    'qualifications[0].validFrom': '2024-01-01',
    'qualifications[0].validUntil': '2028-12-31',
    'qualifications[0].fileId': '',
    'practitioners[0].name': '张工',
    'practitioners[0].certificateType': '注册测绘师',
    'practitioners[0].certificateNo': 'CH-2020-0001',
    feeStandard: '按《测绘生产成本费用定额》收费，可优惠 10%。',
    commitment: '收到完整资料后 10 个工作日内提交成果；一次性告知补正材料。',
    ...over,
  }
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string | string[]] => e[1] !== undefined))
}

function post(role: Role, fields: Record<string, string | string[]>) {
  return callRoute(applicationRoute.action, formRequest(PAGE, fields, { cookie: cookies[role] }))
}

function uploadRequest(role: Role | null, file: File, headers: Record<string, string> = {}) {
  const body = new FormData()
  body.append('intent', 'upload')
  body.append('file', file)
  return new Request(new URL(PAGE, ORIGIN), {
    method: 'POST',
    body,
    headers: { Origin: ORIGIN, ...(role ? { Cookie: cookies[role] } : {}), ...headers },
  })
}

function upload(role: Role, file: File, headers: Record<string, string> = {}) {
  return callRoute(applicationRoute.action, uploadRequest(role, file, headers))
}

beforeAll(async () => {
  const db = await getDb()
  const dept = await saveDepartment(db, systemActor, {
    code: 'DEP-NR',
    nameZh: '自然资源局',
    nameEn: 'Natural Resources Bureau',
  })
  const qtSurvey = await saveQualificationType(db, systemActor, {
    code: 'QT-SURVEY',
    nameZh: '测绘资质',
    nameEn: 'Surveying qualification',
    issuerZh: '自然资源部',
    issuerEn: 'Ministry of Natural Resources',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
    ],
  })
  const qtEia = await saveQualificationType(db, systemActor, {
    code: 'QT-EIA',
    nameZh: '环评资质',
    nameEn: 'EIA qualification',
    issuerZh: '',
    issuerEn: '',
    levels: [{ code: 'A', nameZh: '甲级', nameEn: 'Grade A' }],
  })
  surveying = { typeId: qtSurvey.id, levelA: (await getQualificationType(db, qtSurvey.id)).levels[0].id }
  eia = { typeId: qtEia.id, levelA: (await getQualificationType(db, qtEia.id)).levels[0].id }
  const st = (code: string, nameZh: string, nameEn: string, qualificationTypeIds: string[]) =>
    saveServiceType(db, systemActor, {
      code,
      nameZh,
      nameEn,
      descriptionZh: '',
      descriptionEn: '',
      departmentId: dept.id,
      qualificationTypeIds,
      active: true,
    })
  serviceTypeIds = [
    (await st('ST-SURVEY', '工程测量', 'Engineering surveying', [qtSurvey.id])).id,
    (await st('ST-BOUNDARY', '土地勘测定界', 'Land boundary survey', [qtSurvey.id])).id,
  ]

  const accounts = {
    owner: await createAccount(db, 'owner'),
    regulator: await createAccount(db, 'regulator', { departmentId: dept.id }),
    admin: await createAccount(db, 'platform'),
    applicant: await createAccount(db, 'agency', { status: 'pending' }),
    other: await createAccount(db, 'agency', { status: 'pending' }),
    active: await createAccount(db, 'agency', { status: 'active' }),
  }
  cookies = {} as typeof cookies
  orgIds = {} as typeof orgIds
  for (const [role, account] of Object.entries(accounts) as [Role, (typeof accounts)[Role]][]) {
    cookies[role] = await sessionCookie(account.user.id)
    orgIds[role] = account.organisation.id
  }
})

describe('only the agency itself may use the application, upload and exit actions', () => {
  for (const role of ['owner', 'regulator'] as const) {
    it(`${role}: every intent, the upload and the exit get 403 and change nothing`, async () => {
      const before = await snapshot()
      const results = [
        await post(role, validForm()),
        await post(role, { intent: 'submit' }),
        await post(role, { intent: 'withdraw' }),
        await upload(role, new File([PDF], 'scan.pdf', { type: 'application/pdf' })),
        await callRoute(
          exitRoute.action,
          formRequest('/agency/exit', { reason: '业务调整', confirm: 'on' }, { cookie: cookies[role] }),
        ),
      ]
      for (const result of results) expect(result.status).toBe(403)
      expect(await snapshot()).toEqual(before)
    })

    it(`${role}: cannot read the agency screens`, async () => {
      for (const [loader, path] of [
        [applicationRoute.loader, PAGE],
        [exitRoute.loader, '/agency/exit'],
        [homeRoute.loader, '/agency'],
      ] as const) {
        expect((await callRoute(loader, getRequest(path, { cookie: cookies[role] }))).status).toBe(403)
      }
    })
  }

  it('anonymous: sent to log in, nothing changed', async () => {
    const before = await snapshot()
    const result = await callRoute(applicationRoute.action, formRequest(PAGE, validForm()))
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe(`/login?${new URLSearchParams({ redirectTo: PAGE })}`)
    expect(await snapshot()).toEqual(before)
  })

  it('a forged cross-site POST by the agency is refused', async () => {
    const before = await snapshot()
    const result = await callRoute(
      applicationRoute.action,
      formRequest(PAGE, validForm(), { cookie: cookies.applicant, headers: { Origin: 'https://evil.example' } }),
    )
    expect(result.status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })
})

describe('bad input comes back with field errors and the typed values, and writes nothing', () => {
  // Functions, because the catalogue ids exist only once beforeAll has run. The schema refuses with
  // 400; a rule the domain checks against the database (a level of another type) with 422 (decision 008).
  const cases: [string, () => Record<string, string | string[] | undefined>, string, string, number?][] = [
    ['missing address', () => ({ address: undefined }), 'address', 'validation.required'],
    ['bad phone', () => ({ contactPhone: 'call me' }), 'contactPhone', 'agency.validation.phone'],
    [
      'no service type',
      () => ({ serviceTypeIds: undefined }),
      'serviceTypeIds',
      'agency.validation.serviceTypeRequired',
    ],
    [
      'validUntil before validFrom in a qualification row',
      () => ({ 'qualifications[0].validUntil': '2023-12-31' }),
      'qualifications[0].validUntil',
      'agency.validation.untilBeforeFrom',
    ],
    [
      'a level of another qualification type',
      () => ({ 'qualifications[0].levelId': eia.levelA }),
      'qualifications[0].levelId',
      'agency.validation.levelMismatch',
      422,
    ],
  ]
  for (const [label, over, field, messageKey, status = 400] of cases) {
    it(label, async () => {
      const before = await snapshot()
      const fields = validForm({ ...over(), name: '改过的名称', 'qualifications[0].certificateNo': 'TYPED-123' })
      const result = await post('applicant', fields)
      expect(result.status).toBe(status)
      expect(result.data.result.error[field]).toEqual([messageKey])
      expect(result.data.result.initialValue).toMatchObject({
        name: '改过的名称',
        contactName: '李敏',
        qualifications: [{ certificateNo: 'TYPED-123' }],
        practitioners: [{ name: '张工' }],
      })
      expect(await applicationsOf(orgIds.applicant)).toEqual([])
      expect(await snapshot()).toEqual(before)
    })
  }

  it('adding a row without JavaScript returns the form with one more row and saves nothing', async () => {
    const before = await snapshot()
    // The list button is the submitter; the form's hidden intent field (save) travels with it.
    const fields = validForm({
      __intent__: JSON.stringify({ type: 'insert', payload: { name: 'practitioners' } }),
    })
    const result = await post('applicant', fields)
    expect(result.status).toBe(200)
    expect(result.data.result.initialValue.practitioners).toHaveLength(2)
    expect(result.data.result.initialValue.name).toBe('江苏测绘地理信息有限公司')
    expect(await snapshot()).toEqual(before)
  })
})

describe('draft, submit, withdraw', () => {
  it('the form starts from the organisation’s name and region when there is no application', async () => {
    const result = await callRoute(applicationRoute.loader, getRequest(PAGE, { cookie: cookies.applicant }))
    expect(result.status).toBe(200)
    expect(result.data.application).toBeNull()
    expect(result.data.defaults).toMatchObject({ region: '' })
    expect(result.data.defaults.name).toMatch(/^测试单位/)
    expect(result.data.editable).toBe(true)
    expect(result.data.canSubmit).toBe(false)
    expect(result.data.serviceTypes.map((s: { id: string }) => s.id).sort()).toEqual([...serviceTypeIds].sort())
  })

  it('submitting before any draft exists is refused with a form error', async () => {
    const before = await snapshot()
    const result = await post('applicant', { intent: 'submit' })
    expect(result.status).toBe(409)
    expect(result.data.intent).toBe('submit')
    expect(result.data.formError).toEqual({ messageKey: 'agency.errors.noApplication', params: {} })
    expect(await snapshot()).toEqual(before)
  })

  it('a valid draft is saved as an entry application', async () => {
    const result = await post('applicant', validForm())
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe(PAGE)
    const [app] = await applicationsOf(orgIds.applicant)
    expect(app).toMatchObject({ kind: 'entry', status: 'draft', revision: 0 })
    expect(app.payload).toMatchObject({
      address: '南京市建邺区江东中路 100 号',
      contactPhone: '025-8888 1234',
      serviceTypeIds: [...serviceTypeIds].sort(),
      qualifications: [{ qualificationTypeId: surveying.typeId, levelId: surveying.levelA, validUntil: '2028-12-31' }],
      practitioners: [{ name: '张工', certificateType: '注册测绘师', certificateNo: 'CH-2020-0001' }],
    })
    expect((app.payload.qualifications as Record<string, unknown>[])[0]).not.toHaveProperty('fileId')

    const page = await callRoute(applicationRoute.loader, getRequest(PAGE, { cookie: cookies.applicant }))
    expect(page.data.application).toMatchObject({ kind: 'entry', status: 'draft', revision: 0 })
    expect(page.data.defaults).toEqual(app.payload)
    expect(page.data.canSubmit).toBe(true)
    expect(page.data.canWithdraw).toBe(false)
    // The actions are the registry state machine's answer for this agency now.
    expect(page.data.actions).toEqual(['edit', 'submit'])
  })

  it('submit makes it pending and keeps the submitted version', async () => {
    const result = await post('applicant', { intent: 'submit' })
    expect(result.status).toBe(302)
    const [app] = await applicationsOf(orgIds.applicant)
    expect(app).toMatchObject({ status: 'pending', revision: 1 })
    expect(app.submittedAt).toBeInstanceOf(Date)
    const db = await getDb()
    const submissions = await db
      .select()
      .from(agencyApplicationSubmissions)
      .where(eq(agencyApplicationSubmissions.applicationId, app.id))
    expect(submissions).toHaveLength(1)
    expect(submissions[0]).toMatchObject({ revision: 1, payload: app.payload })
  })

  it('while pending, saving and submitting again are refused with a form error and the typed values kept', async () => {
    const before = await snapshot()
    const save = await post('applicant', validForm({ address: '新地址 1 号' }))
    expect(save.status).toBe(409)
    expect(save.data.formError).toEqual({ messageKey: 'agency.errors.wrongState', params: {} })
    expect(save.data.result.initialValue).toMatchObject({ address: '新地址 1 号' })
    const submit = await post('applicant', { intent: 'submit' })
    expect(submit.status).toBe(409)
    expect(submit.data.formError.messageKey).toBe('agency.errors.wrongState')
    expect(await snapshot()).toEqual(before)

    const page = await callRoute(applicationRoute.loader, getRequest(PAGE, { cookie: cookies.applicant }))
    expect(page.data).toMatchObject({ editable: false, canSubmit: false, canWithdraw: true, actions: ['withdraw'] })
  })

  it('withdraw returns it to draft', async () => {
    const result = await post('applicant', { intent: 'withdraw' })
    expect(result.status).toBe(302)
    const [app] = await applicationsOf(orgIds.applicant)
    expect(app).toMatchObject({ status: 'draft', revision: 1 })
    const again = await post('applicant', { intent: 'withdraw' })
    expect(again.status).toBe(409)
    expect(again.data.intent).toBe('withdraw')
    expect(again.data.formError).toEqual({ messageKey: 'agency.errors.wrongState', params: {} })
  })

  it('the workspace home shows the application status', async () => {
    const result = await callRoute(homeRoute.loader, getRequest('/agency', { cookie: cookies.applicant }))
    expect(result.status).toBe(200)
    expect(result.data.application).toEqual({ kind: 'entry', status: 'draft' })
    expect(result.data.exitedOn).toBeNull()
  })

  it('a text form declaring more than 1 MB is not read', async () => {
    const before = await snapshot()
    const request = formRequest(PAGE, validForm(), {
      cookie: cookies.applicant,
      headers: { 'Content-Length': String(2 * 1024 * 1024) },
    })
    const result = await callRoute(applicationRoute.action, request)
    expect(result.status).toBe(413)
    expect(await snapshot()).toEqual(before)
  })

  it('an unknown intent is a bad request', async () => {
    const result = await post('applicant', { intent: 'approve' })
    expect(result.status).toBe(400)
  })
})

describe('certificate uploads', () => {
  it('a PDF named .png is stored as application/pdf with its SHA-256', async () => {
    const before = await filesOf(orgIds.applicant)
    const result = await upload('applicant', new File([PDF], 'scan.png', { type: 'image/png' }))
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe(PAGE)
    const after = await filesOf(orgIds.applicant)
    expect(after).toHaveLength(before.length + 1)
    const stored = after.find((f) => !before.some((b) => b.id === f.id))!
    expect(stored).toMatchObject({
      fileName: 'scan.png',
      mimeType: 'application/pdf',
      size: PDF.byteLength,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    })
    expect(Buffer.from(stored.bytes).equals(Buffer.from(PDF))).toBe(true)

    const page = await callRoute(applicationRoute.loader, getRequest(PAGE, { cookie: cookies.applicant }))
    expect(page.data.files).toEqual([
      expect.objectContaining({ id: stored.id, mimeType: 'application/pdf', sha256: stored.sha256 }),
    ])
    expect(page.data.files[0].uploadedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
  })

  const refusals: [string, () => File, string][] = [
    [
      'a text file named scan.pdf',
      () => new File(['just some text, not a PDF'], 'scan.pdf', { type: 'application/pdf' }),
      'agency.upload.type',
    ],
    [
      'a file over 10 MB',
      () => {
        const bytes = new Uint8Array(10 * 1024 * 1024 + 1)
        bytes.set(PDF)
        return new File([bytes], 'big.pdf', { type: 'application/pdf' })
      },
      'agency.upload.tooLarge',
    ],
    ['an empty file', () => new File([], 'empty.pdf', { type: 'application/pdf' }), 'agency.upload.empty'],
  ]
  for (const [label, makeFile, messageKey] of refusals) {
    it(`${label} is refused with ${messageKey} at the file field (422) and nothing is stored`, async () => {
      const before = await snapshot()
      const result = await upload('applicant', makeFile())
      expect(result.status).toBe(422)
      expect(result.data.intent).toBe('upload')
      expect(result.data.result.error.file.map(decodeMessage)).toEqual([{ messageKey, params: { max: 10 } }])
      expect(result.data.formError).toBeNull()
      expect(await snapshot()).toEqual(before)
    })
  }

  it('a multipart upload without a file part is refused at the file field (422), nothing stored', async () => {
    const before = await snapshot()
    const body = new FormData()
    body.append('intent', 'upload')
    const request = new Request(new URL(PAGE, ORIGIN), { method: 'POST', body, headers: { Origin: ORIGIN, Cookie: cookies.applicant } })
    const result = await callRoute(applicationRoute.action, request)
    expect(result.status).toBe(422)
    expect(result.data.result.error.file).toEqual(['agencyApp.upload.noFile'])
    expect(await snapshot()).toEqual(before)
  })

  it('a body declaring more than 11 MB is refused before it is read', async () => {
    const before = await snapshot()
    const result = await upload('applicant', new File([PDF], 'scan.pdf', { type: 'application/pdf' }), {
      'Content-Length': String(12 * 1024 * 1024),
    })
    expect(result.status).toBe(413)
    expect(result.data.intent).toBe('upload')
    expect(result.data.formError).toEqual({ messageKey: 'agency.upload.tooLarge', params: { max: 10 } })
    expect(await snapshot()).toEqual(before)
  })

  it('a body over 11 MB without a Content-Length is cut off while streaming', async () => {
    const before = await snapshot()
    const bytes = new Uint8Array(11 * 1024 * 1024 + 10)
    bytes.set(PDF)
    const request = uploadRequest('applicant', new File([bytes], 'huge.pdf', { type: 'application/pdf' }))
    expect(request.headers.get('content-length')).toBeNull()
    const result = await callRoute(applicationRoute.action, request)
    expect(result.status).toBe(413)
    expect(result.data.formError.messageKey).toBe('agency.upload.tooLarge')
    expect(await snapshot()).toEqual(before)
  })
})

describe('downloads and references to stored files', () => {
  let fileId: string

  beforeAll(async () => {
    const [file] = await filesOf(orgIds.applicant)
    fileId = file.id
  })

  it('the owner agency downloads its file as an attachment with the sniffed type', async () => {
    const response = (await fileRoute.loader({
      request: getRequest(`/files/${fileId}`, { cookie: cookies.applicant }),
      params: { id: fileId },
      context: {},
    })) as Response
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="scan.png"; filename*=UTF-8''scan.png`,
    )
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(PDF))).toBe(true)
  })

  it('regulators and admin may download it (they review applications)', async () => {
    for (const role of ['regulator', 'admin'] as const) {
      const result = await callRoute(fileRoute.loader, getRequest(`/files/${fileId}`, { cookie: cookies[role] }), {
        id: fileId,
      })
      expect(result.status).toBe(200)
    }
  })

  it('another agency and an owner get 404; anonymous is sent to log in; a malformed id is 404', async () => {
    for (const role of ['other', 'owner'] as const) {
      const result = await callRoute(fileRoute.loader, getRequest(`/files/${fileId}`, { cookie: cookies[role] }), {
        id: fileId,
      })
      expect(result.status).toBe(404)
      expect(result.headers.get('Content-Disposition')).toBeNull()
    }
    const anonymous = await callRoute(fileRoute.loader, getRequest(`/files/${fileId}`), { id: fileId })
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    const malformed = await callRoute(fileRoute.loader, getRequest('/files/nope', { cookie: cookies.applicant }), {
      id: 'nope',
    })
    expect(malformed.status).toBe(404)
  })

  it('a file name with non-ASCII characters is sent in filename*', async () => {
    await upload('other', new File([PDF], '资质证书 (2024).pdf', { type: 'application/pdf' }))
    const [file] = await filesOf(orgIds.other)
    const response = (await fileRoute.loader({
      request: getRequest(`/files/${file.id}`, { cookie: cookies.other }),
      params: { id: file.id },
      context: {},
    })) as Response
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="____ (2024).pdf"; filename*=UTF-8''${encodeURIComponent('资质证书 ')}%282024%29.pdf`,
    )
  })

  it('another agency cannot reference the file in a qualification row', async () => {
    const before = await snapshot()
    const result = await post('other', validForm({ 'qualifications[0].fileId': fileId }))
    expect(result.status).toBe(422)
    expect(result.data.result.error['qualifications[0].fileId']).toEqual(['validation.choose'])
    expect(result.data.result.initialValue.qualifications[0].fileId).toBe(fileId)
    expect(await applicationsOf(orgIds.other)).toEqual([])
    expect(await snapshot()).toEqual(before)
  })

  it('the owner agency can reference its own file', async () => {
    const result = await post('applicant', validForm({ 'qualifications[0].fileId': fileId }))
    expect(result.status).toBe(302)
    const [app] = await applicationsOf(orgIds.applicant)
    expect((app.payload.qualifications as Record<string, unknown>[])[0].fileId).toBe(fileId)
  })
})

describe('voluntary exit', () => {
  it('a pending agency is refused (409) and nothing is written', async () => {
    const before = await snapshot()
    const result = await callRoute(
      exitRoute.action,
      formRequest('/agency/exit', { reason: '业务调整', confirm: 'on' }, { cookie: cookies.applicant }),
    )
    expect(result.status).toBe(409)
    expect(result.data.formError).toEqual({ messageKey: 'agency.errors.wrongState', params: {} })
    expect(result.data.result.initialValue).toMatchObject({ reason: '业务调整' })
    expect(await snapshot()).toEqual(before)
    const page = await callRoute(exitRoute.loader, getRequest('/agency/exit', { cookie: cookies.applicant }))
    expect(page.data).toEqual({ status: 'pending', openWork: 0, mayExit: false })
  })

  it('without the confirmation nothing happens', async () => {
    const before = await snapshot()
    const result = await callRoute(
      exitRoute.action,
      formRequest('/agency/exit', { reason: '业务调整' }, { cookie: cookies.active }),
    )
    expect(result.status).toBe(400)
    expect(result.data.result.error.confirm).toEqual(['agency.validation.confirmExit'])
    expect(result.data.result.initialValue).toMatchObject({ reason: '业务调整' })
    expect(await snapshot()).toEqual(before)
  })

  it('an active agency exits: an exit record of type voluntary, status exited', async () => {
    const page = await callRoute(exitRoute.loader, getRequest('/agency/exit', { cookie: cookies.active }))
    expect(page.data).toEqual({ status: 'active', openWork: 0, mayExit: true })
    const result = await callRoute(
      exitRoute.action,
      formRequest(
        '/agency/exit',
        { reason: '公司业务转型，不再从事测绘服务', confirm: 'on' },
        { cookie: cookies.active },
      ),
    )
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe('/agency')
    expect(result.headers.get('Set-Cookie')).toMatch(/^toast=/)
    const db = await getDb()
    const exits = await db.select().from(agencyExits).where(eq(agencyExits.organisationId, orgIds.active))
    expect(exits).toEqual([
      expect.objectContaining({ type: 'voluntary', category: 'voluntary', reason: '公司业务转型，不再从事测绘服务' }),
    ])
    const [org] = await db.select().from(organisations).where(eq(organisations.id, orgIds.active))
    expect(org.status).toBe('exited')
    const events = await db
      .select()
      .from(agencyRegistryEvents)
      .where(eq(agencyRegistryEvents.organisationId, orgIds.active))
    expect(events.map((e) => e.kind)).toEqual(['exited'])

    const home = await callRoute(homeRoute.loader, getRequest('/agency', { cookie: cookies.active }))
    expect(home.data.exitedOn).toBe(exits[0].exitedOn)
    const again = await callRoute(
      exitRoute.action,
      formRequest('/agency/exit', { reason: '再退一次', confirm: 'on' }, { cookie: cookies.active }),
    )
    expect(again.status).toBe(409)
  })
})
