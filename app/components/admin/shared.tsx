import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, type Option } from '~/components/forms'
import { useLocalized } from '~/utils/localized'

interface CheckboxMeta {
  id: string
  name: string
  errorId: string
  errors?: string[]
  initialValue?: unknown
}

/** One boolean checkbox; the schema reads 'on' as true and a missing value as false. */
export function CheckboxField({ label, meta }: { label: string; meta: CheckboxMeta }) {
  return (
    <div className="field checkbox-field">
      <label htmlFor={meta.id} className="checkbox">
        <input
          type="checkbox"
          id={meta.id}
          name={meta.name}
          defaultChecked={meta.initialValue === 'on'}
          aria-invalid={meta.errors?.length ? true : undefined}
          aria-describedby={meta.errors?.length ? meta.errorId : undefined}
        />
        {label}
      </label>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/** Select/checkbox options from catalogue rows, labelled "CODE · localized name". */
export function useCatalogueOptions() {
  const name = useLocalized()
  return (rows: { id: string; code: string; nameZh: string; nameEn: string }[]): Option[] =>
    rows.map((r) => ({ value: r.id, label: `${r.code} · ${name(r)}` }))
}

/** The "Back to the list" link above an edit form. */
export function BackLink({ to }: { to: string }) {
  const { t } = useTranslation()
  return (
    <p className="admin-back">
      <Link to={to}>← {t('admin.backToList')}</Link>
    </p>
  )
}

/** A table row saying there is nothing to show. */
export function EmptyRow({ columns }: { columns: number }) {
  const { t } = useTranslation()
  return (
    <tr>
      <td colSpan={columns} className="empty" data-testid="empty-state">
        {t('admin.noRecords')}
      </td>
    </tr>
  )
}

/** Active / inactive badge. */
export function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation()
  return (
    <span className={active ? 'tag tag-active' : 'tag tag-inactive'}>
      {active ? t('common.active') : t('common.inactive')}
    </span>
  )
}
