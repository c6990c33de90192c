import { useTranslation } from 'react-i18next'
import { ProvisionalNote } from '~/components/provisional-note'
import { provisionalYearsBetween } from '~/domain/calendar/provisional'
import { formatFen } from '~/utils/format'
import { useLocalized } from '~/utils/localized'

export interface Named {
  id: string
  nameZh: string
  nameEn: string
}

export interface OwnerNeedFacts {
  state: string
  projectName: string
  serviceTypeId: string
  approvalItemId: string
  scope: string
  priceCeilingFen: number | null
  qualificationTypeId: string | null
  minLevelId: string | null
  serviceDays: number
  method: string
  weights: { price: number; credit: number; rating: number; days: number } | null
  registrationClosesOn: string
  liveBids: number | null
  seedHash: string | null
  cancelReason: string | null
}

/** A published need as its owner sees it: the notice's facts, the live bid count while open, the seed's hash. */
export function NeedFacts({
  need,
  serviceTypes,
  approvalItems,
  qualificationTypes,
  provisionalYears,
}: {
  need: OwnerNeedFacts
  serviceTypes: Named[]
  approvalItems: Named[]
  qualificationTypes: (Named & { levels: Named[] })[]
  provisionalYears: readonly number[]
}) {
  const { t, i18n } = useTranslation()
  const localized = useLocalized()
  const name = (list: Named[], id: string | null) => {
    const found = list.find((r) => r.id === id)
    return found ? localized(found) : t('common.none')
  }
  const qt = qualificationTypes.find((q) => q.id === need.qualificationTypeId)
  const facts: [string, React.ReactNode][] = [
    [
      t('needs.owner.state'),
      <span className={`status status-${need.state}`}>{t(`terms.needState.${need.state}`)}</span>,
    ],
    [t('needs.owner.project'), need.projectName],
    [t('needs.owner.serviceType'), name(serviceTypes, need.serviceTypeId)],
    [t('needs.owner.approvalItem'), name(approvalItems, need.approvalItemId)],
    [t('needs.owner.scope'), need.scope],
    [
      t('needs.owner.ceiling'),
      need.priceCeilingFen === null ? t('needs.owner.noCeiling') : formatFen(need.priceCeilingFen, i18n.language),
    ],
    [t('needs.owner.qualificationType'), qt ? localized(qt) : t('needs.owner.noQualification')],
    [t('needs.owner.minLevel'), qt ? name(qt.levels, need.minLevelId) : t('needs.owner.anyLevel')],
    [t('needs.owner.serviceDays'), need.serviceDays],
    [t('needs.owner.method'), t(`terms.method.${need.method}`)],
    [
      t('needs.owner.closesOn'),
      <>
        <span className="mono">{need.registrationClosesOn}</span>
        <ProvisionalNote years={provisionalYearsBetween(provisionalYears, need.registrationClosesOn)} />
      </>,
    ],
  ]
  if (need.weights) {
    const w = need.weights
    facts.push([
      t('needs.owner.weights'),
      `${t('needs.owner.weightPrice')} ${w.price} · ${t('needs.owner.weightCredit')} ${w.credit} · ${t('needs.owner.weightRating')} ${w.rating} · ${t('needs.owner.weightDays')} ${w.days}`,
    ])
  }
  if (need.liveBids !== null) facts.push([t('needs.owner.liveBids'), need.liveBids])
  if (need.seedHash) facts.push([t('needs.owner.seedHash'), <span className="mono">{need.seedHash}</span>])
  if (need.cancelReason) facts.push([t('needs.owner.cancelReasonShown'), need.cancelReason])
  return (
    <dl className="facts" data-testid="need-facts">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
