import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { AgencyFacts, AgencyRecord } from '~/components/agencies/agency-file'
import { ForceExitForm, StatusForm } from '~/components/agencies/status-forms'
import { FormProblem } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { BackLink } from '~/components/review/common'
import { changeStatus, forceExit } from '~/domain/agencies/registry.server'
import { agencyFileForReviewer, uuidParam } from '~/domain/agencies/review-views.server'
import { ForcedExitSchema, StatusReasonSchema } from '~/domain/agencies/schemas'
import { registryConfig } from '~/domain/config'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { replyFor } from '~/utils/intent-reply'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '机构档案 · Agency file · 入驻审核' }]

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'registry.review')
  const id = uuidParam(params.id)
  // Outside the reviewer's remit (or not an agency) this is a 404; `actions` come from the registry state machine.
  const file = await agencyFileForReviewer(await getDb(), user, id)
  return { ...file, coolingOffDays: registryConfig.coolingOffDaysAfterForcedExit }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'registry.review')
  const id = uuidParam(params.id)
  const db = await getDb()
  // The domain re-checks each action against the agency's state and the reviewer's remit
  // (403 outside it, 409 when the state no longer allows it).
  const back = (messageKey: string) => () => redirectWithToast(`/review/agencies/${id}`, { kind: 'success', messageKey })
  return runIntents(request, {
    suspend: intent({
      schema: StatusReasonSchema,
      run: (value) => changeStatus(db, user, id, { action: 'suspend', reason: value.reason }),
      done: back('review.toast.suspended'),
    }),
    reinstate: intent({
      schema: StatusReasonSchema,
      run: (value) => changeStatus(db, user, id, { action: 'reinstate', reason: value.reason }),
      done: back('review.toast.reinstated'),
    }),
    forceExit: intent({
      schema: ForcedExitSchema,
      run: (value) => forceExit(db, user, id, value),
      done: back('review.toast.exited'),
    }),
  })
})

export default function ReviewAgency() {
  const { t } = useTranslation()
  const file = useLoaderData<typeof loader>()
  const { organisation, actions, coolingOffDays } = file
  const reply = replyFor(useActionData<typeof action>())
  // A refusal for a form that is no longer shown (the state moved on) is shown above the forms.
  const orphanProblem = reply && !(actions as readonly string[]).includes(reply.intent) ? reply.formError : null
  return (
    <>
      <BackLink to="/review/agencies" label={t('review.agency.back')} />
      <PageHeader title={organisation.name} lead={organisation.nameEn || undefined} />
      <AgencyFacts organisation={organisation} profile={file.profile} />
      <section className="review-section" aria-labelledby="agency-actions">
        <h2 id="agency-actions">{t('review.agency.actions')}</h2>
        <p className="muted">{t('review.agency.actionsLead')}</p>
        <FormProblem problem={orphanProblem} />
        {actions.length === 0 ? (
          <p className="muted" data-testid="no-actions">
            {t('review.agency.noActions')}
          </p>
        ) : (
          <div className="review-actions">
            {actions.includes('suspend') ? <StatusForm key={`suspend-${organisation.status}`} intent="suspend" /> : null}
            {actions.includes('reinstate') ? <StatusForm key={`reinstate-${organisation.status}`} intent="reinstate" /> : null}
            {actions.includes('forceExit') ? <ForceExitForm key={`exit-${organisation.status}`} coolingOffDays={coolingOffDays} /> : null}
          </div>
        )}
      </section>

      <AgencyRecord {...file} />
    </>
  )
}
