import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { BidCommitments } from '~/components/bid-commitments'
import { PublicContractSection } from '~/components/contracts/public-contract'
import { NoticeFacts } from '~/components/notice-facts'
import { ProvisionalDate, ProvisionalYears } from '~/components/provisional-note'
import { PageHeader } from '~/components/page-header'
import { publicContract } from '~/domain/contracts/public-contract.server'
import { publicNotice } from '~/domain/needs/notices.server'
import { publicResult, type PublicResult, type PublicRound } from '~/domain/publicity/results.server'
import { needLog } from '~/domain/transparency/need-log.server'
import { NoticeLogSection } from '~/components/transparency/notice-log'
import { organisationName } from '~/domain/organisations/names'
import { AgencyCreditTier } from '~/components/credit-tier'
import { formatFen, formatInstant, formatList } from '~/utils/format'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '采购公告 · Notice' }]

/**
 * GET /needs/:id — the public notice and, once the window has closed, the result (公示): public
 * fields only; while the window is open no bid nor their number; drafts are 404. Below, the
 * notice's events in the transparency log, each linked to its leaf, and the browser check.
 */
export const loader = handle(async ({ params }: LoaderFunctionArgs) => {
  const db = await getDb()
  const id = params.id ?? ''
  const notice = await publicNotice(db, id)
  // Once awarded: the public contract summary (never the contract text nor a report).
  return {
    notice,
    result: await publicResult(db, id),
    contract: await publicContract(db, notice.id),
    log: await needLog(db, notice.id),
  }
})

export default function NoticePage() {
  const { t } = useTranslation()
  const { notice, result, contract, log } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="registry-back">
        <Link to="/needs">← {t('directory.notices.detail.back')}</Link>
      </p>
      <PageHeader title={notice.title} />
      <p>
        <span className={`status status-${notice.state}`}>{t(`terms.needState.${notice.state}`)}</span>
      </p>
      <NoticeFacts notice={notice} />
      {notice.state === 'open' ? <p className="muted">{t('directory.notices.detail.sealed')}</p> : null}
      {notice.drawUrl ? (
        <p>
          <Link to={notice.drawUrl}>{t('directory.notices.detail.draw')}</Link>
        </p>
      ) : null}
      {result ? (
        <ProvisionalYears years={notice.calendarProvisionalYears}>
          <ResultSection result={result} />
        </ProvisionalYears>
      ) : null}
      {contract ? <PublicContractSection contract={contract} provisionalYears={notice.calendarProvisionalYears} /> : null}
      <NoticeLogSection log={log} />
    </>
  )
}

function ResultSection({ result }: { result: PublicResult }) {
  const { t, i18n } = useTranslation()
  const [current, ...earlier] = result.rounds
  return (
    <section aria-labelledby="result-title" data-testid="need-result">
      <h2 id="result-title">{t('results.title')}</h2>
      {result.cancelReason ? (
        <p>
          {t('results.cancelReason')}: {result.cancelReason}
        </p>
      ) : null}
      {result.state === 'cancelled' ? (
        <p className="muted" data-testid="bids-not-published">
          {t('results.cancelledSealed')}
        </p>
      ) : null}
      {result.awardedAt ? (
        <p>
          {t('results.awardedAt')}: {formatInstant(result.awardedAt, i18n.language)}
        </p>
      ) : null}
      {current ? (
        <Round round={current} />
      ) : result.state === 'evaluating' ? (
        <p className="muted">{t('results.noneYet')}</p>
      ) : null}
      {earlier.length ? (
        <>
          <h3>{t('results.earlierRounds')}</h3>
          {earlier.map((r) => (
            <Round key={r.round} round={r} />
          ))}
        </>
      ) : null}
      <BidCommitments commitments={result.commitments} />
    </section>
  )
}

