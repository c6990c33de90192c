/**
 * Reading a year's arrangement from an uploaded JSON file (pure). Every problem is a
 * `RuleViolation` at the form's `file` field, naming the place in the file (importProblem), so
 * the admin sees what to fix; nothing is written.
 */
import { RuleViolation } from '~/domain/errors'
import { importProblem, YearImportFileSchema, type YearImportFile } from './schemas'

/** The file's text (a leading byte-order mark allowed) as a checked YearImportFile. */
export function readYearFile(text: string): YearImportFile {
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw new RuleViolation('calendarYears.importErrors.json', {}, 'file')
  }
  const parsed = YearImportFileSchema.safeParse(json)
  if (!parsed.success) {
    const problem = importProblem(parsed.error.issues, json)
    throw new RuleViolation(problem.messageKey, problem.params, 'file')
  }
  return parsed.data
}
