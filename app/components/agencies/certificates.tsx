/** The certificate scans of the agency's application screen (app/routes/agency+/application.tsx). */
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, FormProblem, SubmitButton, useIntentReply } from '~/components/forms'

export interface StoredFile {
  id: string
  fileName: string
  mimeType: string
  size: number
  sha256: string
  uploadedAt: string | null
}

function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Uploading a certificate scan (multipart, its own intent) and the list of stored scans. */
export function CertificateSection({ files, maxUploadMb }: { files: StoredFile[]; maxUploadMb: number }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('upload')
  const fileErrors = lastResult?.error?.file ?? null
  const invalid = Boolean(formError || fileErrors?.length)
  return (
    <section aria-labelledby="certificates">
      <h2 id="certificates">{t('agencyApp.upload.title')}</h2>
      <p className="hint" id="certificate-upload-hint">
        {t('agencyApp.upload.lead', { max: maxUploadMb })}
      </p>
      <Form
        method="post"
        encType="multipart/form-data"
        className="inline-form registry-upload"
        aria-describedby="certificate-upload-hint"
      >
        <input type="hidden" name="intent" value="upload" />
        <label htmlFor="certificate-file">{t('agencyApp.upload.file')}</label>
        <input
          id="certificate-file"
          type="file"
          name="file"
          accept=".pdf,.jpg,.jpeg,.png"
          required
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'certificate-upload-error' : undefined}
        />
        <SubmitButton>{t('agencyApp.upload.submit')}</SubmitButton>
      </Form>
      <div id="certificate-upload-error">
        <ErrorList errors={fileErrors} />
        <FormProblem problem={formError} />
      </div>
      {files.length === 0 ? (
        <p className="muted">{t('agencyApp.upload.none')}</p>
      ) : (
        <table className="table compact registry-files" data-testid="certificate-files">
          <thead>
            <tr>
              <th scope="col">{t('agencyApp.upload.fileName')}</th>
              <th scope="col">{t('agencyApp.upload.type')}</th>
              <th scope="col" className="num">
                {t('agencyApp.upload.size')}
              </th>
              <th scope="col">{t('agencyApp.upload.sha256')}</th>
              <th scope="col">{t('agencyApp.upload.uploadedAt')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.id}>
                <td>{f.fileName}</td>
                <td className="mono">{f.mimeType}</td>
                <td className="num">{formatSize(f.size)}</td>
                <td className="mono registry-hash">{f.sha256}</td>
                <td className="mono">{f.uploadedAt}</td>
                <td>
                  <a href={`/files/${f.id}`} download>
                    {t('agencyApp.upload.download')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">{t('agencyApp.timeNote')}</p>
    </section>
  )
}
