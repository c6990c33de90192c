/**
 * Demo catalogue for the intermediary service marketplace (中介服务网上超市).
 *
 * NOTE: every time limit below (statutoryDays L / committedDays P, in working days) is a
 * DEMO VALUE chosen to look plausible. It is not legal advice and must be confirmed or edited
 * by the administrator against the local government's published item list (政务服务事项清单).
 * Qualification requirements reflect the national rules as commonly applied, including
 * several 2016-2021 "证照分离"/放管服 reforms that abolished licences; local practice varies.
 */
import type {
  ApprovalItemSeed,
  CatalogueSeed,
  DepartmentSeed,
  QualificationTypeSeed,
  ServiceTypeSeed,
} from './catalogue-types'

const departments: DepartmentSeed[] = [
  { code: 'DEP-NDRC', nameZh: '发展和改革委员会', nameEn: 'Development and Reform Commission' },
  { code: 'DEP-EE', nameZh: '生态环境局', nameEn: 'Ecology and Environment Bureau' },
  {
    code: 'DEP-NRP',
    nameZh: '自然资源和规划局',
    nameEn: 'Natural Resources and Planning Bureau',
  },
  { code: 'DEP-EM', nameZh: '应急管理局', nameEn: 'Emergency Management Bureau' },
  { code: 'DEP-HEALTH', nameZh: '卫生健康委员会', nameEn: 'Health Commission' },
  { code: 'DEP-WATER', nameZh: '水利局', nameEn: 'Water Resources Bureau' },
  {
    code: 'DEP-HUD',
    nameZh: '住房和城乡建设局',
    nameEn: 'Housing and Urban-Rural Development Bureau',
  },
  {
    code: 'DEP-CULTURE',
    nameZh: '文化广电和旅游局',
    nameEn: 'Culture, Radio, Television and Tourism Bureau',
  },
  {
    code: 'DEP-TRAFFIC',
    nameZh: '公安局交通警察支队',
    nameEn: 'Traffic Police Detachment of the Public Security Bureau',
  },
  { code: 'DEP-QUAKE', nameZh: '地震局', nameEn: 'Earthquake Administration' },
]

