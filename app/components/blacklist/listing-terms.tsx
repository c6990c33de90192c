import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import { CheckboxGroup, ErrorList, Field } from '~/components/forms'
import { RadioGroup } from '~/components/review/common'

/**
 * The terms of a blacklisting (issue 14 §3) — legal basis, scope, service types, end date or
 * permanent — as the regulator's listing form and the complaint's upholding form both ask them
 * (each form has its own reason field before these).
 */
export function ListingTermsFields({
  fields,
  serviceTypes,
  endsOnHint,
}: {
  fields: {
    legalBasis: FieldMetadata<string | undefined>
    scope: FieldMetadata<string | undefined>
    serviceTypeIds: FieldMetadata<string[] | undefined>
    endsOn: FieldMetadata<string | undefined>
    permanent: FieldMetadata<string | undefined>
  }
  serviceTypes: readonly { id: string; nameZh: string; nameEn: string }[]
  endsOnHint?: string
}) {
  const { t, i18n } = useTranslation()
  const en = i18n.language === 'en'
  return (
    <>
      <Field label={t('blacklist.legalBasis')} meta={fields.legalBasis} />
      <RadioGroup
        label={t('blacklist.scope')}
        meta={fields.scope}
        options={[
          { value: 'service_types', label: t('blacklist.scopeServiceTypes') },
          { value: 'all', label: t('blacklist.scopeAll') },
        ]}
      />
      <CheckboxGroup
        label={t('blacklist.serviceTypes')}
        meta={fields.serviceTypeIds}
        options={serviceTypes.map((s) => ({ value: s.id, label: en ? s.nameEn : s.nameZh }))}
      />
      <Field label={t('blacklist.endsOn')} meta={fields.endsOn} type="date" hint={endsOnHint} />
      <div className="field">
        <label className="checkbox">
          <input {...getInputProps(fields.permanent, { type: 'checkbox' })} key={fields.permanent.key} />
          {t('blacklist.permanent')}
        </label>
        <ErrorList id={fields.permanent.errorId} errors={fields.permanent.errors} />
      </div>
    </>
  )
}
