import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { FormProblem, SubmitButton, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { openPayoutAccount, payoutAccountOf } from '~/domain/payments/payout-accounts.server'
import { requirePermission } from '~/utils/auth.server'
import { formatInstant } from '~/utils/format'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '收款账户 · Payout account · 机构工作台' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const account = await payoutAccountOf(await getDb(), user)
  return { account: account && { stripeAccountId: account.stripeAccountId, createdAt: account.createdAt } }
})

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  return runIntents(request, {
    open: intent({
      schema: z.object({}),
      run: () => openPayoutAccount(db, user),
      done: () => redirectWithToast('/agency/payout', { kind: 'success', messageKey: 'contractPayment.payout.opened' }),
    }),
  })
})

export default function AgencyPayoutPage() {
  const { t, i18n } = useTranslation()
  const { account } = useLoaderData<typeof loader>()
  const { formError } = useIntentReply('open')
  return (
    <>
      <p className="registry-back">
        <Link to="/agency">← {t('nav.workspace.agency')}</Link>
      </p>
      <PageHeader title={t('contractPayment.payout.title')} lead={t('contractPayment.payout.lead')} />
      {account ? (
        <dl className="facts" data-testid="payout-account">
          <dt>{t('contractPayment.payout.account')}</dt>
          <dd>
            <code>{account.stripeAccountId}</code>
          </dd>
          <dt>{t('contractPayment.payout.openedAt')}</dt>
          <dd>{formatInstant(account.createdAt, i18n.language)}</dd>
        </dl>
      ) : (
        <Form method="post" className="admin-form">
          <p>{t('contractPayment.payout.none')}</p>
          <FormProblem problem={formError} />
          <SubmitButton name="intent" value="open">
            {t('contractPayment.payout.open')}
          </SubmitButton>
        </Form>
      )}
    </>
  )
}