const qualificationTypes: QualificationTypeSeed[] = [
  {
    code: 'QT-SURVEY',
    nameZh: '测绘资质',
    nameEn: 'Surveying and Mapping Qualification',
    issuerZh: '自然资源部及省级自然资源主管部门',
    issuerEn: 'Ministry of Natural Resources and provincial natural resources departments',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
    ],
  },
  {
    code: 'QT-GEOTECH',
    nameZh: '工程勘察资质',
    nameEn: 'Engineering Investigation Qualification',
    issuerZh: '住房和城乡建设部及省级住房和城乡建设主管部门',
    issuerEn:
      'Ministry of Housing and Urban-Rural Development and provincial housing and construction departments',
    levels: [
      { code: 'COMPREHENSIVE', nameZh: '综合资质', nameEn: 'Comprehensive' },
      { code: 'A', nameZh: '专业甲级', nameEn: 'Specialised Grade A' },
      { code: 'B', nameZh: '专业乙级', nameEn: 'Specialised Grade B' },
    ],
  },
  {
    code: 'QT-SWC',
    nameZh: '水土保持方案编制单位水平评价',
    nameEn: 'Soil and Water Conservation Plan Preparer Rating',
    issuerZh: '中国水土保持学会',
    issuerEn: 'Chinese Society of Soil and Water Conservation',
    levels: [
      { code: 'STAR5', nameZh: '五星级', nameEn: 'Five stars' },
      { code: 'STAR4', nameZh: '四星级', nameEn: 'Four stars' },
      { code: 'STAR3', nameZh: '三星级', nameEn: 'Three stars' },
      { code: 'STAR2', nameZh: '二星级', nameEn: 'Two stars' },
      { code: 'STAR1', nameZh: '一星级', nameEn: 'One star' },
    ],
  },
  {
    code: 'QT-GEOHAZARD',
    nameZh: '地质灾害危险性评估单位资质',
    nameEn: 'Geological Hazard Risk Assessment Qualification',
    issuerZh: '自然资源部及省级自然资源主管部门',
    issuerEn: 'Ministry of Natural Resources and provincial natural resources departments',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
      { code: 'C', nameZh: '丙级', nameEn: 'Grade C' },
    ],
  },
  {
    code: 'QT-SAFETY',
    nameZh: '安全评价机构资质',
    nameEn: 'Safety Assessment Agency Qualification',
    issuerZh: '应急管理部及省级应急管理部门',
    issuerEn: 'Ministry of Emergency Management and provincial emergency management departments',
    // Since 2019 (应急管理部令第1号) the qualification is no longer graded.
    levels: [{ code: 'CERTIFIED', nameZh: '资质认可', nameEn: 'Certified' }],
  },
  {
    code: 'QT-OHS',
    nameZh: '职业卫生技术服务机构资质',
    nameEn: 'Occupational Health Technical Service Qualification',
    issuerZh: '国家卫生健康委员会及省级卫生健康主管部门',
    issuerEn: 'National Health Commission and provincial health departments',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
    ],
  },
  {
    code: 'QT-COST',
    nameZh: '工程造价咨询企业资质',
    nameEn: 'Construction Cost Consulting Qualification',
    issuerZh: '住房和城乡建设部及省级住房和城乡建设主管部门',
    issuerEn:
      'Ministry of Housing and Urban-Rural Development and provincial housing and construction departments',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
    ],
  },
  {
    code: 'QT-DRAWING',
    nameZh: '施工图审查机构认定',
    nameEn: 'Construction Drawing Review Institution Accreditation',
    issuerZh: '省级住房和城乡建设主管部门',
    issuerEn: 'Provincial housing and urban-rural development departments',
    levels: [
      { code: 'CLASS1', nameZh: '一类', nameEn: 'Class I' },
      { code: 'CLASS2', nameZh: '二类', nameEn: 'Class II' },
    ],
  },
  {
    code: 'QT-HERITAGE',
    nameZh: '文物保护工程勘察设计资质',
    nameEn: 'Heritage Conservation Survey and Design Qualification',
    issuerZh: '国家文物局及省级文物主管部门',
    issuerEn: 'National Cultural Heritage Administration and provincial heritage departments',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
      { code: 'C', nameZh: '丙级', nameEn: 'Grade C' },
    ],
  },
  {
    code: 'QT-CONSULT',
    nameZh: '工程咨询单位资信评价',
    nameEn: 'Engineering Consulting Credit Rating',
    issuerZh: '中国工程咨询协会及省级工程咨询协会',
    issuerEn: 'China National Association of Engineering Consultants and provincial associations',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
    ],
  },
]

