/**
 * Demo data: the catalogue, a platform admin, two regulators, two project owners and eight
 * agencies with qualifications (valid, expiring within 30 days, expired). Catalogue entries go
 * through the same domain functions the admin screens use, so they are validated and audited.
 */
import type { Db } from '../client.server'
import { agencyQualifications, agencyServiceTypes, qualificationLevels } from '../schema'
import { catalogue } from './catalogue-data'
import { createOrganisation, createUser } from './factories'
import {
  saveApprovalItem,
  saveDepartment,
  saveQualificationType,
  saveServiceType,
} from '~/domain/catalogue/catalogue.server'
import { now } from '~/domain/clock'
import { addCalendarDays, shanghaiDate } from '~/domain/dates'
import { makeCreditCode } from '~/domain/organisations/credit-code'
import { recordAudit, type Actor } from '~/utils/audit.server'
import { eq } from 'drizzle-orm'

export const DEMO_PASSWORD = 'demo-password-2026'

export interface DemoLogin {
  role: 'admin' | 'regulator' | 'owner' | 'agency'
  email: string
  organisation: string
  note?: string
}

const seedActor: Actor = { userId: null, organisationId: null }

interface AgencySeed {
  key: string
  name: string
  nameEn: string
  region: string
  status: 'active' | 'pending'
  serviceTypes: string[]
  /** [qualification type code, level code, validity: 'valid' | 'expiring' | 'expired'] */
  qualifications: [string, string, 'valid' | 'expiring' | 'expired'][]
}

const agencies: AgencySeed[] = [
  {
    key: 'huanke',
    name: '江苏环科环境工程咨询有限公司',
    nameEn: 'Jiangsu Huanke Environmental Consulting Co., Ltd.',
    region: '南京市',
    status: 'active',
    serviceTypes: ['ST-EIA-REPORT', 'ST-EIA-FORM', 'ST-SOCIAL-RISK'],
    qualifications: [['QT-CONSULT', 'A', 'valid']],
  },
  {
    key: 'lvyuan',
    name: '盐城绿源环境技术有限公司',
    nameEn: 'Yancheng Lvyuan Environmental Technology Co., Ltd.',
    region: '盐城市',
    status: 'active',
    serviceTypes: ['ST-EIA-REPORT', 'ST-EIA-FORM', 'ST-ENERGY'],
    qualifications: [['QT-CONSULT', 'B', 'expiring']],
  },
  {
    key: 'cehui',
    name: '江苏天地测绘院有限公司',
    nameEn: 'Jiangsu Tiandi Surveying and Mapping Institute Co., Ltd.',
    region: '南京市',
    status: 'active',
    serviceTypes: ['ST-LAND-SURVEY', 'ST-ENG-SURVEY', 'ST-HOUSE-SURVEY'],
    qualifications: [['QT-SURVEY', 'A', 'valid']],
  },
  {
    key: 'dizhi',
    name: '江苏华东地质工程勘察院',
    nameEn: 'Jiangsu East China Geological Engineering Investigation Institute',
    region: '徐州市',
    status: 'active',
    serviceTypes: ['ST-GEOHAZARD', 'ST-MINERAL', 'ST-ENG-SURVEY'],
    qualifications: [
      ['QT-GEOHAZARD', 'A', 'valid'],
      ['QT-GEOTECH', 'A', 'valid'],
    ],
  },
  {
    key: 'anping',
    name: '苏州安平安全技术评价有限公司',
    nameEn: 'Suzhou Anping Safety Assessment Co., Ltd.',
    region: '苏州市',
    status: 'active',
    serviceTypes: ['ST-SAFETY-PRE', 'ST-OHS-PRE'],
    qualifications: [
      ['QT-SAFETY', firstLevel('QT-SAFETY'), 'valid'],
      ['QT-OHS', firstLevel('QT-OHS'), 'expired'],
    ],
  },
  {
    key: 'shuibao',
    name: '江苏水润水土保持咨询有限公司',
    nameEn: 'Jiangsu Shuirun Soil and Water Conservation Consulting Co., Ltd.',
    region: '扬州市',
    status: 'active',
    serviceTypes: ['ST-SWC', 'ST-WATER-RES', 'ST-FLOOD'],
    qualifications: [['QT-SWC', 'STAR4', 'valid']],
  },
  {
    key: 'zaojia',
    name: '南京正衡工程造价咨询有限公司',
    nameEn: 'Nanjing Zhengheng Cost Consulting Co., Ltd.',
    region: '南京市',
    status: 'active',
    serviceTypes: ['ST-COST', 'ST-FEASIBILITY', 'ST-DRAWING-REVIEW'],
    qualifications: [
      ['QT-COST', 'A', 'valid'],
      ['QT-DRAWING', firstLevel('QT-DRAWING'), 'valid'],
    ],
  },
  {
    key: 'xinchuang',
    name: '盐城新创工程咨询有限公司',
    nameEn: 'Yancheng Xinchuang Engineering Consulting Co., Ltd.',
    region: '盐城市',
    status: 'pending',
    serviceTypes: ['ST-FEASIBILITY', 'ST-SOCIAL-RISK', 'ST-TRAFFIC'],
    qualifications: [['QT-CONSULT', 'B', 'valid']],
  },
]

