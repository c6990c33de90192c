import { getFormProps, type Submission, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { ConfirmField } from '~/components/confirm-field'
import { Field, SubmitButton, TextareaField } from '~/components/forms'
import { BidderOutcomeSection } from '~/components/needs/bidder-outcome'
import { NoticeFacts } from '~/components/notice-facts'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { refusalOf, shanghaiMinute, type FormError } from '~/domain/agencies/agency-views.server'
import { Conflict, RuleViolation } from '~/domain/errors'
import { outcomeForBidder } from '~/domain/bidding/bidder-outcome.server'
import { bidsForAgency, reviseBid, submitBid, withdrawBid } from '~/domain/bidding/bids.server'
import { attachJustification, fileObjection, objectionsForAgency } from '~/domain/publicity/objections.server'
import { eligibilityFor, publicNotice } from '~/domain/needs/notices.server'
import { fenToYuan, yuanToFen } from '~/domain/needs/schemas'
import { confirmation, optionalText, publishedReason, requiredText, workingDays } from '~/domain/validation'
import { requirePermission } from '~/utils/auth.server'
import { formatFen } from '~/utils/format'
import { readForm, submitForm } from '~/utils/forms.server'
import { errorResponse, handle } from '~/utils/handler.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '报名报价 · Bid · 机构工作台' }]

/** The bid form: the quote in yuan (converted exactly to fen), committed days C, note and team. */
const BidSchema = z.object({
  quote: z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, 'validation.required')
    .refine((v) => (yuanToFen(v) ?? 0) > 0, 'needs.validation.money'),
  committedDays: workingDays(1, 365),
  note: optionalText(2000),
  team: optionalText(2000),
})
type BidFields = { quote: string; committedDays: string; note: string; team: string }

/** An objection during publicity: the grounds, in writing (published to the owner and the regulator), confirmed: one per round. */
const ObjectionSchema = z.object({
  reason: publishedReason(4000, { required: 'objections.validation.reasonRequired' }),
  confirm: confirmation(),
})
/** Withdrawing the live bid cannot be undone: confirmed in the same form. */
const WithdrawSchema = z.object({ confirm: confirmation() })
/** The flagged winner's cost justification (成本说明). */
const JustificationSchema = z.object({
  text: requiredText(8000, { required: 'objections.validation.textRequired' }),
})

/** The public notice, the agency's own bids with their history and its eligibility — nothing of any other bid. */
export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const notice = await publicNotice(db, params.id ?? '')
  const own = await bidsForAgency(db, user, notice.id)
  const open = notice.state === 'open'
  const ineligibleReason = open ? await eligibilityFor(db, user.organisationId, notice.id) : null
  const bids = own.map((b) => ({
    id: b.id,
    status: b.status,
    quoteFen: b.quoteFen,
    committedDays: b.committedDays,
    note: b.note,
    team: b.team,
    revision: b.revision,
    updatedAt: shanghaiMinute(b.updatedAt),
    revisions: b.revisions.map((r) => ({
      revision: r.revision,
      quoteFen: r.quoteFen,
      committedDays: r.committedDays,
      note: r.note,
      team: r.team,
      at: shanghaiMinute(r.at),
    })),
  }))
  const o = await objectionsForAgency(db, user, notice.id)
  const objections = {
    ...o,
    own: o.own.map((x) => ({ ...x, filedAt: shanghaiMinute(x.filedAt), ruledAt: shanghaiMinute(x.ruledAt) })),
    justification: o.justification && { ...o.justification, attachedAt: shanghaiMinute(o.justification.attachedAt) },
  }
  // A bidder that was not selected: who was, once the public may see the result.
  const outcome = await outcomeForBidder(db, user, notice.id)
  return { notice, bids, open, ineligibleReason, objections, outcome }
})

type Intent = 'submit' | 'revise' | 'withdraw' | 'object' | 'justify'

function refused(intent: Intent, error: FormError, status: number) {
  return data({ intent, formError: { messageKey: error.messageKey, params: error.params } }, { status })
}

/**
 * An objection or a justification: bad input first (400, the typed text comes back, nothing
 * written); then the rules of publicity (409 with the reason); another role or someone else's
 * need is 403/404 from the domain and propagates.
 */
