import type { Dictionary } from '../dictionary'

/**
 * The one name of each thing that more than one screen names: need states, selection methods,
 * bid states, objection states, roles, organisation kinds and statuses, registry applications,
 * events and exits, eligibility and validity reasons, calendar day kinds. Every screen uses
 * `terms.*`; no other area defines these (test/unit/i18n-terms.test.ts). Another area that needs
 * the same word inside its own list refers to it with i18next nesting: `'$t(terms.needState.open)'`.
 *
 * Wording follows the product description (§2, §4, §5) where it names the thing (项目业主, 中介机构, 行业主管部门,
 * 结果公示, 流标, 直接选取, 随机抽取, 竞价选取, 综合评分, 异议).
 */
export const zh = {
  needState: {
    draft: '草稿',
    open: '报名中',
    evaluating: '评选中',
    publicity: '结果公示',
    awarded: '已成交',
    in_service: '服务中',
    paused: '已暂停',
    delivered: '已交付',
    accepted: '已验收',
    closed: '已关闭',
    cancelled: '已取消',
    failed: '已流标',
    terminated: '已终止',
  },
  method: {
    direct: '直接选取',
    random: '随机抽取',
    lowest_price: '竞价选取',
    comprehensive: '综合评分',
  },
  bidStatus: {
    live: '有效',
    withdrawn: '已撤回',
    disqualified: '已取消资格',
  },
  /** A blacklist entry's state, and its one appeal's. */
  blacklistStatus: { in_force: '生效中', expired: '已到期', lifted: '已提前移出' },
  blacklistAppealStatus: { not_filed: '未申诉', pending: '申诉待处理', upheld: '申诉成立', rejected: '申诉驳回' },
  objectionStatus: {
    pending: '待裁决',
    upheld: '异议成立',
    rejected: '异议不成立',
    moot: '已失效（选取已重做）',
  },
  role: { owner: '项目业主', agency: '中介机构', regulator: '行业主管部门', admin: '平台管理员' },
  orgKind: {
    owner: '$t(terms.role.owner)',
    agency: '$t(terms.role.agency)',
    regulator: '$t(terms.role.regulator)',
    platform: '平台运营方',
  },
  orgStatus: { pending: '待审核', active: '正常', rejected: '未通过', suspended: '已暂停', exited: '已退出' },
  applicationKind: { entry: '入驻申请', change: '变更申请' },
  applicationStatus: { draft: '草稿', pending: '待审核', approved: '已通过', rejected: '未通过' },
  registryEvent: {
    approved: '入驻审核通过',
    rejected: '入驻申请未通过',
    change_approved: '变更审核通过',
    change_rejected: '变更申请未通过',
    suspended: '暂停执业',
    reinstated: '恢复执业',
    exited: '退出',
  },
  exitType: { voluntary: '主动退出', forced: '清退' },
  exitCategory: {
    voluntary: '主动退出',
    qualification_revoked_or_expired: '资质被撤销或过期',
    serious_violation: '严重违法违规',
    fraud: '弄虚作假',
    other: '其他',
  },
  /** Why an agency may not bid on a need (the same sentence on the bid form, the owner's list and the result). */
  ineligible: {
    notActive: '机构尚未通过入驻审核。',
    suspended: '机构已被暂停。',
    exited: '机构已退出。',
    blacklisted: '机构被列入黑名单，在黑名单范围内不得参与竞价。',
    serviceTypeNotOffered: '机构未登记该服务事项。',
    qualificationMissing: '机构没有该事项要求的资质。',
    qualificationLevelTooLow: '机构资质等级低于要求。',
    qualificationExpired: '机构资质已过期。',
  },
  /** Why a bid is not valid in the selection. */
  invalidReason: {
    quoteAboveCeiling: '报价高于最高限价',
    daysAboveLimit: '承诺天数超过服务时限',
    excluded: '已被排除',
    aboveDirectThreshold: '报价高于直接选取限额',
  },
  /** A qualification certificate's validity. */
  validity: { valid: '有效', expiring: '30 天内到期', expired: '已过期' },
  dayKind: { workday: '工作日', weekend: '周末', holiday: '法定节假日', makeup_workday: '调休上班' },
}

