import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { verifyDraw, type DrawTranscript, type DrawVerdict } from '~/domain/selection/draw'
import { organisationName } from '~/domain/organisations/names'
import { AgencyCreditTier } from '~/components/credit-tier'
import type { PublicCredit } from '~/domain/publicity/results.server'
import { publishedDraws } from '~/domain/selection/draws.server'
import { handle } from '~/utils/handler.server'
import { formatInstant } from '~/utils/format'

export const meta: MetaFunction = () => [{ title: '随机抽取验证 · Draw verification' }]

export const loader = handle(async ({ params }: LoaderFunctionArgs) => {
  return publishedDraws(await getDb(), params.needId ?? '')
})

type Check = { state: 'checking' } | { state: 'unsupported' } | { state: 'done'; verdict: DrawVerdict }

/** Re-runs the published algorithm in the browser (the same module the server used). */
function useBrowserVerification(transcript: DrawTranscript, publishedSeedHash: string | null): Check {
  const [check, setCheck] = useState<Check>({ state: 'checking' })
  useEffect(() => {
    if (!globalThis.crypto?.subtle) {
      setCheck({ state: 'unsupported' })
      return
    }
    let live = true
    verifyDraw(transcript, publishedSeedHash ?? undefined).then((verdict) => live && setCheck({ state: 'done', verdict }))
    return () => {
      live = false
    }
  }, [transcript, publishedSeedHash])
  return check
}

export default function DrawPage() {
  const { t, i18n } = useTranslation()
  const draws = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('draws.title')} lead={t('draws.lead')} />
      <dl className="facts">
        <div>
          <dt>{t('draws.need')}</dt>
          <dd>{draws.title}</dd>
        </div>
        <div>
          <dt>{t('draws.publishedSeedHash')}</dt>
          <dd className="mono" style={{ wordBreak: 'break-all' }}>
            {draws.publishedSeedHash ?? '—'}
          </dd>
        </div>
        <div>
          <dt>{t('draws.api')}</dt>
          <dd>
            <a href={`/api/v1/draws/${draws.needId}`}>/api/v1/draws/{draws.needId}</a>
          </dd>
        </div>
      </dl>
      {draws.rounds.map((r) => (
        <Round
          key={r.round}
          transcript={r.transcript as DrawTranscript}
          publishedSeedHash={draws.publishedSeedHash}
          agencies={draws.agencies}
          credit={r.credit}
          at={formatInstant(r.createdAt, i18n.language)}
        />
      ))}
      <p className="muted">
        {t('draws.algorithm')}: <span className="mono">im-draw-v1</span>
      </p>
    </>
  )
}

function Round({
  transcript,
  publishedSeedHash,
  agencies,
  credit,
  at,
}: {
  transcript: DrawTranscript
  publishedSeedHash: string | null
  agencies: Record<string, { name: string; nameEn: string }>
  credit: Record<string, PublicCredit>
  at: string
}) {
  const { t, i18n } = useTranslation()
  const check = useBrowserVerification(transcript, publishedSeedHash)
  return (
    <section className="card" aria-labelledby={`round-${transcript.round}`} style={{ marginBottom: '1rem' }}>
      <h2 id={`round-${transcript.round}`}>
        {t('draws.round', { round: transcript.round })} <span className="muted">{at}</span>
      </h2>
      <p role="status" data-testid="draw-verdict" className={check.state === 'done' && check.verdict.ok ? 'calc-result' : 'notice'}>
        {check.state === 'checking'
          ? t('draws.checking')
          : check.state === 'unsupported'
            ? t('draws.unsupported')
            : check.verdict.ok
              ? t('draws.verified')
              : t('draws.failed', { reason: check.verdict.reason, detail: check.verdict.detail })}
      </p>
      <dl className="facts">
        <div>
          <dt>{t('draws.seedHash')}</dt>
          <dd className="mono" style={{ wordBreak: 'break-all' }}>
            {transcript.seedHash}
          </dd>
        </div>
        <div>
          <dt>{t('draws.seed')}</dt>
          <dd className="mono" style={{ wordBreak: 'break-all' }}>
            {transcript.seed}
          </dd>
        </div>
        <div>
          <dt>{t('draws.winnerIndex')}</dt>
          <dd className="mono">{transcript.winnerIndex}</dd>
        </div>
      </dl>
      <h3>{t('draws.candidates')}</h3>
      <table className="table compact">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('draws.agency')}</th>
            <th>{t('draws.creditCode')}</th>
            <th>{t('credit.tier')}</th>
            <th>{t('draws.bidId')}</th>
            <th>{t('draws.winner')}</th>
          </tr>
        </thead>
        <tbody>
          {transcript.candidates.map((c, i) => (
            <tr key={c.agencyCreditCode}>
              <td className="mono">{i}</td>
              <td>{agencies[c.agencyCreditCode] ? organisationName(agencies[c.agencyCreditCode], i18n.language) : '—'}</td>
              <td className="mono">{c.agencyCreditCode}</td>
              <td>
                <AgencyCreditTier credit={credit[c.agencyCreditCode]} />
              </td>
              <td className="mono">{c.bidId}</td>
              <td>{i === transcript.winnerIndex ? '✓' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
