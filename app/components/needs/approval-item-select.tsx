import { getSelectProps, type FieldMetadata } from '@conform-to/react'
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
 * The approval item of a need, among those of the chosen service type: once a service type is
 * chosen (the saved or typed one on the server, the current one in the browser) only its items
 * are listed; before that every item is, grouped under its service types. Server and browser
 * render the same list, so hydration never swaps the options under a selected value (which
 * used to drop the saved choice). Without JavaScript, changing the service type shows its items
 * after the next submit; the server refuses any other pairing at this field
 * (needs.errors.approvalItemServiceMismatch).
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
  const props = getSelectProps(meta)
  const filtering = Boolean(serviceTypeId)
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
