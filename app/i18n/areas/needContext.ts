import type { Dictionary } from '../dictionary'

/** Context a newcomer needs on a need's page: pending objections (owner), who won (losing bidder). */
export const zh = {
  objections: {
    title: '异议',
    pending_one: '本轮结果有 {{count}} 项异议待监管部门裁决。',
    pending_other: '本轮结果有 {{count}} 项异议待监管部门裁决。',
    filedAt: '提出于 {{at}}',
    ruling: '监管部门正在裁决；裁决作出前不能确定成交，裁决理由将随裁决公开。',
    ruledAt: '裁决于 {{at}}',
    rulingReason: '裁决理由：{{reason}}',
  },
  outcome: {
    title: '选取结果',
    notSelected: '第 {{round}} 轮未选中贵机构。中选机构：{{name}}。',
    winnerQuote: '中选报价：{{quote}}',
    resultLink: '查看公开的选取结果',
  },
}

export const en: Dictionary<typeof zh> = {
  objections: {
    title: 'Objections',
    pending_one: '{{count}} objection to this round’s result is awaiting the regulator’s ruling.',
    pending_other: '{{count}} objections to this round’s result are awaiting the regulator’s ruling.',
    filedAt: 'filed {{at}}',
    ruling: 'The regulator is ruling; the award waits for the ruling. The ruling’s reasons are published with it.',
    ruledAt: 'ruled {{at}}',
    rulingReason: 'Reasons: {{reason}}',
  },
  outcome: {
    title: 'Selection result',
    notSelected: 'Your agency was not selected in round {{round}}. Selected agency: {{name}}.',
    winnerQuote: 'Winning quote: {{quote}}',
    resultLink: 'See the public selection result',
  },
}
