import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ErrorList, SubmitButton, TextareaField } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { countOpenWork, exitVoluntarily } from '~/domain/agencies/registry.server'
import { VoluntaryExitSchema, type VoluntaryExitInput } from '~/domain/agencies/schemas'
import registryStyles from '~/styles/registry.css?url'
import { requirePermission } from '~/utils/auth.server'
import { submitForm } from '~/utils/forms.server'
import { handle } from '~/utils/handler.server'
import { redirectWithToast } from '~/utils/toast.server'
import { agencyOrganisation, refusalOf } from '~/domain/agencies/agency-views.server'

export const meta: MetaFunction = () => [{ title: '主动退出 · Voluntary exit · 机构工作台' }]

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: registryStyles }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const [org, openWork] = await Promise.all([
    agencyOrganisation(db, user.organisationId),
    countOpenWork(db, user.organisationId),
  ])
  return {
    status: org.status,
    openWork,
    mayExit: (org.status === 'active' || org.status === 'suspended') && openWork === 0,
  }
})

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const outcome = await submitForm(request, VoluntaryExitSchema, async (value) => {
    try {
      await exitVoluntarily(db, user, value)
      return null
    } catch (error) {
      // Open work or the wrong status is about the agency, not the reason typed: a form-level message.
      const refusal = refusalOf(error)
      if (refusal) return refusal
      throw error
    }
  })
  if (!outcome.ok) return outcome.response
  const refusal = outcome.value
  if (refusal)
    return data({ formError: { messageKey: refusal.messageKey, params: refusal.params } }, { status: refusal.status })
  return redirectWithToast('/agency', { kind: 'success', messageKey: 'agencyApp.exit.done' })
})

export default function AgencyExitPage() {
  const { t } = useTranslation()
  const { status, openWork, mayExit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const formError = actionData && 'formError' in actionData ? actionData.formError : null
  const [form, fields] = useForm<VoluntaryExitInput>({
    id: 'agency-exit',
    lastResult: actionData && 'result' in actionData ? actionData.result : undefined,
    constraint: getZodConstraint(VoluntaryExitSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: VoluntaryExitSchema }),
    // Revalidating on input (not blur) clears a fixed error as the user types, so the submit button
    // never jumps away between mousedown and click.
    shouldRevalidate: 'onInput',
  })
  // The form subscribes to every error itself: a re-render of this component just after
  // hydration (a router state update) can drop the subscriptions its fields made, and then the
  // first client-side validation after a full page load would show no errors.
  void form.allErrors
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
      {status !== 'active' && status !== 'suspended' ? (
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
        {formError ? (
          <p id={form.errorId} role="alert" className="field-errors registry-form-error">
            {t(formError.messageKey, formError.params)}
          </p>
        ) : null}
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
