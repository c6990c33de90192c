import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { WorkspaceHome } from '~/components/workspace'
import { WorkQueueCounts } from '~/components/work-queues'
import { supervisedServiceTypes, workspaceSummary } from '~/domain/accounts/workspace.server'
import { reviewQueue } from '~/domain/agencies/registry.server'
import { flaggedContractCount } from '~/domain/contracts/dashboards.server'
import { pendingObjectionCount } from '~/domain/publicity/objections.server'
import { regulatorQueues } from '~/domain/workspace/workspace.server'
import { complaintCounts } from '~/domain/complaints/complaints.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const meta: MetaFunction = () => [{ title: '监管工作台 · Regulator workspace' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const db = await getDb()
  return {
    user: { name: user.name, role: user.role },
    ...(await workspaceSummary(db, user)),
    supervises: await supervisedServiceTypes(db, user.departmentId),
    // Pending entry and change applications in this department's remit (what /review/applications lists).
    pendingApplications: (await reviewQueue(db, user)).length,
    // Objections awaiting this regulator's ruling (what /regulator/objections lists first).
    pendingObjections: await pendingObjectionCount(db, user),
    // Complaints in this department's remit awaiting acceptance or an answer, and how many are past their deadline (what /complaints lists first).
    complaints: await complaintCounts(db, user),
    // Yellow and red contracts in this department's remit (what /contracts lists).
    flaggedContracts: await flaggedContractCount(db, user),
    // Per queue of its remit: how many are waiting and overdue (what /regulator/queue lists).
    queues: (await regulatorQueues(db, user)).queues.map(({ kind, open, overdue }) => ({ kind, open, overdue })),
  }
})

export default function RegulatorHome() {
  const { t } = useTranslation()
  const name = useLocalized()
  const data = useLoaderData<typeof loader>()
  return (
    <WorkspaceHome title={t('nav.workspace.regulator')} lead={t('workspace.regulatorLead')} data={data}>
      <section aria-labelledby="regulator-queues">
        <h2 id="regulator-queues">{t('workspace.queue.homeTitle')}</h2>
        <WorkQueueCounts queues={data.queues} />
        <p>
          <Link to="/regulator/queue" className="button">
            {t('workspace.queue.homeLink')}
          </Link>
        </p>
      </section>
      <section aria-labelledby="regulator-review">
        <h2 id="regulator-review">{t('review.home.title')}</h2>
        <dl className="stats">
          <div>
            <dt>{t('review.home.pending')}</dt>
            <dd data-testid="pending-applications">{data.pendingApplications}</dd>
          </div>
        </dl>
        <p>
          {data.pendingApplications
            ? t('review.home.pendingCount', { count: data.pendingApplications })
            : t('review.home.noPending')}
        </p>
        <p>
          <Link to="/review/applications" className="button">
            {t('review.home.toQueue')}
          </Link>{' '}
          <Link to="/review/agencies">{t('review.home.toAgencies')} →</Link>
        </p>
      </section>
      <section aria-labelledby="regulator-objections">
        <h2 id="regulator-objections">{t('objections.regulator.homeTitle')}</h2>
        <dl className="stats">
          <div>
            <dt>{t('objections.regulator.homePending')}</dt>
            <dd data-testid="pending-objections">{data.pendingObjections}</dd>
          </div>
        </dl>
        <p>
          <Link to="/regulator/objections" className="button">
            {t('objections.regulator.homeLink')}
          </Link>
        </p>
        <p>
          <Link to="/regulator/blacklist">{t('blacklist.regulator.title')} →</Link>
        </p>
        <p>
          <Link to="/regulator/agencies">{t('creditActions.regulator.agenciesTitle')} →</Link>
        </p>
        <p>
          <Link to="/regulator/repairs">{t('creditActions.regulator.repairsTitle')} →</Link>
        </p>
      </section>
      <section aria-labelledby="regulator-complaints">
        <h2 id="regulator-complaints">{t('complaints.home.title')}</h2>
        <dl className="stats">
          <div>
            <dt>{t('complaints.home.open')}</dt>
            <dd data-testid="open-complaints">{data.complaints.open}</dd>
          </div>
          <div>
            <dt>{t('complaints.home.overdue')}</dt>
            <dd data-testid="overdue-complaints">{data.complaints.overdue}</dd>
          </div>
        </dl>
        <p>
          <Link to="/complaints" className="button">
            {t('complaints.home.link')}
          </Link>
        </p>
      </section>
      <section aria-labelledby="regulator-contracts">
        <h2 id="regulator-contracts">{t('contractLists.home.flaggedTitle')}</h2>
        <dl className="stats">
          <div>
            <dt>{t('contractLists.home.flagged')}</dt>
            <dd data-testid="flagged-contracts">{data.flaggedContracts}</dd>
          </div>
        </dl>
        <p>
          <Link to="/contracts" className="button">
            {t('contractLists.home.flaggedLink')}
          </Link>
        </p>
      </section>
      <section>
        <h2>{t('workspace.supervises')}</h2>
        <p>
          {data.supervises.length
            ? data.supervises.map((s) => (
                <span key={s.id} className="tag">
                  {name(s)}
                </span>
              ))
            : t('common.none')}
        </p>
      </section>
    </WorkspaceHome>
  )
}
