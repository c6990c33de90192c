import { getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ErrorList, FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { agencyOrganisation } from '~/domain/agencies/agency-views.server'
import { exitVoluntarily, selfActions } from '~/domain/agencies/registry.server'
import { VoluntaryExitSchema, type VoluntaryExitInput } from '~/domain/agencies/schemas'
import registryStyles from '~/styles/registry.css?url'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '主动退出 · Voluntary exit · 机构工作台' }]

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: registryStyles }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const [org, self] = await Promise.all([agencyOrganisation(db, user.organisationId), selfActions(db, user)])
  // Whether it may leave is the registry state machine's answer (status, open work), not the page's.
  return { status: org.status, openWork: self.openWork, mayExit: self.actions.includes('exitVoluntary') }
})

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  // Open work or the wrong status is about the agency, not the reason typed: a form-level message.
  return runIntents(request, {
    default: intent({
      schema: VoluntaryExitSchema,
      run: (value) => exitVoluntarily(db, user, value),
      done: () => redirectWithToast('/agency', { kind: 'success', messageKey: 'agencyApp.exit.done' }),
    }),
  })
})

export default function AgencyExitPage() {
  const { t } = useTranslation()
  const { status, openWork, mayExit } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply('default')
  const [form, fields] = useSchemaForm<VoluntaryExitInput>(VoluntaryExitSchema, { id: 'agency-exit', lastResult })
  const confirm = getInputProps(fields.confirm, { type: 'checkbox', value: 'on' })
  return (
    <>
      <p className="registry-back">
        <Link to="/agency">← {t('nav.workspace.agency')}</Link>
      </p>
      <PageHeader title={t('agencyApp.exit.title')} lead={t('agencyApp.exit.lead')} />
      <ul className="registry-rules">
        <li>{t('agencyApp.exit.permanent')}</li>
        <li>{t('agencyApp.exit.reentry')}</li>
        <li>{t('agencyApp.exit.openWorkRule')}</li>
      </ul>
      {/* Refused with no open work: the status is what forbids it. */}
      {!mayExit && openWork === 0 ? (
        <p className="notice" role="status">
          {t('agencyApp.exit.notAllowed', { status: t(`terms.orgStatus.${status}`) })}
        </p>
      ) : null}
      {openWork > 0 ? (
        <p className="notice" role="status">
          {t('agencyApp.exit.openWork', { count: openWork })}
        </p>
      ) : null}
      <Form method="post" className="registry-form registry-exit" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <fieldset className="registry-fieldset" disabled={!mayExit}>
          <TextareaField label={t('agencyApp.exit.reason')} meta={fields.reason} />
          <div className="field">
            <label className="checkbox">
              <input {...confirm} key={confirm.key} />
              {t('agencyApp.exit.confirm')}
            </label>
            <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} />
          </div>
          <SubmitButton>{t('agencyApp.exit.submit')}</SubmitButton>
        </fieldset>
      </Form>
    </>
  )
}
