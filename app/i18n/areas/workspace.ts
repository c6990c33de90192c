import type { Dictionary } from '../dictionary'

/**
 * The regulator's and the admin office's work queues (issue 14 §6), registered as
 * `workspace.queue.*`; zh-CN is the source of the key set.
 */
export const zh = {
  title: '待办事项',
  lead: '按职责分列的待办事项：每一项写明要做什么、何时到期；已逾期的排在最前。',
  homeTitle: '待办事项',
  homeLink: '查看全部待办',
  counts: '{{open}} 项待办，其中 {{overdue}} 项已逾期',
  empty: '这一类目前没有待办事项。',
  subject: '事项',
  action: '需要做的',
  dueOn: '到期日',
  open: '办理',
  overdue: '已逾期',
  noDate: '未设期限',
  kind: {
    complaint: '投诉',
    objection: '异议',
    repair: '信用修复申请',
    appeal: '黑名单申诉',
    agencyAtD: '信用降至 D 级的机构',
    contract: '超期（红灯）合同',
  },
  actions: {
    objection: '对异议作出裁决',
    contract: '督办超出时限的服务',
    agencyAtD: '复核该机构的信用状况',
    appeal: '对申诉作出决定',
  },
}

export const en: Dictionary<typeof zh> = {
  title: 'Work queues',
  lead: 'Your work by remit: each item says what is due and by when; overdue items come first.',
  homeTitle: 'Work queues',
  homeLink: 'Open all work queues',
  counts: '{{open}} waiting, {{overdue}} overdue',
  empty: 'Nothing is waiting in this queue.',
  subject: 'Subject',
  action: 'What to do',
  dueOn: 'Due on',
  open: 'Open',
  overdue: 'Overdue',
  noDate: 'No deadline',
  kind: {
    complaint: 'Complaints',
    objection: 'Objections',
    repair: 'Credit repair applications',
    appeal: 'Blacklist appeals',
    agencyAtD: 'Agencies that dropped to tier D',
    contract: 'Contracts over their limit (red)',
  },
  actions: {
    objection: 'Rule on the objection',
    contract: 'Follow up the overdue service',
    agencyAtD: 'Review the agency’s credit',
    appeal: 'Decide the appeal',
  },
}
