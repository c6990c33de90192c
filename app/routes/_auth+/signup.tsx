import { getFormProps } from '@conform-to/react'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { getDb } from '#db/client.server'
import { Field, FormProblem, SelectField, SubmitButton, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { createSession, signUp } from '~/domain/accounts/accounts.server'
import { SignupSchema } from '~/domain/accounts/schemas'
import { regionOptions } from '~/domain/organisations/regions'
import { requireAnonymous } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { getLocale } from '~/utils/i18n.server'
import { intent, runIntents } from '~/utils/intents.server'
import { homeOf } from '~/utils/permissions'
import { serializeSessionId } from '~/utils/session.server'
import { setToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '注册 · Sign up' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requireAnonymous(request)
  return null
})

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  await requireAnonymous(request)
  const db = await getDb()
  const locale = await getLocale(request)
  return runIntents(request, {
    default: intent({
      schema: SignupSchema,
      run: async (value) => {
        const user = await signUp(db, value, locale)
        return { user, session: await createSession(db, user.id) }
      },
      done: async ({ user, session }) => {
        const headers = new Headers()
        headers.append('Set-Cookie', await serializeSessionId(session.id))
        headers.append(
          'Set-Cookie',
          await setToast({ kind: 'success', messageKey: user.role === 'agency' ? 'auth.signedUpAgency' : 'auth.signedUpOwner' }),
        )
        return redirect(homeOf[user.role], { headers })
      },
      hideFields: ['password'],
    }),
  })
})

export default function SignupPage() {
  const { t, i18n } = useTranslation()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<z.input<typeof SignupSchema>>(SignupSchema, {
    id: 'signup',
    lastResult,
    defaultValue: { kind: 'owner' },
  })
  return (
    <section className="narrow card">
      <h1>{t('auth.signupTitle')}</h1>
      <p className="lead">{t('auth.signupLead')}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <SelectField
          label={t('auth.kind')}
          meta={fields.kind}
          options={[
            { value: 'owner', label: t('auth.kindOwner') },
            { value: 'agency', label: t('auth.kindAgency') },
          ]}
        />
        <Field label={t('auth.organisationName')} meta={fields.organisationName} autoComplete="organization" />
        <Field label={t('auth.creditCode')} meta={fields.creditCode} hint={t('auth.creditCodeHint')} />
        <SelectField label={t('auth.region')} meta={fields.region} options={regionOptions(i18n.language)} placeholder={t('regions.notGiven')} />
        <Field label={t('auth.name')} meta={fields.name} autoComplete="name" />
        <Field label={t('auth.email')} meta={fields.email} type="email" autoComplete="email" />
        <Field
          label={t('auth.password')}
          meta={fields.password}
          type="password"
          autoComplete="new-password"
          hint={t('auth.passwordHint')}
        />
        <SubmitButton>{t('auth.signupSubmit')}</SubmitButton>
      </Form>
      <p>
        {t('auth.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
      </p>
    </section>
  )
}
