/**
 * The contract's text (SPEC §7, issue 13): drafted on award from the template of the need's
 * service type (admin-editable, both languages; a service type without its own template uses the
 * built-in default below) by filling in `{{variable}}` placeholders. Pure.
 *
 * The canonical text is what the parties sign and what the public hash covers: the Chinese text,
 * a separator line, the English text; line endings LF, trailing spaces trimmed, one final LF.
 * Its SHA-256 (lowercase hex) is stored with the contract and recorded with each signature, so
 * anyone holding the text can check the hash (docs/contracts.md).
 */
import { createHash } from 'node:crypto'

/** The placeholders a template may use. A template using any other `{{name}}` is refused. */
export const contractVariables = [
  'contractNo',
  'ownerName',
  'ownerCreditCode',
  'agencyName',
  'agencyCreditCode',
  'projectName',
  'projectCode',
  'needTitle',
  'serviceType',
  'scope',
  'priceYuan',
  'priceFen',
  'committedDays',
  'serviceDays',
  'approvalItem',
  'statutoryDays',
  'processingDays',
  'signDueOn',
] as const
export type ContractVariable = (typeof contractVariables)[number]
export type ContractValues = Readonly<Record<ContractVariable, string>>

export interface ContractTemplate {
  bodyZh: string
  bodyEn: string
}

export const defaultContractTemplate: ContractTemplate = {
  bodyZh: `中介服务合同（编号 {{contractNo}}）

委托方（项目业主）：{{ownerName}}，统一社会信用代码 {{ownerCreditCode}}
受托方（中介机构）：{{agencyName}}，统一社会信用代码 {{agencyCreditCode}}

一、服务内容
项目：{{projectName}}（项目代码 {{projectCode}}）
采购需求：{{needTitle}}
服务类型：{{serviceType}}
服务范围：{{scope}}

二、合同价款
人民币 {{priceYuan}} 元（{{priceFen}} 分），由委托方在双方签署后支付至平台代管；成果验收通过后由平台支付给受托方。

三、服务时限
受托方承诺在 {{committedDays}} 个工作日内提交成果（需求服务时限 {{serviceDays}} 个工作日），自双方签署且价款到账之日的次日起计算（期间开始之日不计算在内）；因等待委托方提供资料而暂停的时间不计入。
本服务所服务的审批事项：{{approvalItem}}，法定时限 {{statutoryDays}} 个工作日，其中承诺办理时限 {{processingDays}} 个工作日；中介服务时间与审批时间合计不得超过法定时限。

四、验收与付款
委托方应在收到成果后及时验收或书面说明理由退回修改；验收通过后，平台将代管价款支付给受托方。

五、终止
经双方协商一致，或经行业主管部门裁决，可终止本合同；代管价款按协议或裁决退还委托方和/或支付受托方。逾期未签署的，合同失效，并记录过错方。

六、签署
双方应于 {{signDueOn}} 前在平台签署本合同。签署即确认本合同文本（以其 SHA-256 摘要为准）。`,
  bodyEn: `Intermediary service contract (No. {{contractNo}})

Client (project owner): {{ownerName}}, unified social credit code {{ownerCreditCode}}
Contractor (agency): {{agencyName}}, unified social credit code {{agencyCreditCode}}

1. Service
Project: {{projectName}} (project code {{projectCode}})
Need: {{needTitle}}
Service type: {{serviceType}}
Scope: {{scope}}

2. Price
CNY {{priceYuan}} ({{priceFen}} fen), paid by the client into the platform-held payment once both parties have signed; the platform pays it to the contractor when the work is accepted.

3. Time
The contractor commits to deliver within {{committedDays}} working days (the need's service limit is {{serviceDays}} working days), counted from the working day after both signatures and the payment (the first day is not counted); time paused while waiting for the client's material does not count.
The approval this service feeds: {{approvalItem}}, statutory limit {{statutoryDays}} working days, of which {{processingDays}} for processing; service time and approval time together may not exceed the statutory limit.

4. Acceptance and payment
The client reviews the delivered work promptly and accepts it or returns it with written reasons; on acceptance the platform pays the held price to the contractor.

5. Termination
The contract may be ended by agreement of both parties or by the supervising department's ruling; the held price is refunded to the client and/or paid to the contractor as agreed or ruled. A contract not signed in time lapses, and the party at fault is recorded.

6. Signing
Both parties sign on the platform by {{signDueOn}}. Signing confirms this text (as identified by its SHA-256 digest).`,
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g

/** The placeholders a template body uses that are not contract variables (empty when it is fine). */
export function unknownVariables(body: string): string[] {
  const known = new Set<string>(contractVariables)
  const unknown = new Set<string>()
  for (const m of body.matchAll(PLACEHOLDER)) if (!known.has(m[1])) unknown.add(m[1])
  return [...unknown]
}

/** A body with its placeholders filled in. */
export function fillTemplate(body: string, values: ContractValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as ContractVariable] : whole,
  )
}

const normalise = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+$/u, ''))
    .join('\n')
    .trim()

export const CANONICAL_SEPARATOR = '\n\n---\n\n'

/** The canonical contract text (both languages) for these values. */
export function canonicalContractText(template: ContractTemplate, values: ContractValues): string {
  return `${normalise(fillTemplate(template.bodyZh, values))}${CANONICAL_SEPARATOR}${normalise(fillTemplate(template.bodyEn, values))}\n`
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** The two language parts of a canonical text (for display). */
export function contractParts(canonical: string): { zh: string; en: string } {
  const at = canonical.indexOf(CANONICAL_SEPARATOR)
  if (at < 0) return { zh: canonical.trim(), en: canonical.trim() }
  return { zh: canonical.slice(0, at), en: canonical.slice(at + CANONICAL_SEPARATOR.length).trim() }
}

/** Integer fen as yuan with two decimals ("12345.60"), no floating point. */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}