export const en: Dictionary<typeof zh> = {
  needState: {
    draft: 'Draft',
    open: 'Open for bids',
    evaluating: 'Evaluating',
    publicity: 'Result in publicity',
    awarded: 'Awarded',
    in_service: 'In service',
    paused: 'Paused',
    delivered: 'Delivered',
    accepted: 'Accepted',
    closed: 'Closed',
    cancelled: 'Cancelled',
    failed: 'Failed',
    terminated: 'Terminated',
  },
  method: {
    direct: 'Direct selection',
    random: 'Random draw',
    lowest_price: 'Lowest price',
    comprehensive: 'Comprehensive scoring',
  },
  bidStatus: {
    live: 'Live',
    withdrawn: 'Withdrawn',
    disqualified: 'Disqualified',
  },
  blacklistStatus: { in_force: 'In force', expired: 'Expired', lifted: 'Lifted early' },
  blacklistAppealStatus: {
    not_filed: 'No appeal',
    pending: 'Appeal pending',
    upheld: 'Appeal upheld',
    rejected: 'Appeal rejected',
  },
  objectionStatus: {
    pending: 'Awaiting ruling',
    upheld: 'Upheld',
    rejected: 'Rejected',
    moot: 'Moot (selection redone)',
  },
  role: { owner: 'Project owner', agency: 'Agency', regulator: 'Regulator', admin: 'Platform admin' },
  orgKind: {
    owner: '$t(terms.role.owner)',
    agency: '$t(terms.role.agency)',
    regulator: '$t(terms.role.regulator)',
    platform: 'Platform operator',
  },
  orgStatus: {
    pending: 'Pending review',
    active: 'Active',
    rejected: 'Rejected',
    suspended: 'Suspended',
    exited: 'Exited',
  },
  applicationKind: { entry: 'Entry application', change: 'Change application' },
  applicationStatus: { draft: 'Draft', pending: 'Pending review', approved: 'Approved', rejected: 'Rejected' },
  registryEvent: {
    approved: 'Entry approved',
    rejected: 'Entry rejected',
    change_approved: 'Change approved',
    change_rejected: 'Change rejected',
    suspended: 'Suspended',
    reinstated: 'Reinstated',
    exited: 'Exited',
  },
  exitType: { voluntary: 'Voluntary', forced: 'Forced exit' },
  exitCategory: {
    voluntary: 'Voluntary exit',
    qualification_revoked_or_expired: 'Qualification revoked or expired',
    serious_violation: 'Serious violation',
    fraud: 'Fraud',
    other: 'Other',
  },
  ineligible: {
    notActive: 'The agency has not passed entry review.',
    suspended: 'The agency is suspended.',
    exited: 'The agency has exited.',
    blacklisted: 'The agency is blacklisted and may not bid within the blacklist’s scope.',
    serviceTypeNotOffered: 'The agency does not offer this service type.',
    qualificationMissing: 'The agency lacks the qualification this service requires.',
    qualificationLevelTooLow: 'The agency’s qualification level is below the requirement.',
    qualificationExpired: 'The agency’s qualification has expired.',
  },
  invalidReason: {
    quoteAboveCeiling: 'Quote above the price ceiling',
    daysAboveLimit: 'Committed days above the service limit',
    excluded: 'Excluded',
    aboveDirectThreshold: 'Quote above the direct-selection threshold',
  },
  validity: { valid: 'Valid', expiring: 'Expires within 30 days', expired: 'Expired' },
  dayKind: { workday: 'Workday', weekend: 'Weekend', holiday: 'Public holiday', makeup_workday: 'Make-up workday' },
}
