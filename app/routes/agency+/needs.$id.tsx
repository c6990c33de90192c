import { getFormProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { Field, SubmitButton, TextareaField } from '~/components/forms'
import { NoticeFacts } from '~/components/notice-facts'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { refusalOf, shanghaiMinute, type FormError } from '~/domain/agencies/agency-views.server'
import { Conflict, RuleViolation } from '~/domain/errors'
import { bidsForAgency, reviseBid, submitBid, withdrawBid } from '~/domain/needs/bids.server'
import { eligibilityFor, publicNotice } from '~/domain/needs/notices.server'
import { fenToYuan, yuanToFen } from '~/domain/needs/schemas'
import { optionalText, workingDays } from '~/domain/validation'
import { requirePermission } from '~/utils/auth.server'
import { formatFen } from '~/utils/format'
import { submitForm } from '~/utils/forms.server'
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
  return { notice, bids, open, ineligibleReason }
})

type Intent = 'submit' | 'revise' | 'withdraw'

function refused(intent: Intent, error: FormError, status: number) {
  return data({ intent, formError: { messageKey: error.messageKey, params: error.params } }, { status })
}

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const notice = await publicNotice(db, params.id ?? '')
  const page = `/agency/needs/${notice.id}`
  let form: FormData
  try {
    form = await request.clone().formData()
  } catch {
    throw errorResponse(400, 'errors.badRequest')
  }
  const intent = form.get('intent')
  const live = (await bidsForAgency(db, user, notice.id)).find((b) => b.status === 'live')

  if (intent === 'withdraw') {
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
    if (!outcome.ok) return outcome.response
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
  const { notice, bids, open, ineligibleReason } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const live = bids.find((b) => b.status === 'live') ?? null
  const formError = actionData && 'formError' in actionData ? actionData.formError : null
  const lastResult = actionData && 'result' in actionData ? actionData.result : undefined
  const [form, fields] = useSchemaForm<BidFields>(BidSchema, {
    id: 'bid',
    lastResult,
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
              <span className={`status status-${b.status}`}>{t(`directory.notices.agency.bidStatus.${b.status}`)}</span>{' '}
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

      <section aria-labelledby="bid-form">
        <h2 id="bid-form">{t('directory.notices.agency.bidTitle')}</h2>
        {!open ? (
          <p className="muted">{t('directory.notices.agency.closed')}</p>
        ) : ineligibleReason ? (
          <p role="alert" className="field-errors" data-testid="ineligible">
            {t('directory.notices.agency.ineligible', { reason: t(`agency.ineligible.${ineligibleReason}`) })}
          </p>
        ) : (
          <>
            <Form method="post" {...getFormProps(form)}>
              <FormErrorMessage
                error={actionData && 'intent' in actionData && actionData.intent !== 'withdraw' ? formError : null}
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
                  error={actionData && 'intent' in actionData && actionData.intent === 'withdraw' ? formError : null}
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
