import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { NotFound } from '~/domain/errors'
import { publicNeed } from '~/domain/needs/needs.server'
import {
  CheckFailed,
  runChecks,
  SAVED_HEAD_KEY,
  verdictOf,
  type CheckResults,
  type EventOutcome,
  type GetJson,
  type SignedHead,
  type Verdict,
} from '~/domain/transparency/browser-check'
import { latestHead, publicKeys } from '~/domain/transparency/log.server'
import { formatInstant } from '~/utils/format'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '透明日志验证 · Transparency log check' }]

/**
 * GET /transparency[?need=<id>] — the browser check of the transparency log (issue 15 §5): the
 * latest signed head for display and, for a notice, its title. Every check runs in the browser
 * (browser-check.ts) against the public API; the server gives no verdict.
 */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const db = await getDb()
  const needId = new URL(request.url).searchParams.get('need')?.trim() || null
  const [head, keys, need] = await Promise.all([
    latestHead(db),
    publicKeys(db),
    needId
      ? publicNeed(db, needId).then(
          (n) => ({ id: n.id, title: n.title }),
          (error: unknown) => {
            if (error instanceof NotFound) return null
            throw error
          },
        )
      : null,
  ])
  return { head, keys, needId, need }
})

const getJson: GetJson = async (path) => {
  const response = await fetch(path, { headers: { Accept: 'application/json' } })
  const body: unknown = await response.json().catch(() => null)
  return { status: response.status, body }
}

/** RFC 8032 §7.1 test 1's public key: importing it tells whether Web Crypto knows Ed25519. */
const PROBE_KEY = new Uint8Array([
  0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6,
  0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
])

async function ed25519Supported(): Promise<boolean> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) return false
  try {
    await subtle.importKey('raw', PROBE_KEY, { name: 'Ed25519' }, false, ['verify'])
    return true
  } catch {
    return false
  }
}

type Check =
  | { state: 'checking' }
  | { state: 'unsupported' }
  | { state: 'done'; head: SignedHead; results: CheckResults; verdict: Verdict }
  | { state: 'error'; verdict: Verdict }

function readSaved(): string | null {
  try {
    return window.localStorage.getItem(SAVED_HEAD_KEY)
  } catch {
    return null
  }
}

/** Runs the checks on the client, again whenever `run` changes (a head saved or forgotten). */
function useBrowserCheck(needId: string | null, run: number): Check {
  const [check, setCheck] = useState<Check>({ state: 'checking' })
  useEffect(() => {
    let live = true
    setCheck({ state: 'checking' })
    ;(async (): Promise<Check> => {
      if (!(await ed25519Supported())) return { state: 'unsupported' }
      try {
        const { head, results } = await runChecks(getJson, { needId, savedText: readSaved() })
        return { state: 'done', head, results, verdict: verdictOf(results) }
      } catch (error) {
        if (error instanceof CheckFailed) return { state: 'error', verdict: { kind: 'failed', reason: error.reason } }
        throw error
      }
    })()
      .catch((): Check => ({ state: 'error', verdict: { kind: 'failed', reason: 'unreadable' } }))
      .then((next) => live && setCheck(next))
    return () => {
      live = false
    }
  }, [needId, run])
  return check
}

const breakable = { wordBreak: 'break-all' } as const

export default function TransparencyPage() {
  const { t, i18n } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const [run, setRun] = useState(0)
  const check = useBrowserCheck(data.needId, run)
  const head = check.state === 'done' ? check.head : data.head
  const saveHead = useCallback(() => {
    if (check.state !== 'done') return
    window.localStorage.setItem(SAVED_HEAD_KEY, JSON.stringify(check.head))
    setRun((n) => n + 1)
  }, [check])
  const forgetHead = useCallback(() => {
    window.localStorage.removeItem(SAVED_HEAD_KEY)
    setRun((n) => n + 1)
  }, [])
  const saved = check.state === 'done' ? check.results.saved : null

  return (
    <>
      <PageHeader title={t('transparency.page.title')} lead={t('transparency.page.lead')} />
      <p role="status" data-testid="transparency-verdict" className={check.state === 'done' && check.verdict.kind === 'verified' ? 'calc-result' : 'notice'}>
        <VerdictText check={check} />
      </p>

      <section aria-labelledby="head-title">
        <h2 id="head-title">{t('transparency.page.head')}</h2>
        {head ? (
          <dl className="facts" data-testid="latest-head">
            <div>
              <dt>{t('transparency.page.treeSize')}</dt>
              <dd className="mono" data-testid="head-size">
                {head.treeSize}
              </dd>
            </div>
            <div>
              <dt>{t('transparency.page.rootHash')}</dt>
              <dd className="mono" style={breakable}>
                {head.rootHash}
              </dd>
            </div>
            <div>
              <dt>{t('transparency.page.signedAt')}</dt>
              <dd>{formatInstant(new Date(head.timestamp), i18n.language)}</dd>
            </div>
            <div>
              <dt>{t('transparency.page.keyId')}</dt>
              <dd className="mono" style={breakable}>
                {head.keyId}
              </dd>
            </div>
            <div>
              <dt>{t('transparency.page.publicKey')}</dt>
              <dd className="mono" style={breakable}>
                {data.keys.find((k) => k.keyId === head.keyId)?.publicKey ?? '—'}
              </dd>
            </div>
            <div>
              <dt>{t('transparency.page.api')}</dt>
              <dd>
                <a href="/api/v1/log/head">/api/v1/log/head</a> · <a href="/api/v1/log/keys">/api/v1/log/keys</a>
              </dd>
            </div>
          </dl>
        ) : (
          <p className="muted">{t('transparency.page.noHead')}</p>
        )}
      </section>

      <Form method="get" className="card" style={{ margin: '1rem 0' }}>
        <label htmlFor="transparency-need">{t('transparency.page.noticeLabel')}</label>
        <p className="muted">{t('transparency.page.noticeHint')}</p>
        <input id="transparency-need" name="need" className="mono" defaultValue={data.needId ?? ''} style={{ minWidth: '24rem' }} />{' '}
        <button type="submit" className="button">
          {t('transparency.page.check')}
        </button>
      </Form>

      {check.state === 'done' ? <Checks check={check} need={data.need} /> : null}

      <section aria-labelledby="saved-title" style={{ marginTop: '1.5rem' }}>
        <h2 id="saved-title">{t('transparency.page.savedTitle')}</h2>
        {saved?.head ? (
          <p data-testid="saved-head">
            {t('transparency.page.saved', { size: saved.head.treeSize })}{' '}
            <span className="mono" style={breakable}>
              {saved.head.rootHash}
            </span>
          </p>
        ) : saved ? null : (
          <p className="muted">{t('transparency.page.savedNone')}</p>
        )}
        <p>
          <button type="button" className="button" onClick={saveHead} disabled={check.state !== 'done'}>
            {t('transparency.page.save')}
          </button>{' '}
          {saved ? (
            <button type="button" className="button secondary" onClick={forgetHead}>
              {t('transparency.page.forget')}
            </button>
          ) : null}
        </p>
      </section>
      <p className="muted">
        {t('transparency.page.spec')}: <span className="mono">docs/transparency-log.md</span>
      </p>
    </>
  )
}

