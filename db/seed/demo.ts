/**
 * Demo data: the catalogue, a platform admin, two regulators, two project owners and eight
 * agencies with qualifications (valid, expiring within 30 days, expired). Catalogue entries go
 * through the same domain functions the admin screens use, so they are validated and audited.
 */
import type { Db } from '../client.server'
import { qualificationLevels } from '../schema'
import { catalogue } from './catalogue-data'
import { seedDemoNeeds } from './demo-needs'
import { createOrganisation, createUser } from './factories'
import {
  saveApprovalItem,
  saveDepartment,
  saveQualificationType,
  saveServiceType,
} from '~/domain/catalogue/catalogue.server'
import { now } from '~/domain/now'
import { addCalendarDays, shanghaiDate } from '~/domain/dates'
import { makeCreditCode } from '~/domain/organisations/social-credit-code'
import { currentApplication, reviewApplication, saveApplication, submitApplication } from '~/domain/agencies/registry.server'
import { recordAudit, type Actor } from '~/utils/audit.server'
import { loadSessionUser } from '~/utils/auth.server'
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
  address: string
  legalRepresentative: string
  phone: string
  feeStandard: string
  commitment: string
  /** [name, certificate type, certificate number] */
  practitioners: [string, string, string][]
  /** [qualification type code, level code, validity: 'valid' | 'expiring' | 'expired'] */
  qualifications: [string, string, 'valid' | 'expiring' | 'expired'][]
}

