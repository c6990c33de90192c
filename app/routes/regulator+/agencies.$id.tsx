import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ConfirmField } from '~/components/confirm-field'
import { LedgerTable } from '~/components/credit/ledger-table'
import { CreditTierBadge } from '~/components/credit-tier'
import { Field, FormProblem, SelectField, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { EmptyState, PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { CommendationSchema, ViolationSchema } from '~/domain/credit/action-schemas'
import { commendationPointsBounds } from '~/domain/credit/credit'
import {
  recordCommendation,
  recordViolation,
  regulatorAgencyCredit,
  violationForRegulator,
} from '~/domain/credit/credit-actions.server'
import { organisationName } from '~/domain/organisations/names'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '机构信用 · Agency credit · 监管工作台' }]

/**
 * GET/POST /regulator/agencies/:id — one agency in the regulator's remit: its ledger, recording a
 * violation (from the list of negative behaviours) or a commendation. After a violation whose
 * behaviour proposes blacklisting (`?violation=<id>`), the page offers the listing, prefilled.
 */
export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const db = await getDb()
  const id = params.id ?? ''
  const page = await regulatorAgencyCredit(db, user, id)
  const violationId = new URL(request.url).searchParams.get('violation')
  const recorded = violationId ? await violationForRegulator(db, user, id, violationId) : null
  return { ...page, recorded }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const db = await getDb()
  const id = params.id ?? ''
  // Out of remit or unknown: 404 before the form is read.
  await regulatorAgencyCredit(db, user, id)
  return runIntents(request, {
    violation: intent({
      schema: ViolationSchema,
      run: (value) => recordViolation(db, user, id, value),
      done: ({ violationId }) =>
        redirectWithToast(`/regulator/agencies/${id}?violation=${violationId}`, {
          kind: 'success',
          messageKey: 'creditActions.regulator.violationRecorded',
        }),
    }),
    commendation: intent({
      schema: CommendationSchema,
      run: (value) => recordCommendation(db, user, id, value),
      done: () =>
        redirectWithToast(`/regulator/agencies/${id}`, {
          kind: 'success',
          messageKey: 'creditActions.regulator.commendationRecorded',
        }),
    }),
  })
})

/** The blacklist page's listing form, prefilled with the agency and the violation as the reason. */
function blacklistHref(agencyId: string, reason: string) {
  const query = new URLSearchParams({ agencyId, reason: reason.slice(0, 4000) })
  return `/regulator/blacklist?${query.toString()}`
}

export default function RegulatorAgencyCredit() {
  const { t, i18n } = useTranslation()
  const { agency, ledger, recorded } = useLoaderData<typeof loader>()
  const en = i18n.language === 'en'
  return (
    <>
      <p className="registry-back">
        <Link to="/regulator/agencies">← {t('creditActions.regulator.agenciesTitle')}</Link>
      </p>
      <PageHeader title={t('creditActions.regulator.agencyTitle', { name: organisationName(agency, i18n.language) })}>
        <CreditTierBadge tier={ledger.tier} score={ledger.score} />
      </PageHeader>
      {recorded ? (
        <section className="notice" aria-labelledby="violation-recorded" data-testid="violation-recorded">
          <h2 id="violation-recorded">{t('creditActions.regulator.recordedTitle')}</h2>
          <p>
            {t('creditActions.regulator.recordedText', {
              behaviour: en ? recorded.behaviour.nameEn : recorded.behaviour.nameZh,
              points: recorded.points,
              date: recorded.onDate,
            })}
          </p>
          {recorded.behaviour.proposesBlacklisting ? (
            <p>
              {t('creditActions.regulator.proposesBlacklisting')}{' '}
              <Link
                to={blacklistHref(agency.id, `${recorded.behaviour.nameZh}：${recorded.facts}`)}
                className="button"
                data-testid="propose-blacklisting"
              >
                {t('creditActions.regulator.listNow')}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="agency-ledger">
        <h2 id="agency-ledger">{t('credit.events')}</h2>
        <p className="muted">{t('credit.lead', { base: ledger.base })}</p>
        {ledger.events.length === 0 ? <EmptyState>{t('credit.noEvents')}</EmptyState> : <LedgerTable events={ledger.events} />}
      </section>
      <ViolationForm />
      <CommendationForm />
    </>
  )
}

function ViolationForm() {
  const { t, i18n } = useTranslation()
  const { behaviours, needs, today } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply('violation')
  const [form, fields] = useSchemaForm<{
    behaviourId: string
    facts: string
    onDate: string
    needId: string
    confirm: string
  }>(ViolationSchema, { id: 'violation', lastResult, defaultValue: { onDate: today } })
  const en = i18n.language === 'en'
  return (
    <section aria-labelledby="violation-form">
      <h2 id="violation-form">{t('creditActions.regulator.violationTitle')}</h2>
      <p className="hint">{t('creditActions.regulator.violationLead')}</p>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <input type="hidden" name="intent" value="violation" />
        <SelectField
          label={t('creditActions.behaviour')}
          meta={fields.behaviourId}
          placeholder={t('creditActions.regulator.chooseBehaviour')}
          options={behaviours.map((b) => ({
            value: b.id,
            label: `${en ? b.nameEn : b.nameZh}（${b.points}${b.proposesBlacklisting ? ` · ${t('creditActions.behaviours.proposesBlacklisting')}` : ''}）`,
          }))}
        />
        <TextareaField label={t('creditActions.facts')} meta={fields.facts} />
        <Field label={t('creditActions.onDate')} meta={fields.onDate} type="date" />
        <SelectField
          label={t('creditActions.need')}
          meta={fields.needId}
          placeholder={t('creditActions.regulator.noNeed')}
          options={needs.map((n) => ({ value: n.id, label: n.title }))}
        />
        <ConfirmField label={t('creditActions.confirm.violation')} errors={fields.confirm.errors} />
        <SubmitButton>{t('creditActions.regulator.recordViolation')}</SubmitButton>
      </Form>
    </section>
  )
}

function CommendationForm() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('commendation')
  const [form, fields] = useSchemaForm<{ reason: string; points: string; confirm: string }>(CommendationSchema, {
    id: 'commendation',
    lastResult,
  })
  return (
    <section aria-labelledby="commendation-form">
      <h2 id="commendation-form">{t('creditActions.regulator.commendationTitle')}</h2>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <input type="hidden" name="intent" value="commendation" />
        <TextareaField label={t('creditActions.reason')} meta={fields.reason} />
        <Field
          label={t('creditActions.points')}
          meta={fields.points}
          type="number"
          hint={t('creditActions.regulator.commendationPointsHint', commendationPointsBounds)}
        />
        <ConfirmField label={t('creditActions.confirm.commendation')} errors={fields.confirm.errors} />
        <SubmitButton>{t('creditActions.regulator.recordCommendation')}</SubmitButton>
      </Form>
    </section>
  )
}
