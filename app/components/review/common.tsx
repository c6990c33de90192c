import { getCollectionProps, type FieldMetadata } from '@conform-to/react'
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, type Option } from '~/components/forms'
import { formatInstant } from '~/utils/format'
import { useLocalized } from '~/utils/localized'

export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <p className="review-back">
      <Link to={to}>← {label}</Link>
    </p>
  )
}

/** An instant in Asia/Shanghai, in the reader's language. */
export function Instant({ value }: { value: string | null | undefined }) {
  const { i18n } = useTranslation()
  if (!value) return <span className="muted">—</span>
  return <time dateTime={value}>{formatInstant(value, i18n.language)}</time>
}

/** "CODE · localized name" of a catalogue record, or a marker when it no longer exists. */
export function CatalogueName({ record }: { record: { code: string; nameZh: string; nameEn: string } | null }) {
  const { t } = useTranslation()
  const name = useLocalized()
  if (!record) return <span className="muted">{t('review.application.unknownRecord')}</span>
  return (
    <>
      <span className="mono">{record.code}</span> · {name(record)}
    </>
  )
}

export function AgencyStatus({ status }: { status: string }) {
  const { t } = useTranslation()
  return <span className={`status status-${status}`}>{t(`terms.orgStatus.${status}`)}</span>
}

/** One choice out of a few, as radio buttons (no submitter value to lose on client revalidation). */
export function RadioGroup({ label, meta, options }: { label: string; meta: FieldMetadata<string | undefined>; options: Option[] }) {
  const labels = new Map(options.map((o) => [o.value, o.label]))
  return (
    <div className="field">
      <fieldset className="review-radios" aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
        <legend>{label}</legend>
        {getCollectionProps(meta, { type: 'radio', options: options.map((o) => o.value) }).map((props) => (
          <label key={props.key} htmlFor={props.id}>
            <input {...props} key={props.key} />
            {labels.get(props.value)}
          </label>
        ))}
      </fieldset>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}
