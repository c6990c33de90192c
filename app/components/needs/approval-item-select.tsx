import { getSelectProps, type FieldMetadata } from '@conform-to/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList } from '~/components/forms'
import { approvalItemsByServiceType, approvalItemsFor } from '~/domain/needs/approval-item-choice'
import { useLocalized } from '~/utils/localized'

interface Named {
  id: string
  nameZh: string
  nameEn: string
}

/**
 * The approval item of a need, among those of the chosen service type. Without JavaScript (and
 * before hydration, or while no service type is chosen) every item is listed, grouped under its
 * service types; with JavaScript only the chosen service type's items are. The server refuses
 * any other pairing at this field (needs.errors.approvalItemServiceMismatch).
 */
export function ApprovalItemSelect({
  label,
  meta,
  items,
  serviceTypes,
  serviceTypeId,
  placeholder,
}: {
  label: string
  meta: FieldMetadata<string | undefined>
  items: (Named & { serviceTypeIds: string[] })[]
  serviceTypes: Named[]
  serviceTypeId: string | undefined
  placeholder: string
}) {
  const { t } = useTranslation()
  const localized = useLocalized()
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  const props = getSelectProps(meta)
  const filtering = hydrated && Boolean(serviceTypeId)
  const option = (item: Named, group = '') => (
    <option key={`${group}${item.id}`} value={item.id}>
      {localized(item)}
    </option>
  )
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...props} key={props.key} data-filtered={filtering ? 'yes' : 'no'}>
        <option value="">{placeholder}</option>
        {filtering
          ? approvalItemsFor(items, serviceTypeId).map((item) => option(item))
          : approvalItemsByServiceType(items, serviceTypes).map((group) => (
              <optgroup
                key={group.serviceType?.id ?? 'none'}
                label={group.serviceType ? localized(group.serviceType) : t('needs.owner.approvalItemsUnlinked')}
              >
                {group.items.map((item) => option(item, `${group.serviceType?.id ?? 'none'}-`))}
              </optgroup>
            ))}
      </select>
      <p className="hint">{t('needs.owner.approvalItemHint')}</p>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}
