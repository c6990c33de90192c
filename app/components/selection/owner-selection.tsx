import { getFormProps } from '@conform-to/react'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmField } from '~/components/confirm-field'
import { AgencyCreditTier } from '~/components/credit-tier'
import { ErrorList, FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { ProvisionalNote } from '~/components/provisional-note'
import { useSchemaForm } from '~/components/use-schema-form'
import { provisionalYearsBetween } from '~/domain/calendar/provisional'
import type { OwnerNeedForm } from '~/domain/needs/need-actions'
import { DirectPickSchema } from '~/domain/selection/schemas'
import type { OwnerBidsView } from '~/domain/selection/owner-selection.server'
import { organisationName } from '~/domain/organisations/names'
import { formatFen, formatList } from '~/utils/format'

type Unsealed = Extract<OwnerBidsView, { sealed: false }>

/**
 * Selection as the owner sees it (SPEC §4–5): the sealed count, then every bid, and the forms the
 * state machine allows — the direct pick, the choices after a failed round — and the result.
 */
export function OwnerSelection({
  selection,
  forms,
  provisionalYears,
}: {
  selection: OwnerBidsView | null
  forms: OwnerNeedForm[]
  provisionalYears: readonly number[]
}) {
  const { t } = useTranslation()
  if (!selection) return null
  if (selection.sealed) {
    return (
      <p className="hint" data-testid="bids-sealed">
        {selection.cancelledBids === undefined
          ? t('ownerSelection.sealed', { count: selection.liveBids })
          : t('ownerSelection.sealedCancelled', { count: selection.cancelledBids })}
      </p>
    )
  }
  return (
    <>
      <BidsTable view={selection} />
      {forms.includes('pick') ? <PickForm view={selection} /> : null}
      {forms.includes('repost') || forms.includes('switchToDirect') ? <FailedChoices view={selection} /> : null}
      <SelectedBid view={selection} provisionalYears={provisionalYears} />
    </>
  )
}

function BidsTable({ view }: { view: Unsealed }) {
  const { t, i18n } = useTranslation()
  const chosen = view.round?.chosenBidId ?? null
  return (
    <section aria-labelledby="owner-bids">
      <h2 id="owner-bids">{t('ownerSelection.bidsTitle')}</h2>
      <p>{t('ownerSelection.summary', { valid: view.validBidCount, min: view.minValidBids })}</p>
      {view.abnormalBelowFen !== null ? (
        <p className="hint" data-testid="abnormal-cutoff">
          {t('ownerSelection.abnormalBelow', { amount: formatFen(view.abnormalBelowFen, i18n.language) })}
        </p>
      ) : null}
      {view.bids.length === 0 ? (
        <p>{t('ownerSelection.noBids')}</p>
      ) : (
        <table className="table" data-testid="owner-bids">
          <thead>
            <tr>
              <th>{t('ownerSelection.agency')}</th>
              <th>{t('ownerSelection.quote')}</th>
              <th>{t('ownerSelection.days')}</th>
              <th>{t('ownerSelection.note')}</th>
              <th>{t('ownerSelection.status')}</th>
              <th>{t('ownerSelection.validity')}</th>
            </tr>
          </thead>
          <tbody>
            {view.bids.map((b) => (
              <tr key={b.bidId}>
                <td>
                  {organisationName({ name: b.agencyName, nameEn: b.agencyNameEn }, i18n.language)}{' '}
                  <AgencyCreditTier credit={b.credit} />
                  {b.bidId === chosen ? (
                    <span className="status status-awarded"> {t('ownerSelection.chosen')}</span>
                  ) : null}
                </td>
                <td className="mono">
                  {formatFen(b.quoteFen, i18n.language)}
                  {b.abnormallyLow ? (
                    <span className="status status-failed" data-testid="abnormally-low">
                      {' '}
                      {t('ownerSelection.abnormallyLow')}
                    </span>
                  ) : null}
                </td>
                <td>{b.committedDays}</td>
                <td>{b.note}</td>
                <td>
                  {t(`terms.bidStatus.${b.status}`)}
                  {b.status === 'disqualified' && b.statusReason
                    ? ` · ${t(`results.disqualifiedOnly.${b.statusReason}`, { defaultValue: t('results.disqualifiedOnly.other') })}`
                    : null}
                </td>
                <td>
                  {b.status !== 'live'
                    ? '—'
                    : b.ineligibleReason
                      ? t(`terms.ineligible.${b.ineligibleReason}`)
                      : b.valid
                        ? t('ownerSelection.valid')
                        : `${t('ownerSelection.invalid')}: ${formatList(
                            b.invalidReasons.map((r) => t(`terms.invalidReason.${r}`)),
                            i18n.language,
                          )}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function PickForm({ view }: { view: Unsealed }) {
  const { t, i18n } = useTranslation()
  const { lastResult, formError } = useIntentReply('pick')
  const [form, fields] = useSchemaForm<{ bidId: string; reason: string; confirm: string }>(DirectPickSchema, {
    id: 'owner-pick',
    lastResult,
  })
  const candidates = view.bids.filter((b) => view.candidateBidIds.includes(b.bidId))
  return (
    <section aria-labelledby="owner-pick-title">
      <h2 id="owner-pick-title">{t('ownerSelection.pickTitle')}</h2>
      {candidates.length === 0 ? (
        <p>{t('ownerSelection.noCandidates')}</p>
      ) : (
        <Form method="post" className="admin-form" {...getFormProps(form)}>
          <p className="hint">{t('ownerSelection.pickLead')}</p>
          <FormProblem problem={formError} />
          <fieldset className="field" aria-describedby={fields.bidId.errors ? fields.bidId.errorId : undefined}>
            <legend>{t('ownerSelection.pickBid')}</legend>
            {candidates.map((b) => (
              <label key={b.bidId} className="checkbox">
                <input
                  type="radio"
                  name={fields.bidId.name}
                  value={b.bidId}
                  defaultChecked={fields.bidId.initialValue === b.bidId}
                  key={`${fields.bidId.key ?? ''}-${b.bidId}`}
                />
                {organisationName({ name: b.agencyName, nameEn: b.agencyNameEn }, i18n.language)}{' '}
                <AgencyCreditTier credit={b.credit} /> ·{' '}
                {formatFen(b.quoteFen, i18n.language)} · {b.committedDays}
                {b.abnormallyLow ? ` · ${t('ownerSelection.abnormallyLow')}` : null}
              </label>
            ))}
            <ErrorList id={fields.bidId.errorId} errors={fields.bidId.errors} />
          </fieldset>
          <TextareaField label={t('ownerSelection.pickReason')} meta={fields.reason} />
          <ConfirmField label={t('confirm.pick')} errors={fields.confirm.errors} />
          <SubmitButton name="intent" value="pick">
            {t('ownerSelection.pickSubmit')}
          </SubmitButton>
        </Form>
      )}
    </section>
  )
}

function FailedChoices({ view }: { view: Unsealed }) {
  const { t } = useTranslation()
  const reposted = useIntentReply('repost')
  const switched = useIntentReply('switchToDirect')
  const { repost, switchToDirect: sw } = view
  return (
    <section aria-labelledby="owner-failed">
      <h2 id="owner-failed">
        {repost?.after === 'terminated' ? t('contractSigning.ended.title') : t('ownerSelection.failedTitle')}
      </h2>
      {repost?.after === 'terminated' ? <p className="hint">{t('contractSigning.ended.repostHint')}</p> : null}
      <FormProblem problem={reposted.formError} />
      <FormProblem problem={switched.formError} />
      {repost?.repostedAs ? (
        <p>
          {t('ownerSelection.repostedAs')}
          <Link to={`/owner/needs/${repost.repostedAs}`}>{repost.repostedAs}</Link>
        </p>
      ) : null}
      {repost?.allowed ? (
        <Form method="post" className="inline-form">
          <SubmitButton name="intent" value="repost">
            {t('ownerSelection.repost')}
          </SubmitButton>
        </Form>
      ) : repost?.refusal && !repost.repostedAs ? (
        <p className="hint" data-testid="repost-refused">
          {t(`ownerSelection.refusals.${repost.refusal}`)}
        </p>
      ) : null}
      {sw?.allowed ? (
        <Form method="post" className="inline-form">
          <ConfirmField label={t('confirm.switchToDirect')} errors={switched.lastResult?.error?.confirm} />
          <SubmitButton name="intent" value="switchToDirect">
            {t('ownerSelection.switch')}
          </SubmitButton>
        </Form>
      ) : sw?.refusal ? (
        <p className="hint" data-testid="switch-refused">
          {t('ownerSelection.switch')}: {t(`ownerSelection.refusals.${sw.refusal}`, sw.params)}
        </p>
      ) : null}
    </section>
  )
}

/** The selected bid, the published reason and the end of publicity, once a round has a result. */
function SelectedBid({ view, provisionalYears }: { view: Unsealed; provisionalYears: readonly number[] }) {
  const { t, i18n } = useTranslation()
  const round = view.round
  const bid = round?.chosenBidId ? view.bids.find((b) => b.bidId === round.chosenBidId) : undefined
  if (!round?.chosenBidId) return null
  return (
    <section aria-labelledby="owner-result">
      <h2 id="owner-result">{t('ownerSelection.resultTitle')}</h2>
      <dl className="facts" data-testid="selection-result">
        {bid ? (
          <div>
            <dt>{t('ownerSelection.chosen')}</dt>
            <dd>
              {organisationName({ name: bid.agencyName, nameEn: bid.agencyNameEn }, i18n.language)}{' '}
              <AgencyCreditTier credit={bid.credit} /> ·{' '}
              {formatFen(bid.quoteFen, i18n.language)} · {bid.committedDays}
            </dd>
          </div>
        ) : null}
        {round.reason ? (
          <div>
            <dt>{t('ownerSelection.resultReason')}</dt>
            <dd>{round.reason}</dd>
          </div>
        ) : null}
        {round.publicityEndsOn ? (
          <div>
            <dt>{t('ownerSelection.publicityEndsOn')}</dt>
            <dd>
              <span className="mono">{round.publicityEndsOn}</span>
              <ProvisionalNote years={provisionalYearsBetween(provisionalYears, round.publicityEndsOn)} />
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  )
}
