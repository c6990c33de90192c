import { getFormProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { eq } from 'drizzle-orm'
import { getDb } from '#db/client.server'
import { users } from '#db/schema'
import { Field, SubmitButton } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { attemptLogin, createSession } from '~/domain/accounts/accounts.server'
import { LoginSchema } from '~/domain/accounts/schemas'
import { now } from '~/domain/now'
import { requireAnonymous, safeRedirect } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { localeCookie } from '~/utils/i18n.server'
import { clientAddressOf } from '~/utils/load-context'
import { homeOf } from '~/utils/permissions'
import { serializeSessionId } from '~/utils/session.server'
import { readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: '登录 · Log in' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requireAnonymous(request)
  return null
})

export const action = handle(async ({ request, context }: ActionFunctionArgs) => {
  await requireAnonymous(request)
  const formData = await readForm(request)
  const submission = parseWithZod(formData, { schema: LoginSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { email, password, redirectTo } = submission.value
  const db = await getDb()
  const outcome = await attemptLogin(db, email, password, clientAddressOf(context))
  if (!outcome.ok) {
    const minutes = outcome.reason === 'throttled' ? Math.max(1, Math.ceil((outcome.retryAt.getTime() - now().getTime()) / 60_000)) : 0
    const message = outcome.reason === 'throttled' ? 'auth.throttled' : 'auth.invalidCredentials'
    return data(
      {
        result: submission.reply({ formErrors: [message], hideFields: ['password'] }),
        minutes,
      },
      { status: outcome.reason === 'throttled' ? 429 : 400 },
    )
  }
  const session = await createSession(db, outcome.userId)
  const [user] = await db.select({ role: users.role, locale: users.locale }).from(users).where(eq(users.id, outcome.userId))
  const headers = new Headers()
  headers.append('Set-Cookie', await serializeSessionId(session.id))
  headers.append('Set-Cookie', await localeCookie.serialize(user.locale))
  return redirect(safeRedirect(redirectTo, homeOf[user.role]), { headers })
})

export default function LoginPage() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useSchemaForm<z.input<typeof LoginSchema>>(LoginSchema, {
    id: 'login',
    lastResult: actionData?.result,
  })
  const minutes = actionData && 'minutes' in actionData ? actionData.minutes : 0
  return (
    <section className="narrow card">
      <h1>{t('auth.loginTitle')}</h1>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field label={t('auth.email')} meta={fields.email} type="email" autoComplete="username" />
        <Field label={t('auth.password')} meta={fields.password} type="password" autoComplete="current-password" />
        <div className="form-errors" data-testid="form-errors">
          {form.errors?.map((key) => (
            <p key={key} role="alert" className="field-errors">
              {t(key, { minutes })}
            </p>
          ))}
        </div>
        <SubmitButton>{t('auth.loginSubmit')}</SubmitButton>
      </Form>
      <p>
        {t('auth.noAccount')} <Link to="/signup">{t('nav.signup')}</Link>
      </p>
    </section>
  )
}