function VerdictText({ check }: { check: Check }) {
  const { t } = useTranslation()
  if (check.state === 'checking') return <>{t('transparency.status.checking')}</>
  if (check.state === 'unsupported') return <>{t('transparency.status.unsupported')}</>
  const verdict = check.verdict
  if (verdict.kind === 'verified') return <>{t('transparency.status.verified')}</>
  if (verdict.kind === 'inconsistent') return <>{t('transparency.status.inconsistent')}</>
  return <>{t('transparency.status.failed', { reason: t(`transparency.reasons.${verdict.reason}`) })}</>
}

function Passed({ ok }: { ok: boolean }) {
  const { t } = useTranslation()
  return <span className={`status ${ok ? 'status-active' : 'status-abnormal'}`}>{ok ? t('transparency.status.passed') : t('transparency.status.notPassed')}</span>
}

function Checks({ check, need }: { check: Extract<Check, { state: 'done' }>; need: { id: string; title: string } | null }) {
  const { t } = useTranslation()
  const { results, head } = check
  const notice = results.notice
  const saved = results.saved
  return (
    <section aria-labelledby="checks-title">
      <h2 id="checks-title">{t('transparency.page.checks')}</h2>
      <ul data-testid="transparency-checks">
        <li data-testid="check-signature">
          {t('transparency.page.signatureCheck')} <Passed ok={results.signature.ok} />
          {!results.signature.ok ? <> — {t(`transparency.reasons.${results.signature.reason}`)}</> : null}
        </li>
        {notice ? (
          <li data-testid="check-notice">
            {notice.found ? (
              <>
                {t('transparency.page.noticeCheck', {
                  included: notice.events.filter((e) => e.status === 'included').length,
                  total: notice.events.length,
                })}{' '}
                <Passed ok={!notice.events.some((e) => e.status === 'failed')} />
              </>
            ) : (
              <>
                {t('transparency.reasons.noticeNotFound')} <Passed ok={false} />
              </>
            )}
          </li>
        ) : null}
        {saved?.head ? (
          <li data-testid="check-saved">
            {t('transparency.page.savedCheck', { from: saved.head.treeSize, to: head.treeSize })} <Passed ok={saved.ok} />
          </li>
        ) : saved && !saved.ok ? (
          <li data-testid="check-saved">
            {t(`transparency.reasons.${saved.reason}`)} <Passed ok={false} />
          </li>
        ) : null}
      </ul>
      {notice?.found ? <NoticeEvents events={notice.events} need={need} /> : null}
    </section>
  )
}

function NoticeEvents({ events, need }: { events: EventOutcome[]; need: { id: string; title: string } | null }) {
  const { t, i18n } = useTranslation()
  return (
    <>
      {need ? (
        <h3>
          {t('transparency.page.notice')}: {need.title} <Link to={`/needs/${need.id}`}>{t('transparency.page.noticeLink')}</Link>
        </h3>
      ) : null}
      {events.length === 0 ? (
        <p className="muted">{t('transparency.page.noticeEmpty')}</p>
      ) : (
        <table className="table compact" data-testid="notice-events">
          <thead>
            <tr>
              <th>{t('transparency.notice.event')}</th>
              <th>{t('transparency.notice.time')}</th>
              <th>{t('transparency.notice.leafIndex')}</th>
              <th>{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.leafIndex}>
                <td>{t(`auditEvents.action.${e.action}`, { defaultValue: e.action })}</td>
                <td>{formatInstant(e.occurredAt, i18n.language)}</td>
                <td className="mono">
                  <a href={`/api/v1/log/leaves/${e.leafIndex}`}>{e.leafIndex}</a>
                </td>
                <td>
                  {e.status === 'included' ? (
                    <Passed ok />
                  ) : e.status === 'afterHead' ? (
                    <span className="muted">{t('transparency.page.afterHead')}</span>
                  ) : (
                    <>
                      <Passed ok={false} /> {t(`transparency.reasons.${e.reason}`)}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
