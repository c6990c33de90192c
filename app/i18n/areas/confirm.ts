import type { Dictionary } from '../dictionary'
import { PUBLISHED_REASON_MIN } from '../../domain/validation'

/** Confirming an irreversible action (a checkbox in the same form) and the minimum length of a published reason. */
export const zh = {
  required: '请勾选确认后再提交：此操作提交后不能撤销。',
  reasonTooShort: `理由至少 ${PUBLISHED_REASON_MIN} 个字：它将被公开，请写清楚。`,
  withdrawBid: '我确认撤回报价，撤回后不能恢复。',
  fileObjection: '我确认提出异议：每轮只能提出一次，提交后不能修改或撤回。',
  switchToDirect: '我确认改为直接选取：改后不能再改回原选取方式。',
  forceExit: '我确认强制清退该机构：该决定将被公开，不能撤销。',
  suspend: '我确认暂停该机构的报名资格：该决定将被公开。',
  reinstate: '我确认恢复该机构的报名资格：该决定将被公开。',
  resetRules: '我确认将规则参数恢复为默认值：当前设置将被覆盖。',
  cancelNeed: '我确认取消该需求：取消后不能恢复，理由将被公开。',
  pick: '我确认选定该中介机构：选定结果和理由将被公开，不能撤销。',
  ruling: '我确认作出此裁决：裁决和理由将被公开，不能撤销。',
  rejectApplication: '我确认不通过该申请：决定不能撤销，理由将通知申请机构并记入其登记档案。',
}

export const en: Dictionary<typeof zh> = {
  required: 'Tick the confirmation to go on: this cannot be undone once submitted.',
  reasonTooShort: `The reason must be at least ${PUBLISHED_REASON_MIN} characters: it will be published, so make it clear.`,
  withdrawBid: 'I understand the bid is withdrawn for good and cannot be restored.',
  fileObjection: 'I understand I can object only once per round and cannot change or withdraw the objection.',
  switchToDirect: 'I understand the need switches to a direct pick and cannot switch back.',
  forceExit: 'I understand the agency is forced to exit; the decision is published and cannot be undone.',
  suspend: "I understand the agency's eligibility is suspended and the decision is published.",
  reinstate: "I understand the agency's eligibility is restored and the decision is published.",
  resetRules: 'I understand the rule parameters go back to their defaults, overwriting the current settings.',
  cancelNeed: 'I understand the need is cancelled for good; the reason will be published.',
  pick: 'I understand the agency is picked; the pick and its reason are published and cannot be undone.',
  ruling: 'I understand the ruling and its reason are published and cannot be undone.',
  rejectApplication:
    'I understand the rejection cannot be undone; the reason is sent to the agency and kept in its registry file.',
}
