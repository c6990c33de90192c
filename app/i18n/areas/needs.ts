import type { Dictionary } from '../dictionary'

/** Texts of needs, bids and selection (zh-CN is the source of the key set). */
export const zh = {
  title: '采购需求',
  publish: {
    approvalItemMissing: '请选择本需求所服务的审批事项（该事项不存在或已停用）。',
    serviceLimitInvalid: '服务时限 S 必须是正整数个工作日（当前为 {{S}}）。',
    serviceLimitExceedsBudget:
      '服务时限过长：S = {{S}} 个工作日，超过审批事项的法定时限 L 减去承诺办理时限 P：{{S}} > {{L}} − {{P}} = {{budget}}。请将服务时限缩短到 {{budget}} 个工作日以内。',
    closingDateInvalid: '报名截止日期“{{date}}”不是有效日期（格式 YYYY-MM-DD）。',
    closingDateOutsideCalendar:
      '报名截止日期 {{date}} 超出工作日历的范围（{{firstYear}}–{{lastYear}} 年），请联系管理员补充日历。',
    windowTooShort:
      '报名期太短：截至 {{closesOn}} 只有 {{days}} 个工作日（发布当日不计），至少需要 {{minDays}} 个工作日；最早可截止于 {{earliestClosesOn}}。',
    priceCeilingInvalid: '最高限价必须是大于零的金额。',
    priceCeilingMissing: '除直接选取外，必须填写最高限价。',
    directAboveThreshold: '最高限价 {{ceilingYuan}} 元超过直接选取的上限 {{thresholdYuan}} 元，请改用其他选取方式。',
    qualificationMissing: '该服务事项要求中介机构具备资质，请选择资质要求。',
    qualificationNotAccepted: '所选资质不属于该服务事项认可的资质类型，请重新选择。',
    weightsMissing: '综合评分法须填写价格、信用、评价和时限四项权重。',
    weightsInvalid:
      '权重须为非负整数且合计 100：价格 {{price}} + 信用 {{credit}} + 评价 {{rating}} + 时限 {{days}} = {{sum}}。',
  },
  validation: {
    money: '请输入金额（元），最多两位小数，例如 12500.50。',
    weight: '权重为 0 到 100 的整数。',
    weightsRequired: '综合评分法须填写四项权重。',
  },
  errors: {
    publishRefused: '需求未发布：有 {{count}} 项不符合发布规则，请按提示修改。',
    wrongState: '该需求当前状态（{{state}}）下不能进行此操作。',
    reasonRequired: '请填写理由。',
    refused: '该操作未被允许（{{reason}}）。',
    projectCodeTaken: '您的单位已有使用该项目代码的项目。',
    levelMismatch: '所选最低资质等级不属于所选资质类型。',
    staleRound: '选取轮次已变化，请刷新后重试。',
  },
  bids: {
    errors: {
      alreadyBid: '您已对该需求报名，如需修改请使用“修改报价”。',
      notLive: '该报价已撤回或失效。',
      notOpen: '该需求当前不接受报名。',
      sealed: '报名截止前报价保密，不能查看。',
      windowClosed: '报名已截止（服务器时间），不再接受报价。',
    },
    validation: {
      daysAboveLimit: '承诺服务天数不能超过需求的服务时限 S。',
      daysInvalid: '承诺服务天数须为正整数。',
      quoteAboveCeiling: '报价不能高于最高限价。',
      quoteInvalid: '报价须为正整数（分）。',
    },
  },
  notify: {
    needPublished: '新的采购需求“{{title}}”已发布，欢迎报名。',
    needCancelled: '采购需求“{{title}}”已被业主取消。',
    needCancelledWithBids: '采购需求“{{title}}”在已有报名的情况下被业主取消。',
    windowClosed: '采购需求“{{title}}”报名已截止，正在进行选取。',
    resultPublished: '采购需求“{{title}}”的选取结果已公示。',
    selected: '您已被选为采购需求“{{title}}”的中选机构，结果公示中。',
    notSelected: '采购需求“{{title}}”的选取结果已公示，您未被选中。',
    justificationRequired: '您在采购需求“{{title}}”中的报价异常偏低，请在公示期内提交成本说明。',
    abnormallyLowWinner: '采购需求“{{title}}”的中选报价异常偏低，中选机构须提交成本说明。',
    needFailed: '采购需求“{{title}}”有效报名不足，已流标。',
    awarded: '采购需求“{{title}}”公示期满，已确定成交。',
    notAwarded: '采购需求“{{title}}”已确定成交，您未中选。',
  },
}