const agencies: AgencySeed[] = [
  {
    key: 'huanke',
    address: '南京市建邺区江东中路 359 号国睿大厦 12 层',
    legalRepresentative: '周建华',
    phone: '025-86541230',
    feeStandard: '报告书 8–30 万元，报告表 2–6 万元，按《建设项目环境影响咨询收费标准》下浮 20% 执行。',
    commitment: '报告表 10 个工作日、报告书 25 个工作日内完成初稿；资料缺失一次性书面告知；超期每日按合同价 0.5‰ 违约。',
    practitioners: [['陈立新', '环境影响评价工程师', 'HP00012345'], ['吴敏', '环境影响评价工程师', 'HP00023456'], ['孙晓峰', '注册咨询工程师（投资）', 'ZX2019-0456']],
    name: '江苏环科环境工程咨询有限公司',
    nameEn: 'Jiangsu Huanke Environmental Consulting Co., Ltd.',
    region: '320100', // 南京市
    status: 'active',
    serviceTypes: ['ST-EIA-REPORT', 'ST-EIA-FORM', 'ST-SOCIAL-RISK'],
    qualifications: [['QT-CONSULT', 'A', 'valid']],
  },
  {
    key: 'lvyuan',
    address: '盐城市亭湖区希望大道南路 5 号',
    legalRepresentative: '顾春梅',
    phone: '0515-88312207',
    feeStandard: '报告表 1.8–5 万元，节能评估 3–8 万元，以合同约定为准。',
    commitment: '受理后 2 个工作日内现场踏勘；报告表 12 个工作日完成；一次性告知所需材料。',
    practitioners: [['王海涛', '环境影响评价工程师', 'HP00034567'], ['李娟', '注册环保工程师', 'HB2018-0112']],
    name: '盐城绿源环境技术有限公司',
    nameEn: 'Yancheng Lvyuan Environmental Technology Co., Ltd.',
    region: '320900', // 盐城市
    status: 'active',
    serviceTypes: ['ST-EIA-REPORT', 'ST-EIA-FORM', 'ST-ENERGY'],
    qualifications: [['QT-CONSULT', 'B', 'expiring']],
  },
  {
    key: 'cehui',
    address: '南京市鼓楼区北京西路 75 号',
    legalRepresentative: '刘志远',
    phone: '025-83726615',
    feeStandard: '按《测绘生产成本费用定额》计价；土地勘测定界 3,000 元起/宗。',
    commitment: '外业完成后 5 个工作日出具成果；成果质量终身负责；资料一次性告知。',
    practitioners: [['赵刚', '注册测绘师', 'CH2016-0321'], ['钱芳', '注册测绘师', 'CH2017-0654'], ['周斌', '测绘工程师', 'GC-NJ-2211']],
    name: '江苏天地测绘院有限公司',
    nameEn: 'Jiangsu Tiandi Surveying and Mapping Institute Co., Ltd.',
    region: '320100', // 南京市
    status: 'active',
    serviceTypes: ['ST-LAND-SURVEY', 'ST-ENG-SURVEY', 'ST-HOUSE-SURVEY'],
    qualifications: [['QT-SURVEY', 'A', 'valid']],
  },
  {
    key: 'dizhi',
    address: '徐州市泉山区解放南路 246 号',
    legalRepresentative: '马国庆',
    phone: '0516-85632011',
    feeStandard: '地质灾害危险性评估一级 12–25 万元，二级 6–12 万元，三级 2–5 万元。',
    commitment: '一级评估 30 个工作日、二级 20 个工作日、三级 10 个工作日内提交报告。',
    practitioners: [['郑伟', '注册土木工程师（岩土）', 'YT2015-0098'], ['冯雪', '地质工程师', 'DZ-XZ-1045']],
    name: '江苏华东地质工程勘察院',
    nameEn: 'Jiangsu East China Geological Engineering Investigation Institute',
    region: '320300', // 徐州市
    status: 'active',
    serviceTypes: ['ST-GEOHAZARD', 'ST-MINERAL', 'ST-ENG-SURVEY'],
    qualifications: [
      ['QT-GEOHAZARD', 'A', 'valid'],
      ['QT-GEOTECH', 'A', 'valid'],
    ],
  },
  {
    key: 'anping',
    address: '苏州市工业园区星湖街 328 号创意产业园 9 幢',
    legalRepresentative: '沈嘉',
    phone: '0512-62589930',
    feeStandard: '安全预评价 4–15 万元，职业病危害预评价 3–10 万元。',
    commitment: '安全预评价 15 个工作日内完成；现场勘查前一次性告知资料清单。',
    practitioners: [['韩磊', '安全评价师（一级）', 'AP1-2014-0233'], ['朱丽', '注册安全工程师', 'ZA2019-3321']],
    name: '苏州安平安全技术评价有限公司',
    nameEn: 'Suzhou Anping Safety Assessment Co., Ltd.',
    region: '320500', // 苏州市
    status: 'active',
    serviceTypes: ['ST-SAFETY-PRE', 'ST-OHS-PRE'],
    qualifications: [
      ['QT-SAFETY', firstLevel('QT-SAFETY'), 'valid'],
      ['QT-OHS', firstLevel('QT-OHS'), 'expired'],
    ],
  },
  {
    key: 'shuibao',
    address: '扬州市邗江区文昌西路 56 号',
    legalRepresentative: '杨春林',
    phone: '0514-87345512',
    feeStandard: '水土保持方案报告书 5–15 万元，报告表 1.5–4 万元；水资源论证 6–20 万元。',
    commitment: '报告表 8 个工作日、报告书 20 个工作日完成；免费修改至审批通过。',
    practitioners: [['何勇', '水土保持方案编制人员', 'SB-2020-0789'], ['许静', '注册土木工程师（水利水电）', 'SL2018-0045']],
    name: '江苏水润水土保持咨询有限公司',
    nameEn: 'Jiangsu Shuirun Soil and Water Conservation Consulting Co., Ltd.',
    region: '321000', // 扬州市
    status: 'active',
    serviceTypes: ['ST-SWC', 'ST-WATER-RES', 'ST-FLOOD', 'ST-EIA-FORM'],
    qualifications: [['QT-SWC', 'STAR4', 'valid']],
  },
  {
    key: 'zaojia',
    address: '南京市秦淮区中山南路 219 号',
    legalRepresentative: '黄志明',
    phone: '025-84456677',
    feeStandard: '工程造价咨询按江苏省指导价下浮 15%；施工图审查按建筑面积 1.2–2.5 元/㎡。',
    commitment: '预算编制 10 个工作日、施工图审查 15 个工作日内完成；一次性告知。',
    practitioners: [['罗军', '一级造价工程师', 'JS1320190112'], ['梁倩', '一级造价工程师', 'JS1320200356'], ['宋涛', '一级注册结构工程师', 'JG2012-0088']],
    name: '南京正衡工程造价咨询有限公司',
    nameEn: 'Nanjing Zhengheng Cost Consulting Co., Ltd.',
    region: '320100', // 南京市
    status: 'active',
    serviceTypes: ['ST-COST', 'ST-FEASIBILITY', 'ST-DRAWING-REVIEW'],
    qualifications: [
      ['QT-COST', 'A', 'valid'],
      ['QT-DRAWING', firstLevel('QT-DRAWING'), 'valid'],
    ],
  },
  {
    key: 'xinchuang',
    address: '盐城市盐都区世纪大道 5G 产业园 B 座 6 层',
    legalRepresentative: '蒋文',
    phone: '0515-89990012',
    feeStandard: '可研报告 3–12 万元；社会稳定风险评估 2–6 万元；环评报告书 8–20 万元。',
    commitment: '可研报告 15 个工作日内提交；评估全程留痕。',
    practitioners: [['邓辉', '注册咨询工程师（投资）', 'ZX2021-0777']],
    name: '盐城新创工程咨询有限公司',
    nameEn: 'Yancheng Xinchuang Engineering Consulting Co., Ltd.',
    region: '320900', // 盐城市
    status: 'pending',
    // ST-EIA-REPORT is supervised by the demo ecology regulator (ee@), so the pending application
    // can be reviewed by a demo regulator and not only by the admin.
    serviceTypes: ['ST-FEASIBILITY', 'ST-SOCIAL-RISK', 'ST-TRAFFIC', 'ST-EIA-REPORT'],
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

  const platform = await account(
    'platform',
    { name: '盐城市政务服务管理办公室', nameEn: 'Yancheng Government Services Administration Office', registration: '1' },
    { email: 'admin@demo.example', name: '平台管理员' },
  )
  const reviewer = await loadSessionUser(db, platform.user.id)
  logins.push({ role: 'admin', email: 'admin@demo.example', organisation: '盐城市政务服务管理办公室' })

  for (const [email, name, nameEn, dept] of [
    ['ee@demo.example', '盐城市生态环境局', 'Yancheng Ecology and Environment Bureau', 'DEP-EE'],
    ['nrp@demo.example', '盐城市自然资源和规划局', 'Yancheng Natural Resources and Planning Bureau', 'DEP-NRP'],
  ] as const) {
    await account('regulator', { name, nameEn, departmentId: ids.departments.get(dept), registration: '1' }, { email, name: `${name}监管员` })
    logins.push({ role: 'regulator', email, organisation: name })
  }

  for (const [email, name, nameEn, region] of [
    ['owner1@demo.example', '江苏恒泰新材料有限公司', 'Jiangsu Hengtai New Materials Co., Ltd.', '320904'], // 盐城市大丰区
    ['owner2@demo.example', '盐城市城市建设投资集团有限公司', 'Yancheng Urban Construction Investment Group Co., Ltd.', '320902'], // 盐城市亭湖区
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
    const { organisation, user: created } = await account(
      'agency',
      { name: agency.name, nameEn: agency.nameEn, region: agency.region, status: 'pending', creditRegion: '320100' },
      { email, name: '业务负责人' },
    )
    // Every agency goes through the real entry workflow: application → submission → review.
    const qualifications = []
    for (const [typeCode, levelCode, state] of agency.qualifications) {
      const typeId = must(ids.qualificationTypes, typeCode)
      const levels = await db.select().from(qualificationLevels).where(eq(qualificationLevels.qualificationTypeId, typeId))
      const level = levels.find((l) => l.code === levelCode)
      if (!level) throw new Error(`demo data: ${typeCode} has no level ${levelCode}`)
      const type = catalogue.qualificationTypes.find((q) => q.code === typeCode)!
      qualifications.push({
        qualificationTypeId: typeId,
        levelId: level.id,
        certificateNo: `${typeCode.replace('QT-', '')}-${today.slice(0, 4)}-${String((certificate += 37)).padStart(6, '0')}`,
        issuer: type.issuerZh,
        validFrom: validity[state].from,
        validUntil: validity[state].until,
      })
    }
    const agencyUser = await loadSessionUser(db, created.id)
    await saveApplication(db, agencyUser, {
      name: agency.name,
      nameEn: agency.nameEn,
      region: agency.region,
      address: agency.address,
      legalRepresentative: agency.legalRepresentative,
      contactName: '业务负责人',
      contactPhone: agency.phone,
      serviceTypeIds: agency.serviceTypes.map((st) => must(ids.serviceTypes, st)),
      qualifications,
      practitioners: agency.practitioners.map(([name, certificateType, certificateNo]) => ({ name, certificateType, certificateNo })),
      feeStandard: agency.feeStandard,
      commitment: agency.commitment,
    })
    await submitApplication(db, agencyUser)
    if (agency.status === 'active') {
      await reviewApplication(db, reviewer, (await currentApplication(db, organisation.id))!.id, { decision: 'approve', reason: '' })
    }
    const notes = agency.qualifications.map(([, , s]) => s).filter((s) => s !== 'valid')
    logins.push({
      role: 'agency',
      email,
      organisation: agency.name,
      note: [agency.status === 'pending' ? 'pending review' : '', ...notes.map((s) => `qualification ${s}`)].filter(Boolean).join(', ') || undefined,
    })
  }
  await seedDemoNeeds(db)
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