async function publicityAction<T>(
  intent: 'object' | 'justify',
  submission: Submission<T>,
  page: string,
  successKey: string,
  run: (value: T) => Promise<unknown>,
) {
  if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
  try {
    await run(submission.value)
  } catch (error) {
    if (error instanceof RuleViolation && error.field) {
      const fieldErrors = { [error.field]: [error.messageKey] }
      return data({ intent, result: submission.reply({ fieldErrors }) }, { status: 400 })
    }
    const refusal = refusalOf(error)
    if (!refusal) throw error
    return data(
      {
        intent,
        result: submission.reply({ formErrors: [refusal.messageKey] }),
        formError: { messageKey: refusal.messageKey, params: refusal.params },
      },
      { status: refusal.status },
    )
  }
  return redirectWithToast(page, { kind: 'success', messageKey: successKey })
}

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const notice = await publicNotice(db, params.id ?? '')
  const page = `/agency/needs/${notice.id}`
  const form = await readForm(request.clone())
  const intent = form.get('intent')
  const live = (await bidsForAgency(db, user, notice.id)).find((b) => b.status === 'live')

  if (intent === 'withdraw') {
    const submission = parseWithZod(form, { schema: WithdrawSchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    try {
      if (!live) throw new Conflict('needs.bids.errors.notLive')
      await withdrawBid(db, user, live.id)
    } catch (error) {
      const refusal = refusalOf(error)
      if (refusal) return refused(intent, refusal, refusal.status)
      throw error
    }
    return redirectWithToast(page, { kind: 'success', messageKey: 'directory.notices.agency.withdrawn' })
  }

  if (intent === 'object') {
    const submission = parseWithZod(form, { schema: ObjectionSchema })
    return publicityAction(intent, submission, page, 'objections.agency.filed', (value) =>
      fileObjection(db, user, notice.id, value),
    )
  }
  if (intent === 'justify') {
    const submission = parseWithZod(form, { schema: JustificationSchema })
    return publicityAction(intent, submission, page, 'objections.justification.attached', (value) =>
      attachJustification(db, user, notice.id, value),
    )
  }

  if (intent === 'submit' || intent === 'revise') {
    const outcome = await submitForm(request, BidSchema, async (value) => {
      const input = {
        quoteFen: yuanToFen(value.quote) ?? 0,
        committedDays: value.committedDays,
        note: value.note,
        team: value.team,
      }
      try {
        if (intent === 'revise') {
          if (!live) throw new Conflict('needs.bids.errors.notLive')
          await reviseBid(db, user, live.id, input)
        } else {
          await submitBid(db, user, notice.id, input)
        }
        return null
      } catch (error) {
        // Rules on a field (ceiling, C ≤ S) become field errors on the form's own field names.
        if (error instanceof RuleViolation && error.field) {
          throw new RuleViolation(error.messageKey, error.params, error.field === 'quoteFen' ? 'quote' : error.field)
        }
        const refusal = refusalOf(error)
        if (refusal) return refusal
        throw error
      }
    })
    // Say which form the field errors belong to: without the intent the page drops them (the
    // ceiling and C ≤ S refusals, known only on the server, showed nothing).
    if (!outcome.ok) return data({ intent, ...outcome.response.data }, outcome.response.init ?? undefined)
    const refusal = outcome.value
    if (refusal) {
      // Late, not eligible (with the reason), already bid…: nothing was written; keep what was typed.
      const result = parseWithZod(form, { schema: BidSchema }).reply({ formErrors: [refusal.messageKey] })
      return data(
        { intent, result, formError: { messageKey: refusal.messageKey, params: refusal.params } },
        { status: refusal.status },
      )
    }
    return redirectWithToast(page, {
      kind: 'success',
      messageKey: intent === 'submit' ? 'directory.notices.agency.submitted' : 'directory.notices.agency.revised',
    })
  }

  throw errorResponse(400, 'errors.badRequest')
})

function FormErrorMessage({ error }: { error: FormError | null }) {
  const { t } = useTranslation()
  if (!error) return null
  return (
    <p role="alert" className="field-errors registry-form-error">
      {t(error.messageKey, error.params)}
    </p>
  )
}

