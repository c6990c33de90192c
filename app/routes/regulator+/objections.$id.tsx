import { getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { organisationName } from '~/domain/organisations/names'
import { getDb } from '#db/client.server'
import { ConfirmField } from '~/components/confirm-field'
import { FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { objectionForRegulator, ruleOnObjection } from '~/domain/publicity/objections.server'
import { RulingSchema } from '~/domain/publicity/schemas'
import { BackLink, Instant, RadioGroup } from '~/components/review/common'
import { requirePermission } from '~/utils/auth.server'
import { formatFen } from '~/utils/format'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '异议裁决 · Objection ruling · 监管工作台' }]

type RulingFields = { decision: string; reason: string; winnerAtFault: string; confirm: string }

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const view = await objectionForRegulator(await getDb(), user, params.id ?? '')
  const { objection: o } = view
  return {
    ...view,
    objection: {
      id: o.id,
      round: o.round,
      status: o.status,
      reason: o.reason,
      objectorName: o.objectorName,
      objectorNameEn: o.objectorNameEn,
      filedAt: iso(o.filedAt),
      rulingReason: o.rulingReason,
      winnerAtFault: o.winnerAtFault,
      ruledAt: iso(o.ruledAt),
      ruledByName: o.ruledByName,
    },
    round: view.round && { ...view.round, justifiedAt: iso(view.round.justifiedAt) },
  }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const db = await getDb()
  const id = params.id ?? ''
  // Out of remit or unknown: 404 before the form is read.
  await objectionForRegulator(db, user, id)
  return runIntents(request, {
    default: intent({
      schema: RulingSchema,
      run: (value) =>
        ruleOnObjection(db, user, id, { decision: value.decision, reason: value.reason, winnerAtFault: value.winnerAtFault === true }),
      done: () => redirectWithToast(`/regulator/objections/${id}`, { kind: 'success', messageKey: 'objections.regulator.ruled' }),
    }),
  })
})

export default function ObjectionPage() {
  const { t, i18n } = useTranslation()
  const { objection, need, round, winner, rulable } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<RulingFields>(RulingSchema, { id: 'ruling', lastResult })
  return (
    <>
      <BackLink to="/regulator/objections" label={t('objections.regulator.back')} />
      <PageHeader title={t('objections.regulator.title', { title: need.title })} />
      <section aria-labelledby="objection-facts">
        <h2 id="objection-facts">{t('objections.regulator.facts')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('objections.regulator.need')}</dt>
            <dd>
              <Link to={`/needs/${need.id}`}>{need.title}</Link> · {t(`terms.needState.${need.state}`)}
            </dd>
          </div>
          <div>
            <dt>{t('objections.regulator.round')}</dt>
            <dd className="num">{objection.round}</dd>
          </div>
          <div>
            <dt>{t('objections.regulator.winner')}</dt>
            <dd data-testid="objection-winner">{winner ? organisationName(winner, i18n.language) : '—'}</dd>
          </div>
          <div>
            <dt>{t('objections.regulator.quote')}</dt>
            <dd>{winner ? formatFen(winner.quoteFen, i18n.language) : '—'}</dd>
          </div>
          <div>
            <dt>{t('objections.regulator.publicityEndsOn')}</dt>
            <dd>{round?.publicityEndsOn ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('objections.regulator.objector')}</dt>
            <dd>{organisationName({ name: objection.objectorName, nameEn: objection.objectorNameEn }, i18n.language)}</dd>
          </div>
          <div>
            <dt>{t('objections.regulator.filedAt')}</dt>
            <dd>
              <Instant value={objection.filedAt} />
            </dd>
          </div>
          <div>
            <dt>{t('objections.regulator.decision')}</dt>
            <dd>
              <span className={`status status-${objection.status}`} data-testid="objection-status">
                {t(`terms.objectionStatus.${objection.status}`)}
              </span>
            </dd>
          </div>
        </dl>
        <h3>{t('objections.regulator.reason')}</h3>
        <p className="prewrap" data-testid="objection-reason">
          {objection.reason}
        </p>
        {round?.requiresJustification ? (
          <>
            <h3>{t('objections.regulator.justification')}</h3>
            {round.justification ? (
              <p className="prewrap">
                {round.justification} <span className="muted">(<Instant value={round.justifiedAt} />)</span>
              </p>
            ) : (
              <p className="muted">{t('objections.regulator.noJustification')}</p>
            )}
          </>
        ) : null}
      </section>

      <section aria-labelledby="objection-ruling">
        <h2 id="objection-ruling">{t('objections.regulator.rulingTitle')}</h2>
        {objection.rulingReason ? (
          <p data-testid="objection-ruling-reason">
            <strong>{t('objections.regulator.ruling')}</strong> (<Instant value={objection.ruledAt} />
            {objection.ruledByName ? ` · ${objection.ruledByName}` : ''}): {objection.rulingReason}
            {objection.winnerAtFault ? ` · ${t('objections.regulator.winnerAtFault')}` : ''}
          </p>
        ) : null}
        {rulable ? (
          <Form method="post" {...getFormProps(form)}>
            <FormProblem problem={formError} />
            <RadioGroup
              label={t('objections.regulator.decision')}
              meta={fields.decision}
              options={[
                { value: 'uphold', label: t('objections.regulator.uphold') },
                { value: 'reject', label: t('objections.regulator.reject') },
              ]}
            />
            <TextareaField label={t('objections.regulator.rulingReason')} meta={fields.reason} />
            <div className="field">
              <label className="checkbox">
                <input {...getInputProps(fields.winnerAtFault, { type: 'checkbox' })} key={fields.winnerAtFault.key} />
                {t('objections.regulator.winnerAtFault')}
              </label>
            </div>
            <ConfirmField label={t('confirm.ruling')} errors={fields.confirm.errors} />
            <SubmitButton>{t('objections.regulator.submit')}</SubmitButton>
          </Form>
        ) : null}
      </section>
    </>
  )
}
