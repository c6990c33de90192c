import { describe, expect, it } from 'vitest'
import { RuleViolation } from '~/domain/errors'
import { MAX_IMPORT_BYTES, YearImportFormSchema } from '~/domain/calendar/schemas'
import { readYearFile } from '~/domain/calendar/year-file'

const file = { year: 2027, source: '国办发明电〔2026〕1号', days: [{ date: '2027-01-01', kind: 'holiday', nameZh: '元旦' }] }

function refusal(text: string) {
  try {
    readYearFile(text)
  } catch (error) {
    expect(error).toBeInstanceOf(RuleViolation)
    return { messageKey: (error as RuleViolation).messageKey, params: (error as RuleViolation).params, field: (error as RuleViolation).field }
  }
  throw new Error('not refused')
}

describe('readYearFile: an uploaded year arrangement, every problem at the file field', () => {
  it('reads a file, a leading byte-order mark allowed', () => {
    expect(readYearFile(`\uFEFF${JSON.stringify(file)}`)).toMatchObject({ year: 2027, days: [{ date: '2027-01-01' }] })
  })

  it('unreadable JSON and the wrong shape are RuleViolations naming the place, at the file field', () => {
    expect(refusal('{"year": 2027,')).toEqual({ messageKey: 'calendarYears.importErrors.json', params: {}, field: 'file' })
    expect(refusal(JSON.stringify({ ...file, days: [{ date: '2028-01-01', kind: 'holiday' }] }))).toEqual({
      messageKey: 'calendarYears.importErrors.outsideYear',
      params: { row: 1, date: '2028-01-01', year: 2027 },
      field: 'file',
    })
  })
})

describe('YearImportFormSchema: the import form', () => {
  it('needs a non-empty file of at most MAX_IMPORT_BYTES', () => {
    const issues = (value: unknown) => YearImportFormSchema.safeParse({ file: value }).error?.issues.map((i) => i.message) ?? []
    expect(issues(undefined)).toEqual(['calendar.importNoFile'])
    expect(issues('text')).toEqual(['calendar.importNoFile'])
    expect(issues(new File(['x'.repeat(MAX_IMPORT_BYTES + 1)], 'big.json'))).toEqual(['calendar.importTooLarge'])
    expect(issues(new File(['{}'], 'y.json'))).toEqual([])
  })
})