export const en: Dictionary<typeof zh> = {
  title: 'Needs',
  publish: {
    approvalItemMissing: 'Choose the approval item this need serves (it does not exist or is inactive).',
    serviceLimitInvalid: 'The service time limit S must be a positive whole number of working days (it is {{S}}).',
    serviceLimitExceedsBudget:
      'The service time limit is too long: S = {{S}} working days exceeds the approval item’s statutory limit L minus its committed processing limit P: {{S}} > {{L}} − {{P}} = {{budget}}. Shorten it to at most {{budget}} working days.',
    closingDateInvalid: 'The registration closing date “{{date}}” is not a real date (YYYY-MM-DD).',
    closingDateOutsideCalendar:
      'The closing date {{date}} is outside the working-day calendar ({{firstYear}}–{{lastYear}}); ask an administrator to add the year.',
    windowTooShort:
      'The registration window is too short: up to {{closesOn}} it has {{days}} working days (the publishing day not counted), at least {{minDays}} are required; the earliest closing date is {{earliestClosesOn}}.',
    priceCeilingInvalid: 'The price ceiling must be an amount above zero.',
    priceCeilingMissing: 'A price ceiling is required unless the method is direct selection.',
    directAboveThreshold:
      'The price ceiling of ¥{{ceilingYuan}} is above the direct-selection limit of ¥{{thresholdYuan}}; choose another selection method.',
    qualificationMissing: 'This service type requires a qualification; choose the qualification bidders must hold.',
    qualificationNotAccepted: 'The chosen qualification is not one this service type accepts; choose another.',
    weightsMissing: 'Comprehensive scoring needs the four weights: price, credit, rating and days.',
    weightsInvalid:
      'The weights must be whole numbers from 0 that add up to 100: price {{price}} + credit {{credit}} + rating {{rating}} + days {{days}} = {{sum}}.',
  },
  validation: {
    money: 'Enter an amount in yuan with at most two decimals, e.g. 12500.50.',
    weight: 'A weight is a whole number from 0 to 100.',
    weightsRequired: 'Comprehensive scoring needs the four weights.',
  },
  errors: {
    publishRefused: 'The need was not published: {{count}} publishing rules are not met; see the messages.',
    wrongState: 'This cannot be done while the need is {{state}}.',
    reasonRequired: 'Please give a reason.',
    refused: 'This action is not allowed ({{reason}}).',
    projectCodeTaken: 'Your organisation already has a project with this project code.',
    levelMismatch: 'The minimum level does not belong to the chosen qualification type.',
    staleRound: 'The selection round has changed; refresh and try again.',
  },
  bids: {
    errors: {
      alreadyBid: 'You have already bid on this need; revise your bid instead.',
      notLive: 'That bid has been withdrawn or is no longer valid.',
      notOpen: 'This need is not accepting bids.',
      sealed: 'Bids stay sealed until the registration window closes.',
      windowClosed: 'The registration window has closed (server time); no more bids are accepted.',
    },
    validation: {
      daysAboveLimit: 'The committed service days cannot exceed the need’s service limit S.',
      daysInvalid: 'The committed service days must be a whole number above zero.',
      quoteAboveCeiling: 'The quote cannot be above the price ceiling.',
      quoteInvalid: 'The quote must be a whole number of fen above zero.',
    },
  },
  notify: {
    needPublished: 'A new need “{{title}}” has been published; you may register.',
    needCancelled: 'The need “{{title}}” has been cancelled by its owner.',
    needCancelledWithBids: 'The need “{{title}}” was cancelled by its owner after bids had been submitted.',
    windowClosed: 'Registration for the need “{{title}}” has closed; selection is under way.',
    resultPublished: 'The selection result of the need “{{title}}” is now in publicity.',
    selected: 'You have been selected for the need “{{title}}”; the result is in publicity.',
    notSelected: 'The selection result of the need “{{title}}” is published; you were not selected.',
    justificationRequired: 'Your quote for the need “{{title}}” is abnormally low; attach a cost justification during publicity.',
    abnormallyLowWinner: 'The winning quote for the need “{{title}}” is abnormally low; the winner must attach a cost justification.',
    needFailed: 'The need “{{title}}” failed: too few valid bids.',
    awarded: 'Publicity for the need “{{title}}” has ended; the need is awarded.',
    notAwarded: 'The need “{{title}}” has been awarded to another agency.',
  },
}