export default function AgencyNeedPage() {
  const { t, i18n } = useTranslation()
  const { notice, bids, open, ineligibleReason, objections, outcome } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const live = bids.find((b) => b.status === 'live') ?? null
  const formError = actionData && 'formError' in actionData ? actionData.formError : null
  const lastResult = actionData && 'result' in actionData ? (actionData.result as SubmissionResult<string[]>) : undefined
  const intent = actionData && 'intent' in actionData ? actionData.intent : null
  const [form, fields] = useSchemaForm<BidFields>(BidSchema, {
    id: 'bid',
    lastResult: intent === 'submit' || intent === 'revise' ? lastResult : undefined,
    defaultValue: live
      ? { quote: fenToYuan(live.quoteFen), committedDays: String(live.committedDays), note: live.note, team: live.team }
      : undefined,
  })
  const money = (fen: number) => formatFen(fen, i18n.language)
  return (
    <>
      <p className="registry-back">
        <Link to="/agency/needs">← {t('directory.notices.agency.back')}</Link>
      </p>
      <PageHeader title={notice.title} />
      <NoticeFacts notice={notice} />
      {notice.drawUrl ? (
        <p>
          <Link to={notice.drawUrl}>{t('directory.notices.detail.draw')}</Link>
        </p>
      ) : null}

      <section aria-labelledby="own-bids">
        <h2 id="own-bids">{t('directory.notices.agency.ownBid')}</h2>
        {bids.length === 0 ? <p className="muted">{t('directory.notices.agency.noBid')}</p> : null}
        {bids.map((b) => (
          <div key={b.id} data-testid="own-bid">
            <p>
              <span className={`status status-${b.status}`}>{t(`terms.bidStatus.${b.status}`)}</span>{' '}
              {t('directory.notices.agency.bidSummary', {
                quote: money(b.quoteFen),
                days: b.committedDays,
                revision: b.revision,
              })}
            </p>
            {b.revisions.length ? (
              <table className="table">
                <caption>{t('directory.notices.agency.history')}</caption>
                <thead>
                  <tr>
                    <th>{t('directory.notices.agency.revision', { revision: '#' })}</th>
                    <th>{t('directory.notices.agency.quote')}</th>
                    <th>{t('directory.notices.agency.committedDays')}</th>
                    <th>{t('directory.notices.agency.at')}</th>
                  </tr>
                </thead>
                <tbody>
                  {b.revisions.map((r) => (
                    <tr key={r.revision}>
                      <td>{t('directory.notices.agency.revision', { revision: r.revision })}</td>
                      <td>{money(r.quoteFen)}</td>
                      <td>{r.committedDays}</td>
                      <td>{r.at}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ))}
      </section>

      <BidderOutcomeSection outcome={outcome} />
      <ObjectionSection
        objections={objections}
        lastResult={intent === 'object' ? lastResult : undefined}
        formError={intent === 'object' ? formError : null}
      />
      <JustificationSection
        justification={objections.justification}
        endsOn={objections.publicityEndsOn}
        lastResult={intent === 'justify' ? lastResult : undefined}
        formError={intent === 'justify' ? formError : null}
      />

      <section aria-labelledby="bid-form">
        <h2 id="bid-form">{t('directory.notices.agency.bidTitle')}</h2>
        {!open ? (
          <p className="muted">{t('directory.notices.agency.closed')}</p>
        ) : ineligibleReason ? (
          <p role="alert" className="field-errors" data-testid="ineligible">
            {t('directory.notices.agency.ineligible', { reason: t(`terms.ineligible.${ineligibleReason}`) })}
          </p>
        ) : (
          <>
            <Form method="post" {...getFormProps(form)}>
              <FormErrorMessage
                error={intent === 'submit' || intent === 'revise' ? formError : null}
              />
              <Field
                label={t('directory.notices.agency.quote')}
                meta={fields.quote}
                hint={t('directory.notices.agency.quoteHint')}
              />
              <Field label={t('directory.notices.agency.committedDays')} meta={fields.committedDays} type="number" />
              <TextareaField label={t('directory.notices.agency.note')} meta={fields.note} />
              <TextareaField label={t('directory.notices.agency.team')} meta={fields.team} />
              <SubmitButton name="intent" value={live ? 'revise' : 'submit'}>
                {live ? t('directory.notices.agency.revise') : t('directory.notices.agency.submit')}
              </SubmitButton>
            </Form>
            {live ? (
              <Form method="post">
                <FormErrorMessage
                  error={intent === 'withdraw' ? formError : null}
                />
                <ConfirmField
                  label={t('confirm.withdrawBid')}
                  errors={intent === 'withdraw' ? lastResult?.error?.confirm : null}
                />
                <SubmitButton name="intent" value="withdraw">
                  {t('directory.notices.agency.withdraw')}
                </SubmitButton>
              </Form>
            ) : null}
          </>
        )}
      </section>
    </>
  )
}

type AgencyObjections = ReturnType<typeof useLoaderData<typeof loader>>['objections']

/** The agency's objections on this need (every round, with rulings) and, when it may, the form. */
function ObjectionSection({
  objections,
  lastResult,
  formError,
}: {
  objections: AgencyObjections
  lastResult: SubmissionResult<string[]> | undefined
  formError: FormError | null
}) {
  const { t } = useTranslation()
  const [form, fields] = useSchemaForm<{ reason: string; confirm: string }>(ObjectionSchema, { id: 'objection', lastResult })
  const { own, canObject, isWinner, publicityEndsOn } = objections
  if (!canObject && own.length === 0 && !(isWinner && publicityEndsOn)) return null
  return (
    <section aria-labelledby="objection-title" data-testid="objection-section">
      <h2 id="objection-title">{t('objections.agency.title')}</h2>
      {own.length ? (
        <>
          <h3>{t('objections.agency.yours')}</h3>
          <ul className="objection-list">
            {own.map((o) => (
              <li key={o.id} data-testid="own-objection">
                <p>
                  <span className={`status status-${o.status}`}>{t(`terms.objectionStatus.${o.status}`)}</span>{' '}
                  {t('objections.agency.filedAt')} {o.filedAt} · {t('objections.regulator.round')} {o.round}
                </p>
                <p className="prewrap">{o.reason}</p>
                {o.rulingReason ? (
                  <p>
                    <strong>{t('objections.agency.ruling')}</strong> ({o.ruledAt}): {o.rulingReason}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {isWinner ? <p className="muted">{t('objections.agency.winnerNote')}</p> : null}
      {canObject && publicityEndsOn ? (
        <Form method="post" {...getFormProps(form)}>
          <p>{t('objections.agency.lead', { endsOn: publicityEndsOn })}</p>
          <FormErrorMessage error={formError} />
          <TextareaField label={t('objections.agency.reason')} meta={fields.reason} />
          <p className="muted">{t('objections.agency.reasonHint')}</p>
          <ConfirmField label={t('confirm.fileObjection')} errors={fields.confirm.errors} />
          <SubmitButton name="intent" value="object">
            {t('objections.agency.submit')}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  )
}

/** The flagged lowest-price winner's cost justification: what it attached and, during publicity, the form. */
function JustificationSection({
  justification,
  endsOn,
  lastResult,
  formError,
}: {
  justification: AgencyObjections['justification']
  endsOn: string | null
  lastResult: SubmissionResult<string[]> | undefined
  formError: FormError | null
}) {
  const { t } = useTranslation()
  const [form, fields] = useSchemaForm<{ text: string }>(JustificationSchema, {
    id: 'justification',
    lastResult,
    defaultValue: justification?.text ? { text: justification.text } : undefined,
  })
  if (!justification) return null
  return (
    <section aria-labelledby="justification-title" data-testid="justification-section">
      <h2 id="justification-title">{t('objections.justification.title')}</h2>
      {justification.text ? (
        <p data-testid="justification-attached">
          {t('objections.justification.attached')} {t('objections.justification.attachedAt')} {justification.attachedAt}
        </p>
      ) : (
        <p className="muted">{t('objections.justification.none')}</p>
      )}
      {justification.canAttach && endsOn ? (
        <Form method="post" {...getFormProps(form)}>
          <p>{t('objections.justification.lead', { endsOn })}</p>
          <FormErrorMessage error={formError} />
          <TextareaField label={t('objections.justification.text')} meta={fields.text} />
          <SubmitButton name="intent" value="justify">
            {t('objections.justification.submit')}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  )
}