function Round({ round }: { round: PublicRound }) {
  const { t, i18n } = useTranslation()
  const fen = (amount: number) => formatFen(amount, i18n.language)
  const points = (hundredths: number) => (hundredths / 100).toFixed(2)
  return (
    <article className="card" data-testid={`result-round-${round.round}`} style={{ marginBottom: '1rem' }}>
      <h3>
        {t('results.round', { round: round.round })} · {t(`terms.method.${round.method}`)} ·{' '}
        {t(`results.outcome.${round.outcome}`, { defaultValue: round.outcome })}
      </h3>
      <dl className="facts">
        <div>
          <dt>{t('results.decidedAt')}</dt>
          <dd>{formatInstant(round.decidedAt, i18n.language)}</dd>
        </div>
        {round.winner ? (
          <>
            <div>
              <dt>{t('results.winner')}</dt>
              <dd data-testid="result-winner">
                {organisationName({ name: round.winner.agencyName, nameEn: round.winner.agencyNameEn }, i18n.language)} <span className="muted mono">{round.winner.creditCode}</span>{' '}
                <AgencyCreditTier credit={round.winner.credit} />
              </dd>
            </div>
            <div>
              <dt>{t('results.quote')}</dt>
              <dd>
                {fen(round.winner.quoteFen)}{' '}
                {round.winner.abnormallyLow ? (
                  <span className="status status-abnormal">{t('results.abnormallyLow')}</span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>{t('results.days')}</dt>
              <dd>{t('results.daysValue', { count: round.winner.committedDays })}</dd>
            </div>
          </>
        ) : null}
        {round.publicityEndsOn ? (
          <div>
            <dt>{t('results.publicityEndsOn')}</dt>
            <dd>
              <span className="mono">{round.publicityEndsOn}</span>
              <ProvisionalDate dates={[round.publicityEndsOn]} />
            </dd>
          </div>
        ) : null}
        {round.ownerReason ? (
          <div>
            <dt>{t('results.ownerReason')}</dt>
            <dd>{round.ownerReason}</dd>
          </div>
        ) : null}
      </dl>
      {round.winnerDisqualified ? (
        <p className="notice" role="status">
          {/* "re-selected" only once a later round exists (issue 12) */}
          {t(
            `results.${round.winnerDisqualified.redone ? 'disqualified' : 'disqualifiedOnly'}.${round.winnerDisqualified.reason}`,
            {
              defaultValue: t('results.disqualified.other'),
            },
          )}
        </p>
      ) : null}
      <p>
        {t(round.outcome === 'failed' ? 'results.failed' : 'results.validCount', {
          count: round.validBidCount,
          valid: round.validBidCount,
          min: round.minValidBids,
        })}
      </p>
      {round.abnormalBelowFen !== null ? <p className="muted">{t('results.abnormalBelow', { amount: fen(round.abnormalBelowFen) })}</p> : null}
      {round.justification.required ? (
        <div data-testid="result-justification">
          <p>{t('results.justification.required')}</p>
          {round.justification.text ? (
            <blockquote>
              <p className="muted">
                {t('results.justification.attached', {
                  at: round.justification.attachedAt ? formatInstant(round.justification.attachedAt, i18n.language) : '',
                })}
              </p>
              <p>{round.justification.text}</p>
            </blockquote>
          ) : (
            <p className="muted">{t('results.justification.missing')}</p>
          )}
        </div>
      ) : null}
      {round.quotes ? (
        <>
          <h4>{round.method === 'comprehensive' ? t('results.scoreTitle') : t('results.quotesTitle')}</h4>
          <table className="table compact" data-testid="result-quotes">
            <thead>
              <tr>
                <th>{t('results.rank')}</th>
                <th>{t('results.agency')}</th>
                <th>{t('results.quote')}</th>
                <th>{t('results.days')}</th>
                {round.method === 'comprehensive' ? (
                  <>
                    <th>{t('results.score.price')}</th>
                    <th>{t('results.score.credit')}</th>
                    <th>{t('results.score.rating')}</th>
                    <th>{t('results.score.days')}</th>
                    <th>{t('results.score.total')}</th>
                  </>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {round.quotes.map((q) => (
                <tr key={q.creditCode}>
                  <td>{q.rank ?? '—'}</td>
                  <td>
                    {organisationName({ name: q.agencyName, nameEn: q.agencyNameEn }, i18n.language)} <span className="muted mono">{q.creditCode}</span>{' '}
                    <AgencyCreditTier credit={q.credit} />{' '}
                    {q.chosen ? <span className="status status-active">{t('results.chosen')}</span> : null}
                  </td>
                  <td>
                    {fen(q.quoteFen)}{' '}
                    {q.abnormallyLow ? <span className="status status-abnormal">{t('results.abnormallyLow')}</span> : null}
                  </td>
                  <td>{q.committedDays}</td>
                  {q.score ? (
                    <>
                      <td>{points(q.score.price)}</td>
                      <td>
                        {points(q.score.credit)}
                        {q.score.creditDefaulted ? (
                          <div className="muted">{t('results.score.creditDefaulted', { value: q.score.creditScoreUsed })}</div>
                        ) : (
                          <div className="muted" data-testid="credit-score-used">
                            {t('credit.scoreUsed', { value: q.score.creditScoreUsed })}
                          </div>
                        )}
                      </td>
                      <td>
                        {points(q.score.rating)}
                        {q.score.ratingDefaulted ? (
                          <div className="muted">
                            {t('results.score.ratingDefaulted', { value: (q.score.ratingHundredthsUsed / 100).toFixed(2) })}
                          </div>
                        ) : (
                          <div className="muted" data-testid="rating-used">
                            {t('credit.ratingUsed', { value: (q.score.ratingHundredthsUsed / 100).toFixed(2) })}
                          </div>
                        )}
                      </td>
                      <td>{points(q.score.days)}</td>
                      <td>
                        <strong>{points(q.score.total)}</strong>
                      </td>
                    </>
                  ) : round.method === 'comprehensive' ? (
                    <td colSpan={5}>—</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {round.draw ? (
        <>
          <p className="muted">
            {t('results.candidates')}:
          </p>
          <ul data-testid="draw-candidates">
            {round.draw.candidates.map((c) => (
              <li key={c.creditCode}>
                {organisationName({ name: c.agencyName, nameEn: c.agencyNameEn }, i18n.language)} <span className="muted mono">{c.creditCode}</span>{' '}
                <AgencyCreditTier credit={c.credit} />
              </li>
            ))}
          </ul>
          <p>
            <Link to={round.draw.url}>{t('results.draw')}</Link>
          </p>
        </>
      ) : null}
      {round.excluded.length ? (
        <>
          <h4>{t('results.excludedTitle')}</h4>
          <ul data-testid="result-excluded">
            {round.excluded.map((e) => (
              <li key={`${e.kind}-${e.creditCode}`}>
                {organisationName({ name: e.agencyName, nameEn: e.agencyNameEn }, i18n.language)} <span className="muted mono">{e.creditCode}</span>{' '}
                <AgencyCreditTier credit={e.credit} /> — {t('results.excludedReason')}:{' '}
                {formatList(
                  e.reasons.map((r) =>
                    e.kind === 'ineligible'
                      ? t(`terms.ineligible.${r}`, { defaultValue: r })
                      : t(`terms.invalidReason.${r}`, { defaultValue: r }),
                  ),
                  i18n.language,
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {round.outcome !== 'failed' ? <p className="muted">{t('results.objections', round.objections)}</p> : null}
    </article>
  )
}
