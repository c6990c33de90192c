import { getFormProps } from '@conform-to/react'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { getDb } from '#db/client.server'
import { Field, FormProblem, SubmitButton, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { attemptLogin, createSession } from '~/domain/accounts/accounts.server'
import { LoginSchema } from '~/domain/accounts/schemas'
import { requireAnonymous, safeRedirect } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { localeCookie } from '~/utils/i18n.server'
import { intent, runIntents } from '~/utils/intents.server'
import { clientAddressOf } from '~/utils/load-context'
import { homeOf } from '~/utils/permissions'
import { serializeSessionId } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: '登录 · Log in' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requireAnonymous(request)
  return null
})

export const action = handle(async ({ request, context }: ActionFunctionArgs) => {
  await requireAnonymous(request)
  const db = await getDb()
  return runIntents(request, {
    default: intent({
      schema: LoginSchema,
      run: async ({ email, password, redirectTo }) => {
        const user = await attemptLogin(db, email, password, clientAddressOf(context))
        return { user, redirectTo, session: await createSession(db, user.userId) }
      },
      done: async ({ user, redirectTo, session }) => {
        const headers = new Headers()
        headers.append('Set-Cookie', await serializeSessionId(session.id))
        headers.append('Set-Cookie', await localeCookie.serialize(user.locale))
        return redirect(safeRedirect(redirectTo, homeOf[user.role]), { headers })
      },
      hideFields: ['password'],
      skipCharacterCheck: ['redirectTo'],
    }),
  })
})

export default function LoginPage() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply()
  const [searchParams] = useSearchParams()
  const [form, fields] = useSchemaForm<z.input<typeof LoginSchema>>(LoginSchema, { id: 'login', lastResult })
  return (
    <section className="narrow card">
      <h1>{t('auth.loginTitle')}</h1>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field label={t('auth.email')} meta={fields.email} type="email" autoComplete="username" />
        <Field label={t('auth.password')} meta={fields.password} type="password" autoComplete="current-password" />
        <div className="form-errors" data-testid="form-errors">
          <FormProblem problem={formError} />
        </div>
        <SubmitButton>{t('auth.loginSubmit')}</SubmitButton>
      </Form>
      <p>
        {t('auth.noAccount')} <Link to="/signup">{t('nav.signup')}</Link>
      </p>
    </section>
  )
}