function firstLevel(qualificationCode: string): string {
  const type = catalogue.qualificationTypes.find((q) => q.code === qualificationCode)
  if (!type) throw new Error(`demo data: unknown qualification type ${qualificationCode}`)
  return type.levels[0].code
}

export async function seedDemoData(db: Db): Promise<DemoLogin[]> {
  const ids = await seedCatalogue(db)
  const logins: DemoLogin[] = []
  let serial = 7_300_000
  const code = (region: string) => makeCreditCode({ serial: (serial += 7919), region })

  const account = async (
    kind: 'owner' | 'agency' | 'regulator' | 'platform',
    org: { name: string; nameEn: string; region?: string; departmentId?: string; status?: 'active' | 'pending'; creditRegion?: string; registration?: string },
    user: { email: string; name: string; locale?: 'zh-CN' | 'en' },
  ) => {
    const organisation = await createOrganisation(db, kind, {
      name: org.name,
      nameEn: org.nameEn,
      region: org.region ?? '',
      departmentId: org.departmentId,
      status: org.status ?? 'active',
      creditCode: org.registration
        ? makeCreditCode({ serial: (serial += 7919), region: org.creditRegion ?? '320900', registration: org.registration, category: '1' })
        : code(org.creditRegion ?? '320900'),
    })
    const created = await createUser(db, organisation, { ...user, password: DEMO_PASSWORD })
    await db.transaction((tx) =>
      recordAudit(tx, {
        actor: seedActor,
        action: 'organisation.registered',
        entityType: 'organisation',
        entityId: organisation.id,
        payload: { kind, name: organisation.name, creditCode: organisation.creditCode, status: organisation.status, userId: created.id },
      }),
    )
    return { organisation, user: created }
  }

  await account(
    'platform',
    { name: '盐城市政务服务管理办公室', nameEn: 'Yancheng Government Services Administration Office', registration: '1' },
    { email: 'admin@demo.example', name: '平台管理员' },
  )
  logins.push({ role: 'admin', email: 'admin@demo.example', organisation: '盐城市政务服务管理办公室' })

  for (const [email, name, nameEn, dept] of [
    ['ee@demo.example', '盐城市生态环境局', 'Yancheng Ecology and Environment Bureau', 'DEP-EE'],
    ['nrp@demo.example', '盐城市自然资源和规划局', 'Yancheng Natural Resources and Planning Bureau', 'DEP-NRP'],
  ] as const) {
    await account('regulator', { name, nameEn, departmentId: ids.departments.get(dept), registration: '1' }, { email, name: `${name}监管员` })
    logins.push({ role: 'regulator', email, organisation: name })
  }

  for (const [email, name, nameEn, region] of [
    ['owner1@demo.example', '江苏恒泰新材料有限公司', 'Jiangsu Hengtai New Materials Co., Ltd.', '盐城市大丰区'],
    ['owner2@demo.example', '盐城市城市建设投资集团有限公司', 'Yancheng Urban Construction Investment Group Co., Ltd.', '盐城市亭湖区'],
  ] as const) {
    await account('owner', { name, nameEn, region }, { email, name: '项目联系人' })
    logins.push({ role: 'owner', email, organisation: name })
  }

  const today = shanghaiDate(now())
  const validity = {
    valid: { from: addCalendarDays(today, -400), until: addCalendarDays(today, 3 * 365) },
    expiring: { from: addCalendarDays(today, -1000), until: addCalendarDays(today, 20) },
    expired: { from: addCalendarDays(today, -1100), until: addCalendarDays(today, -10) },
  }
  let certificate = 100
  for (const agency of agencies) {
    const email = `${agency.key}@demo.example`
    const { organisation } = await account(
      'agency',
      { name: agency.name, nameEn: agency.nameEn, region: agency.region, status: agency.status, creditRegion: '320100' },
      { email, name: '业务负责人' },
    )
    await db.insert(agencyServiceTypes).values(
      agency.serviceTypes.map((st) => ({ organisationId: organisation.id, serviceTypeId: must(ids.serviceTypes, st) })),
    )
    for (const [typeCode, levelCode, state] of agency.qualifications) {
      const typeId = must(ids.qualificationTypes, typeCode)
      const levels = await db.select().from(qualificationLevels).where(eq(qualificationLevels.qualificationTypeId, typeId))
      const level = levels.find((l) => l.code === levelCode)
      if (!level) throw new Error(`demo data: ${typeCode} has no level ${levelCode}`)
      const type = catalogue.qualificationTypes.find((q) => q.code === typeCode)!
      await db.insert(agencyQualifications).values({
        organisationId: organisation.id,
        qualificationTypeId: typeId,
        levelId: level.id,
        certificateNo: `${typeCode.replace('QT-', '')}-${today.slice(0, 4)}-${String((certificate += 37)).padStart(6, '0')}`,
        issuer: type.issuerZh,
        validFrom: validity[state].from,
        validUntil: validity[state].until,
      })
    }
    const notes = agency.qualifications.map(([, , s]) => s).filter((s) => s !== 'valid')
    logins.push({
      role: 'agency',
      email,
      organisation: agency.name,
      note: [agency.status === 'pending' ? 'pending review' : '', ...notes.map((s) => `qualification ${s}`)].filter(Boolean).join(', ') || undefined,
    })
  }
  return logins
}