const serviceTypes: ServiceTypeSeed[] = [
  {
    code: 'ST-EIA-REPORT',
    nameZh: '环境影响评价报告书',
    nameEn: 'Environmental Impact Assessment Report',
    descriptionZh:
      '对可能造成重大环境影响的建设项目全面评价其环境影响并提出防治措施。自2018年起编制单位无需资质，但须在环境影响评价信用平台登记，编制主持人须为环境影响评价工程师。',
    descriptionEn:
      'Full assessment of a project likely to have a major environmental impact, with mitigation measures. No state qualification has been required since 2018, but the preparer must be registered on the EIA credit platform and led by a certified EIA engineer.',
    departmentCode: 'DEP-EE',
    qualificationTypeCodes: [],
  },
  {
    code: 'ST-EIA-FORM',
    nameZh: '环境影响评价报告表',
    nameEn: 'Environmental Impact Assessment Form',
    descriptionZh:
      '对可能造成轻度环境影响的建设项目进行分析或专项评价。自2018年起编制单位无需资质，但须在环境影响评价信用平台登记。',
    descriptionEn:
      'Analysis or targeted assessment for a project likely to have a minor environmental impact. No state qualification has been required since 2018; the preparer must be registered on the EIA credit platform.',
    departmentCode: 'DEP-EE',
    qualificationTypeCodes: [],
  },
  {
    code: 'ST-ENERGY',
    nameZh: '节能评估',
    nameEn: 'Energy Conservation Assessment',
    descriptionZh:
      '分析固定资产投资项目的能源消费量、能效水平和节能措施，编制节能报告。国家不再设定编制单位资质。',
    descriptionEn:
      'Analyses energy consumption, efficiency and saving measures of a fixed-asset investment project and prepares the energy conservation report. No preparer qualification is required.',
    departmentCode: 'DEP-NDRC',
    qualificationTypeCodes: [],
  },
  {
    code: 'ST-SAFETY-PRE',
    nameZh: '安全预评价',
    nameEn: 'Safety Pre-assessment',
    descriptionZh: '在建设项目可行性研究阶段辨识危险有害因素，评价安全风险并提出安全对策措施。',
    descriptionEn:
      'Identifies hazards at the feasibility stage of a construction project, evaluates safety risks and proposes countermeasures.',
    departmentCode: 'DEP-EM',
    qualificationTypeCodes: ['QT-SAFETY'],
  },
  {
    code: 'ST-OHS-PRE',
    nameZh: '职业病危害预评价',
    nameEn: 'Occupational Disease Hazard Pre-assessment',
    descriptionZh:
      '在可行性论证阶段识别建设项目可能产生的职业病危害因素，评价其危害程度并提出防护对策。',
    descriptionEn:
      'Identifies occupational disease hazards a project may create at the feasibility stage, rates their severity and proposes protective measures.',
    departmentCode: 'DEP-HEALTH',
    qualificationTypeCodes: ['QT-OHS'],
  },
  {
    code: 'ST-GEOHAZARD',
    nameZh: '地质灾害危险性评估',
    nameEn: 'Geological Hazard Risk Assessment',
    descriptionZh:
      '评估地质灾害易发区内建设项目遭受或引发崩塌、滑坡、泥石流、地面塌陷等地质灾害的可能性。',
    descriptionEn:
      'Assesses the likelihood that a project in a hazard-prone area will suffer or trigger rockfalls, landslides, debris flows or subsidence.',
    departmentCode: 'DEP-NRP',
    qualificationTypeCodes: ['QT-GEOHAZARD'],
  },
  {
    code: 'ST-SEISMIC',
    nameZh: '地震安全性评价',
    nameEn: 'Seismic Safety Evaluation',
    descriptionZh:
      '对重大建设工程场址进行地震危险性分析，确定抗震设防参数。评价单位资质认定已于2017年取消。',
    descriptionEn:
      'Seismic hazard analysis of a major project site to determine seismic design parameters. The evaluator qualification was abolished in 2017.',
    departmentCode: 'DEP-QUAKE',
    qualificationTypeCodes: [],
  },
  {
    code: 'ST-SWC',
    nameZh: '水土保持方案编制',
    nameEn: 'Soil and Water Conservation Plan',
    descriptionZh:
      '预测生产建设项目造成的水土流失并设计防治措施。原编制资质已取消，采购人通常参考中国水土保持学会的水平评价星级。',
    descriptionEn:
      'Predicts soil erosion caused by a project and designs control measures. The former licence was abolished; buyers usually look at the society star rating.',
    departmentCode: 'DEP-WATER',
    qualificationTypeCodes: ['QT-SWC'],
  },
  {
    code: 'ST-WATER-RES',
    nameZh: '水资源论证',
    nameEn: 'Water Resources Assessment',
    descriptionZh:
      '论证建设项目取水的合理性、可靠性及对水资源和其他用水户的影响。国家不再设定论证单位资质。',
    descriptionEn:
      'Demonstrates that a project’s water withdrawal is reasonable and reliable and assesses its effect on water resources and other users. No qualification is required.',
    departmentCode: 'DEP-WATER',
    qualificationTypeCodes: [],
  },
  {
    code: 'ST-FLOOD',
    nameZh: '防洪影响评价',
    nameEn: 'Flood Impact Assessment',
    descriptionZh:
      '评价河道管理范围内建设项目对防洪、河势稳定和堤防安全的影响并提出补救措施。无资质要求。',
    descriptionEn:
      'Assesses how a project within a river management zone affects flood control, channel stability and levees, and proposes remedies. No qualification is required.',
    departmentCode: 'DEP-WATER',
    qualificationTypeCodes: [],
  },
  {
    code: 'ST-MINERAL',
    nameZh: '压覆矿产资源评估',
    nameEn: 'Overlying Mineral Resources Assessment',
    descriptionZh:
      '查明建设项目用地范围是否压覆重要矿产资源并评估压覆的资源量。无专门资质要求，通常由地质勘查单位承担。',
    descriptionEn:
      'Determines whether a project site covers important mineral deposits and estimates the resources affected. No specific qualification is required; usually done by geological survey institutes.',
    departmentCode: 'DEP-NRP',
    qualificationTypeCodes: [],
  },
  {
    code: 'ST-LAND-SURVEY',
    nameZh: '土地勘测定界',
    nameEn: 'Land Survey and Boundary Demarcation',
    descriptionZh: '实地测定建设项目用地界址、面积和地类，出具勘测定界图和技术报告。',
    descriptionEn:
      'Surveys the boundary, area and land classes of a project site on the ground and delivers the demarcation map and technical report.',
    departmentCode: 'DEP-NRP',
    qualificationTypeCodes: ['QT-SURVEY'],
  },
  {
    code: 'ST-ENG-SURVEY',
    nameZh: '工程测量',
    nameEn: 'Engineering Surveying',
    descriptionZh:
      '提供地形图测绘、规划放线、竣工测量等工程测量成果。持测绘资质或工程勘察资质（工程测量专业）均可承接。',
    descriptionEn:
      'Topographic mapping, setting-out and as-built surveys. Either a surveying qualification or an engineering investigation qualification (surveying speciality) is accepted.',
    departmentCode: 'DEP-NRP',
    qualificationTypeCodes: ['QT-SURVEY', 'QT-GEOTECH'],
  },
  {
    code: 'ST-HOUSE-SURVEY',
    nameZh: '房产测绘',
    nameEn: 'Property Surveying',
    descriptionZh: '测算房屋建筑面积、分摊面积，出具房产面积预测或实测报告，用于预售和不动产登记。',
    descriptionEn:
      'Measures gross and shared floor areas and issues forecast or as-built area reports used for pre-sale and property registration.',
    departmentCode: 'DEP-NRP',
    qualificationTypeCodes: ['QT-SURVEY'],
  },
  {
    code: 'ST-DRAWING-REVIEW',
    nameZh: '施工图审查',
    nameEn: 'Construction Drawing Review',
    descriptionZh: '审查施工图设计文件是否符合工程建设强制性标准及结构、消防等安全要求。',
    descriptionEn:
      'Reviews construction drawings for compliance with mandatory standards and structural, fire and other safety requirements.',
    departmentCode: 'DEP-HUD',
    qualificationTypeCodes: ['QT-DRAWING'],
  },
  {
    code: 'ST-COST',
    nameZh: '工程造价咨询',
    nameEn: 'Construction Cost Consulting',
    descriptionZh: '编制或审核投资估算、设计概算、工程量清单、招标控制价及结算。',
    descriptionEn:
      'Prepares or audits investment estimates, design budgets, bills of quantities, tender ceiling prices and final accounts.',
    departmentCode: 'DEP-HUD',
    // The national licence was abolished in 2021; many tenders still ask for it. Admin may clear.
    qualificationTypeCodes: ['QT-COST'],
  },
  {
    code: 'ST-HERITAGE',
    nameZh: '文物影响评估',
    nameEn: 'Cultural Heritage Impact Assessment',
    descriptionZh: '评估文物保护单位保护范围或建设控制地带内建设工程对文物本体及历史风貌的影响。',
    descriptionEn:
      'Assesses how a project within the protection zone or construction control zone of a protected site affects the heritage and its setting.',
    departmentCode: 'DEP-CULTURE',
    qualificationTypeCodes: ['QT-HERITAGE'],
  },
  {
    code: 'ST-TRAFFIC',
    nameZh: '交通影响评价',
    nameEn: 'Traffic Impact Assessment',
    descriptionZh:
      '预测建设项目新增交通需求对周边道路的影响，提出出入口、停车及交通组织改善措施。无国家资质要求。',
    descriptionEn:
      'Forecasts the traffic a project generates and its impact on nearby roads, and proposes access, parking and traffic management measures. No state qualification is required.',
    departmentCode: 'DEP-TRAFFIC',
    qualificationTypeCodes: [],
  },
  {
    code: 'ST-SOCIAL-RISK',
    nameZh: '社会稳定风险评估',
    nameEn: 'Social Stability Risk Assessment',
    descriptionZh:
      '调查重大项目涉及群众切身利益的风险点，评估风险等级并提出防范化解措施。无资质要求。',
    descriptionEn:
      'Surveys risks a major project poses to residents’ interests, grades the risk level and proposes prevention and mitigation measures. No qualification is required.',
    departmentCode: 'DEP-NDRC',
    qualificationTypeCodes: [],
  },
  {
    code: 'ST-FEASIBILITY',
    nameZh: '可行性研究报告编制',
    nameEn: 'Feasibility Study Report',
    descriptionZh:
      '论证项目建设的必要性、技术方案、投资估算和经济社会效益，编制可行性研究报告或项目申请报告。',
    descriptionEn:
      'Examines the need, technical scheme, investment estimate and economic and social benefits of a project, and prepares the feasibility study or project application report.',
    departmentCode: 'DEP-NDRC',
    qualificationTypeCodes: ['QT-CONSULT'],
  },
]

