import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from '@conform-to/react'
import { useActionData, useNavigation } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { decodeMessage, replyFor, type IntentReply, type Problem } from '~/utils/intent-reply'

/**
 * Field errors are i18n keys (with their parameters when the server encoded some, see
 * app/utils/intent-reply.ts); they are translated here, where they are shown.
 */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation()
  if (!errors?.length) return null
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((e) => {
        const { messageKey, params } = decodeMessage(e)
        return <li key={e}>{t(messageKey, params)}</li>
      })}
    </ul>
  )
}

/**
 * The action's answer to this page's form `intent` (any form when none is given): conform's
 * `lastResult` for `useSchemaForm`, and the form-level refusal for `<FormProblem>`. A page with
 * several forms asks once per form, so each shows only its own errors.
 */
export function useIntentReply<Intent extends string>(
  intent?: Intent,
): { lastResult: IntentReply['result'] | null; formError: Problem | null } {
  const reply = replyFor(useActionData(), intent)
  return { lastResult: reply?.result ?? null, formError: reply?.formError ?? null }
}

/** A refusal of the whole form (wrong state, a rule no field owns), translated with its parameters. */
export function FormProblem({ problem }: { problem: Problem | null | undefined }) {
  const { t } = useTranslation()
  if (!problem) return null
  return (
    <p className="review-form-error" role="alert" data-testid="form-error">
      {t(problem.messageKey, problem.params)}
    </p>
  )
}

interface FieldProps {
  label: string
  meta: FieldMetadata<string | number | undefined | null>
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'hidden'
  hint?: string
  autoComplete?: string
}

export function Field({ label, meta, type = 'text', hint, autoComplete }: FieldProps) {
  const hintId = useId()
  const errorId = meta.errorId
  const props = getInputProps(meta as FieldMetadata<string>, { type, ariaDescribedBy: hint ? hintId : undefined })
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...props} key={props.key} autoComplete={autoComplete} />
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={errorId} errors={meta.errors} />
    </div>
  )
}

export function TextareaField({ label, meta }: { label: string; meta: FieldMetadata<string | undefined> }) {
  const props = getTextareaProps(meta)
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <textarea {...props} key={props.key} rows={3} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export interface Option {
  value: string
  label: string
}

export function SelectField({
  label,
  meta,
  options,
  placeholder,
}: {
  label: string
  meta: FieldMetadata<string | undefined>
  options: Option[]
  placeholder?: string
}) {
  const props = getSelectProps(meta)
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...props} key={props.key}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/** A group of checkboxes submitting several values under one name. */
export function CheckboxGroup({
  label,
  meta,
  options,
}: {
  label: string
  meta: FieldMetadata<string[] | undefined>
  options: Option[]
}) {
  const initial = meta.initialValue
  const selected = new Set(Array.isArray(initial) ? initial : initial ? [initial] : [])
  return (
    <fieldset className="field checkbox-group" aria-describedby={meta.errors ? meta.errorId : undefined}>
      <legend>{label}</legend>
      <div className="checkbox-grid">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input type="checkbox" name={meta.name} value={o.value} defaultChecked={selected.has(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

export function FormErrors({ errors }: { errors?: string[] | null }) {
  return <ErrorList errors={errors} />
}

export function SubmitButton({ children, name, value }: { children: React.ReactNode; name?: string; value?: string }) {
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  return (
    <button type="submit" name={name} value={value} disabled={busy} aria-busy={busy}>
      {children}
    </button>
  )
}
