import { useTranslation } from 'react-i18next'
import { organisationName } from '~/domain/organisations/names'

export interface RepairRecordData {
  agency: { id: string; name: string; nameEn: string }
  event: { id: number; kind: string; points: number; onDate: string; reason: string | null }
  status: string
  text: string
  filedAt: string
  decideBy: string
  decidedAt: string | null
  decisionReasons: string | null
  withdrawnAt: string | null
  files: { id: string; fileName: string; size: number; sha256: string }[]
}

/** One repair application as its agency and its regulator see it: the event, the text, the evidence, the decision. */
export function RepairRecord({ application: a }: { application: RepairRecordData }) {
  const { t, i18n } = useTranslation()
  return (
    <dl className="facts" data-testid="repair-application">
      <div>
        <dt>{t('blacklist.agency')}</dt>
        <dd>{organisationName(a.agency, i18n.language)}</dd>
      </div>
      <div>
        <dt>{t('creditActions.repair.event')}</dt>
        <dd>
          {a.event.onDate} · {t(`credit.kind.${a.event.kind}`)} · {a.event.points}
          {a.event.reason ? (
            <>
              <br />
              <span className="muted">{a.event.reason}</span>
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>{t('creditActions.repair.statusLabel')}</dt>
        <dd data-testid="repair-status">{t(`terms.repairStatus.${a.status}`)}</dd>
      </div>
      <div>
        <dt>{t('creditActions.repair.filedAt')}</dt>
        <dd>{a.filedAt.slice(0, 10)}</dd>
      </div>
      {a.status === 'pending' ? (
        <div>
          <dt>{t('creditActions.repair.decideBy')}</dt>
          <dd>{a.decideBy}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t('creditActions.repair.text')}</dt>
        <dd className="prewrap">{a.text}</dd>
      </div>
      <div>
        <dt>{t('creditActions.repair.evidence')}</dt>
        <dd>
          <ul>
            {a.files.map((f) => (
              <li key={f.id}>
                <a href={`/files/${f.id}`}>{f.fileName}</a>{' '}
                <span className="muted mono">{t('creditActions.repair.fileFacts', { kb: Math.ceil(f.size / 1024), sha: f.sha256.slice(0, 12) })}</span>
              </li>
            ))}
          </ul>
        </dd>
      </div>
      {a.decisionReasons ? (
        <div>
          <dt>{t('creditActions.repair.decisionReasons')}</dt>
          <dd className="prewrap">
            {a.decisionReasons}
            {a.decidedAt ? <span className="muted"> · {a.decidedAt.slice(0, 10)}</span> : null}
          </dd>
        </div>
      ) : null}
      {a.withdrawnAt ? (
        <div>
          <dt>{t('creditActions.repair.withdrawnAt')}</dt>
          <dd>{a.withdrawnAt.slice(0, 10)}</dd>
        </div>
      ) : null}
    </dl>
  )
}
