import { CONTROL_CHARACTERS, hasForbiddenCharacters } from '~/domain/validation'
import { errorResponse } from '~/utils/handler.server'


/**
 * The one way an action reads its form. A body that is not a form (JSON, text/plain, no
 * Content-Type, multipart without a boundary) is refused with 415 and a body that claims to be
 * a form but cannot be read (malformed multipart, truncated) with 400 — both as translated error
 * responses, never the TypeError `request.formData()` throws (which would be a 500).
 */
export async function readForm(request: Request): Promise<FormData> {
  const contentType = request.headers.get('content-type') ?? ''
  const [essence, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase())
  const isForm =
    essence === 'application/x-www-form-urlencoded' ||
    (essence === 'multipart/form-data' && parameters.some((p) => /^boundary=.+/.test(p)))
  if (!isForm) throw errorResponse(415, 'input.notAForm')
  try {
    return await request.formData()
  } catch {
    throw errorResponse(400, 'input.malformedForm')
  }
}

/**
 * Fields holding a character no text field accepts (NUL, other controls, a lone surrogate) —
 * whatever the schema says, so a form whose schema has a bare z.string() still answers with a
 * field error rather than a database error.
 */
export function forbiddenCharacterErrors(form: FormData, skip: readonly string[] = []): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {}
  for (const [name, value] of form.entries()) {
    if (skip.includes(name)) continue
    if (typeof value === 'string' && hasForbiddenCharacters(value)) errors[name] = [CONTROL_CHARACTERS]
  }
  return Object.keys(errors).length ? errors : null
}
