import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EntryTable } from '~/components/blacklist/entry-table'
import { ListingTermsFields } from '~/components/blacklist/listing-terms'
import { ConfirmField } from '~/components/confirm-field'
import { FormProblem, SelectField, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { EmptyState, PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { listAgency, regulatorBlacklist } from '~/domain/blacklist/blacklist.server'
import { ListingSchema } from '~/domain/blacklist/schemas'
import { organisationName } from '~/domain/organisations/names'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '黑名单管理 · Blacklist · 监管工作台' }]

type ListingFields = {
  agencyId: string
  reason: string
  legalBasis: string
  scope: string
  serviceTypeIds: string[]
  endsOn: string
  permanent: string
  confirm: string
}

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const page = await regulatorBlacklist(await getDb(), user)
  // A recorded violation whose behaviour proposes blacklisting links here with the agency and the
  // reason (app/routes/regulator+/agencies.$id.tsx); only an agency of this page's list is taken.
  const query = new URL(request.url).searchParams
  const agencyId = query.get('agencyId') ?? ''
  const prefill = page.agencies.some((a) => a.id === agencyId)
    ? { agencyId, reason: (query.get('reason') ?? '').slice(0, 4000) }
    : null
  return { ...page, prefill }
})

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const db = await getDb()
  return runIntents(request, {
    default: intent({
      schema: ListingSchema,
      run: (value) => listAgency(db, user, value),
      done: ({ entryId }) =>
        redirectWithToast(`/regulator/blacklist/${entryId}`, {
          kind: 'success',
          messageKey: 'blacklist.regulator.listed',
        }),
    }),
  })
})

export default function RegulatorBlacklist() {
  const { t, i18n } = useTranslation()
  const { agencies, serviceTypes, entries, defaultEndsOn, prefill } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<ListingFields>(ListingSchema, {
    id: 'listing',
    lastResult,
    defaultValue: { scope: 'service_types', ...prefill },
  })
  return (
    <>
      <p className="registry-back">
        <Link to="/regulator">← {t('nav.workspace.regulator')}</Link>
      </p>
      <PageHeader title={t('blacklist.regulator.title')} lead={t('blacklist.regulator.lead')} />
      <section aria-labelledby="blacklist-entries">
        <h2 id="blacklist-entries">{t('public.blacklistTitle')}</h2>
        {entries.length === 0 ? (
          <EmptyState>{t('blacklist.empty')}</EmptyState>
        ) : (
          <EntryTable
            rows={entries}
            testId="regulator-blacklist"
            link={{ to: (id) => `/regulator/blacklist/${id}`, label: t('blacklist.regulator.open') }}
          />
        )}
      </section>
      <section aria-labelledby="blacklist-new">
        <h2 id="blacklist-new">{t('blacklist.regulator.newTitle')}</h2>
        {agencies.length === 0 ? (
          <p className="muted">{t('blacklist.regulator.noAgencies')}</p>
        ) : (
          <Form method="post" {...getFormProps(form)}>
            <FormProblem problem={formError} />
            <SelectField
              label={t('blacklist.agency')}
              meta={fields.agencyId}
              placeholder={t('blacklist.regulator.chooseAgency')}
              options={agencies.map((a) => ({ value: a.id, label: organisationName(a, i18n.language) }))}
            />
            <TextareaField label={t('blacklist.reason')} meta={fields.reason} />
            <ListingTermsFields
              fields={fields}
              serviceTypes={serviceTypes}
              endsOnHint={t('blacklist.endsOnHint', { date: defaultEndsOn })}
            />
            <ConfirmField label={t('blacklist.confirm.list')} errors={fields.confirm.errors} />
            <SubmitButton>{t('blacklist.regulator.submit')}</SubmitButton>
          </Form>
        )}
      </section>
    </>
  )
}
