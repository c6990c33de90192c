/** Shapes of the demo catalogue shipped in db/seed/catalogue-data.ts. */

export interface DepartmentSeed {
  code: string // e.g. 'DEP-EE' (stable, ASCII)
  nameZh: string // 生态环境局
  nameEn: string // Ecology and Environment Bureau
}

export interface QualificationTypeSeed {
  code: string // e.g. 'QT-SURVEY'
  nameZh: string
  nameEn: string
  issuerZh: string // who issues it, e.g. 自然资源部
  issuerEn: string
  /** Highest first: rank 1 = levels[0]. */
  levels: { code: string; nameZh: string; nameEn: string }[]
}

export interface ServiceTypeSeed {
  code: string // e.g. 'ST-EIA-REPORT'
  nameZh: string
  nameEn: string
  descriptionZh: string
  descriptionEn: string
  departmentCode: string // supervising department (DepartmentSeed.code)
  /** Qualification types (codes) of which an agency must hold one; empty = none required. */
  qualificationTypeCodes: string[]
}

export interface ApprovalItemSeed {
  code: string // e.g. 'AI-EIA-APPROVAL'
  nameZh: string
  nameEn: string
  departmentCode: string // approving department
  /** Statutory limit L in working days (demo value). */
  statutoryDays: number
  /** Committed processing limit P in working days (demo value), P ≤ L. */
  committedDays: number
  serviceTypeCodes: string[] // service types whose reports feed this approval
}

export interface CatalogueSeed {
  departments: DepartmentSeed[]
  qualificationTypes: QualificationTypeSeed[]
  serviceTypes: ServiceTypeSeed[]
  approvalItems: ApprovalItemSeed[]
}