function must(map: Map<string, string>, code: string): string {
  const id = map.get(code)
  if (!id) throw new Error(`demo data: unknown code ${code}`)
  return id
}

async function seedCatalogue(db: Db) {
  const departments = new Map<string, string>()
  const qualificationTypes = new Map<string, string>()
  const serviceTypes = new Map<string, string>()
  for (const d of catalogue.departments) {
    departments.set(d.code, (await saveDepartment(db, seedActor, d)).id)
  }
  for (const q of catalogue.qualificationTypes) {
    qualificationTypes.set(q.code, (await saveQualificationType(db, seedActor, q)).id)
  }
  for (const s of catalogue.serviceTypes) {
    const row = await saveServiceType(db, seedActor, {
      code: s.code,
      nameZh: s.nameZh,
      nameEn: s.nameEn,
      descriptionZh: s.descriptionZh,
      descriptionEn: s.descriptionEn,
      departmentId: must(departments, s.departmentCode),
      qualificationTypeIds: s.qualificationTypeCodes.map((c) => must(qualificationTypes, c)),
      active: true,
    })
    serviceTypes.set(s.code, row.id)
  }
  for (const a of catalogue.approvalItems) {
    await saveApprovalItem(db, seedActor, {
      code: a.code,
      nameZh: a.nameZh,
      nameEn: a.nameEn,
      departmentId: must(departments, a.departmentCode),
      statutoryDays: a.statutoryDays,
      committedDays: a.committedDays,
      serviceTypeIds: a.serviceTypeCodes.map((c) => must(serviceTypes, c)),
      limitsAreDemo: true,
      active: true,
    })
  }
  return { departments, qualificationTypes, serviceTypes }
}

export function formatDemoLogins(logins: DemoLogin[]): string {
  const rows = logins.map((l) => `  ${l.role.padEnd(10)} ${l.email.padEnd(24)} ${l.organisation}${l.note ? `  (${l.note})` : ''}`)
  return [`Demo logins (password for all: ${DEMO_PASSWORD})`, ...rows].join('\n')
}
