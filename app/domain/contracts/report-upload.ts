/**
 * The checks of a delivered report (SPEC §7): a PDF judged by its content — the `%PDF-` head and
 * a `%%EOF` near its end (app/domain/agencies/uploads.ts) — never by its name or the browser's
 * claim, not empty, at most `serviceConfig.maxReportBytes`, and a file name free of control and
 * text-direction characters. Pure: the caller reads the bytes.
 */
import { hasPdfTrailer, isSafeFileName, sniffMime, type UploadFacts } from '~/domain/agencies/uploads'
import { serviceConfig } from '~/domain/config'

export type ReportProblem = 'missing' | 'empty' | 'tooLarge' | 'fileName' | 'notPdf' | 'pdfIncomplete'

/** The translated message of each refusal (shown at the `file` field, with `max` in MB). */
export const reportProblemKeys: Record<ReportProblem, string> = {
  missing: 'contractService.upload.missing',
  empty: 'contractService.upload.empty',
  tooLarge: 'contractService.upload.tooLarge',
  fileName: 'uploadChecks.fileName',
  notPdf: 'contractService.upload.notPdf',
  pdfIncomplete: 'uploadChecks.pdfIncomplete',
}

/** The largest report in MB, for the messages. */
export const maxReportMb = serviceConfig.maxReportBytes / 1024 / 1024

/** Every check of a report, in the order a user can fix them: size, name, real type, complete PDF. */
export function checkReport(upload: UploadFacts, maxBytes: number = serviceConfig.maxReportBytes): ReportProblem | null {
  if (upload.size === 0) return 'empty'
  if (upload.size > maxBytes) return 'tooLarge'
  if (!isSafeFileName(upload.name)) return 'fileName'
  if (sniffMime(upload.head) !== 'application/pdf') return 'notPdf'
  if (!hasPdfTrailer(upload.tail)) return 'pdfIncomplete'
  return null
}
