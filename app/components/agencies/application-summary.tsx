/**
 * The agency's own application screen (app/routes/agency+/application.tsx): the current
 * application and the actions the registry state machine allows now.
 */
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FormProblem, SubmitButton, useIntentReply } from '~/components/forms'
import type { SelfAction } from '~/domain/agencies/registry.server'

export interface ApplicationSummaryProps {
  organisation: { name: string; status: string }
  application: {
    kind: string
    status: string
    revision: number
    decisionReason: string | null
    submittedAt: string | null
    decidedAt: string | null
    updatedAt: string | null
  } | null
  coolingOffUntil: string | null
  actions: SelfAction[]
}

export function ApplicationSummary({ organisation, application, coolingOffUntil, actions }: ApplicationSummaryProps) {
  const { t } = useTranslation()
  const editable = actions.includes('edit')
  const withdrawable = actions.includes('withdraw')
  return (
    <section aria-labelledby="application-status">
      <h2 id="application-status">{t('agencyApp.currentApplication')}</h2>
      <dl className="facts" data-testid="application-summary">
        <div>
          <dt>{t('agencyApp.organisationStatus')}</dt>
          <dd>
            <span className={`status status-${organisation.status}`}>{t(`terms.orgStatus.${organisation.status}`)}</span>
          </dd>
        </div>
        {application ? (
          <>
            <div>
              <dt>{t('agencyApp.kind')}</dt>
              <dd>{t(`terms.applicationKind.${application.kind}`)}</dd>
            </div>
            <div>
              <dt>{t('agencyApp.applicationStatus')}</dt>
              <dd>
                <span
                  className={`status status-${application.status === 'approved' ? 'active' : application.status}`}
                >
                  {t(`terms.applicationStatus.${application.status}`)}
                </span>
              </dd>
            </div>
            <div>
              <dt>{t('agencyApp.revision')}</dt>
              <dd>{application.revision}</dd>
            </div>
            <div>
              <dt>{t('agencyApp.updatedAt')}</dt>
              <dd className="mono">{application.updatedAt}</dd>
            </div>
            {application.submittedAt ? (
              <div>
                <dt>{t('agencyApp.submittedAt')}</dt>
                <dd className="mono">{application.submittedAt}</dd>
              </div>
            ) : null}
            {application.decidedAt ? (
              <div>
                <dt>{t('agencyApp.decidedAt')}</dt>
                <dd className="mono">{application.decidedAt}</dd>
              </div>
            ) : null}
          </>
        ) : null}
      </dl>
      {application ? (
        <p className="muted">{t('agencyApp.timeNote')}</p>
      ) : (
        <p className="muted">{t('agencyApp.noApplication')}</p>
      )}
      {application?.decisionReason ? (
        <div className="notice registry-rejection" role="status">
          <strong>{t('agencyApp.rejectionReason')}</strong>
          <p>{application.decisionReason}</p>
        </div>
      ) : null}
      {coolingOffUntil ? (
        <p className="notice" role="status">
          {t('agencyApp.coolingOff', { date: coolingOffUntil })}
        </p>
      ) : null}
      {withdrawable ? (
        <p className="notice" role="status">
          {t('agencyApp.pendingNotice')}
        </p>
      ) : null}
      {!editable && !withdrawable && !coolingOffUntil ? (
        <p className="notice" role="status">
          {t('agencyApp.notEditableNotice', { status: t(`terms.orgStatus.${organisation.status}`) })}
        </p>
      ) : null}
    </section>
  )
}

/** Submit and withdraw, each shown only when allowed; a refusal of either is shown below them. */
export function ApplicationActions({ actions }: { actions: SelfAction[] }) {
  const { t } = useTranslation()
  const submitError = useIntentReply('submit').formError
  const withdrawError = useIntentReply('withdraw').formError
  const canSubmit = actions.includes('submit')
  const canWithdraw = actions.includes('withdraw')
  return (
    <>
      {canSubmit || canWithdraw ? (
        <section aria-labelledby="application-actions" className="registry-actions">
          <h2 id="application-actions">{t('agencyApp.actions.title')}</h2>
          {canSubmit ? (
            <Form method="post" className="registry-action">
              <input type="hidden" name="intent" value="submit" />
              <SubmitButton>{t('agencyApp.actions.submit')}</SubmitButton>
              <p className="hint">{t('agencyApp.actions.submitHint')}</p>
            </Form>
          ) : null}
          {canWithdraw ? (
            <Form method="post" className="registry-action">
              <input type="hidden" name="intent" value="withdraw" />
              <SubmitButton>{t('agencyApp.actions.withdraw')}</SubmitButton>
              <p className="hint">{t('agencyApp.actions.withdrawHint')}</p>
            </Form>
          ) : null}
        </section>
      ) : null}
      <FormProblem problem={submitError ?? withdrawError} />
    </>
  )
}
