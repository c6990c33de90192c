import { useId } from 'react'
import { ErrorList } from '~/components/forms'

/**
 * The confirmation of an irreversible action: a checkbox `confirm=yes` in the same form, saying
 * what will happen. The server's schema (`confirmation()` in app/domain/validation.ts) refuses the
 * form without it (400, field error `confirm`), so it works with and without JavaScript.
 */
export function ConfirmField({ label, errors }: { label: string; errors?: string[] | null }) {
  const id = useId()
  const errorId = `${id}-error`
  const invalid = Boolean(errors?.length)
  return (
    <div className="field confirm-field">
      <label className="checkbox">
        <input
          type="checkbox"
          name="confirm"
          value="yes"
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? errorId : undefined}
          data-testid="confirm"
        />{' '}
        {label}
      </label>
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}