const approvalItems: ApprovalItemSeed[] = [
  {
    code: 'AI-EIA-REPORT',
    nameZh: '建设项目环境影响报告书审批',
    nameEn: 'Approval of Construction Project EIA Report',
    departmentCode: 'DEP-EE',
    statutoryDays: 60,
    committedDays: 30,
    serviceTypeCodes: ['ST-EIA-REPORT'],
  },
  {
    code: 'AI-EIA-FORM',
    nameZh: '建设项目环境影响报告表审批',
    nameEn: 'Approval of Construction Project EIA Form',
    departmentCode: 'DEP-EE',
    statutoryDays: 30,
    committedDays: 15,
    serviceTypeCodes: ['ST-EIA-FORM'],
  },
  {
    code: 'AI-ENERGY',
    nameZh: '固定资产投资项目节能审查',
    nameEn: 'Energy Conservation Review of Fixed-Asset Investment Projects',
    departmentCode: 'DEP-NDRC',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-ENERGY'],
  },
  {
    code: 'AI-INVEST',
    nameZh: '企业投资项目核准',
    nameEn: 'Approval of Enterprise Investment Projects',
    departmentCode: 'DEP-NDRC',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-FEASIBILITY', 'ST-SOCIAL-RISK'],
  },
  {
    code: 'AI-GOV-FS',
    nameZh: '政府投资项目可行性研究报告审批',
    nameEn: 'Approval of Feasibility Studies for Government-Funded Projects',
    departmentCode: 'DEP-NDRC',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-FEASIBILITY', 'ST-SOCIAL-RISK'],
  },
  {
    code: 'AI-SITE',
    nameZh: '建设项目用地预审与选址意见书',
    nameEn: 'Land Use Pre-examination and Site Selection Opinion',
    departmentCode: 'DEP-NRP',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-LAND-SURVEY', 'ST-GEOHAZARD'],
  },
  {
    code: 'AI-PLANNING',
    nameZh: '建设工程规划许可证核发',
    nameEn: 'Issuance of Construction Project Planning Permit',
    departmentCode: 'DEP-NRP',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-ENG-SURVEY', 'ST-TRAFFIC'],
  },
  {
    code: 'AI-MINERAL',
    nameZh: '建设项目压覆重要矿产资源审批',
    nameEn: 'Approval of Projects Overlying Important Mineral Resources',
    departmentCode: 'DEP-NRP',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-MINERAL'],
  },
  {
    code: 'AI-SWC',
    nameZh: '生产建设项目水土保持方案审批',
    nameEn: 'Approval of Soil and Water Conservation Plans',
    departmentCode: 'DEP-WATER',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-SWC'],
  },
  {
    code: 'AI-WATER-PERMIT',
    nameZh: '取水许可审批',
    nameEn: 'Water Withdrawal Permit',
    departmentCode: 'DEP-WATER',
    statutoryDays: 45,
    committedDays: 20,
    serviceTypeCodes: ['ST-WATER-RES'],
  },
  {
    code: 'AI-FLOOD',
    nameZh: '洪水影响评价类审批',
    nameEn: 'Flood Impact Approvals',
    departmentCode: 'DEP-WATER',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-FLOOD'],
  },
  {
    code: 'AI-SEISMIC',
    nameZh: '地震安全性评价结果审定',
    nameEn: 'Validation of Seismic Safety Evaluation Results',
    departmentCode: 'DEP-QUAKE',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-SEISMIC'],
  },
  {
    code: 'AI-SAFETY-DESIGN',
    nameZh: '建设项目安全设施设计审查',
    nameEn: 'Review of Safety Facility Design for Construction Projects',
    departmentCode: 'DEP-EM',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-SAFETY-PRE'],
  },
  {
    code: 'AI-RADIATION-PRE',
    nameZh: '放射诊疗建设项目职业病危害放射防护预评价审核',
    nameEn: 'Review of Radiation Protection Pre-assessment for Radiological Medical Projects',
    departmentCode: 'DEP-HEALTH',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-OHS-PRE'],
  },
  {
    code: 'AI-HERITAGE',
    nameZh: '文物保护单位建设控制地带内建设工程设计方案审核',
    nameEn: 'Review of Designs for Projects in Heritage Construction Control Zones',
    departmentCode: 'DEP-CULTURE',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-HERITAGE'],
  },
  {
    code: 'AI-DRAWING',
    nameZh: '建设工程施工图设计文件审查备案',
    nameEn: 'Filing of Construction Drawing Review Results',
    departmentCode: 'DEP-HUD',
    statutoryDays: 20,
    committedDays: 5,
    serviceTypeCodes: ['ST-DRAWING-REVIEW'],
  },
  {
    code: 'AI-BUILD-PERMIT',
    nameZh: '建筑工程施工许可证核发',
    nameEn: 'Issuance of Construction Work Permit',
    departmentCode: 'DEP-HUD',
    statutoryDays: 7,
    committedDays: 3,
    serviceTypeCodes: ['ST-DRAWING-REVIEW'],
  },
  {
    code: 'AI-PRESALE',
    nameZh: '商品房预售许可',
    nameEn: 'Commodity Housing Pre-sale Permit',
    departmentCode: 'DEP-HUD',
    statutoryDays: 20,
    committedDays: 10,
    serviceTypeCodes: ['ST-HOUSE-SURVEY'],
  },
]

/**
 * Service types that deliberately feed no approval item, with the reason.
 * Every other service type must appear in some approval item's serviceTypeCodes.
 */
export const serviceTypesWithoutApproval: Readonly<Record<string, string>> = {
  'ST-COST':
    'Cost consulting supports budgeting, tendering and settlement; it is not a prerequisite of any approval.',
}

/** The demo catalogue seeded into a fresh database. */
export const catalogue: CatalogueSeed = {
  departments,
  qualificationTypes,
  serviceTypes,
  approvalItems,
}
