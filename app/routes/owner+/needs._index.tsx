import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { listServiceTypes } from '~/domain/catalogue/catalogue.server'
import { bidCountForOwner } from '~/domain/bidding/bids.server'
import { needStates as STATES, type NeedState } from '~/domain/needs/need-lifecycle'
import { listOwnerNeeds } from '~/domain/needs/needs.server'
import { requirePermission } from '~/utils/auth.server'
import { formatFen } from '~/utils/format'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const meta: MetaFunction = () => [{ title: '我的需求 · My needs · 业主工作台' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'owner.workspace')
  const db = await getDb()
  const wanted = new URL(request.url).searchParams.get('state')
  const filter = STATES.find((s) => s === wanted) ?? null
  const [all, serviceTypes] = await Promise.all([listOwnerNeeds(db, user), listServiceTypes(db)])
  const names = new Map(serviceTypes.map((s) => [s.id, { nameZh: s.nameZh, nameEn: s.nameEn }]))
  const counts: Partial<Record<NeedState, number>> = {}
  for (const n of all) counts[n.state] = (counts[n.state] ?? 0) + 1
  const shown = filter ? all.filter((n) => n.state === filter) : all
  const needs = await Promise.all(
    shown.map(async (n) => ({
      id: n.id,
      title: n.title,
      state: n.state,
      project: n.project.name,
      serviceType: names.get(n.serviceTypeId) ?? { nameZh: '', nameEn: '' },
      method: n.method,
      priceCeilingFen: n.priceCeilingFen,
      registrationClosesOn: n.registrationClosesOn,
      // The owner may see the count in every phase (docs/sealed-bids.md): open or closed. A draft
      // has none; a cancelled need's bids were voided, so its live count would say 0: '—'.
      liveBids: n.state === 'draft' || n.state === 'cancelled' ? null : await bidCountForOwner(db, user, n.id),
    })),
  )
  return { filter, counts, needs }
})

export default function OwnerNeedsPage() {
  const { t, i18n } = useTranslation()
  const localized = useLocalized()
  const { filter, counts, needs } = useLoaderData<typeof loader>()
  const present = STATES.filter((s) => (counts[s] ?? 0) > 0)
  return (
    <>
      <p className="registry-back">
        <Link to="/owner">← {t('nav.workspace.owner')}</Link>
      </p>
      <PageHeader title={t('needs.owner.needsTitle')} lead={t('needs.owner.needsLead')} />
      <p>
        <Link to="/owner/needs/new" className="button">
          {t('needs.owner.newNeed')}
        </Link>
      </p>
      <Form method="get" className="inline-form">
        <label htmlFor="state-filter">{t('needs.owner.state')}</label>
        <select id="state-filter" name="state" defaultValue={filter ?? ''}>
          <option value="">{t('needs.owner.allStates')}</option>
          {present.map((s) => (
            <option key={s} value={s}>
              {t(`terms.needState.${s}`)} ({counts[s]})
            </option>
          ))}
        </select>
        <button type="submit">{t('needs.owner.filter')}</button>
      </Form>
      {needs.length === 0 ? (
        <p className="muted">{t('needs.owner.noNeeds')}</p>
      ) : (
        <table className="table" data-testid="owner-needs">
          <thead>
            <tr>
              <th scope="col">{t('needs.owner.needTitle')}</th>
              <th scope="col">{t('needs.owner.state')}</th>
              <th scope="col">{t('needs.owner.project')}</th>
              <th scope="col">{t('needs.owner.serviceType')}</th>
              <th scope="col">{t('needs.owner.method')}</th>
              <th scope="col" className="num">
                {t('needs.owner.ceiling')}
              </th>
              <th scope="col">{t('needs.owner.closesOn')}</th>
              <th scope="col" className="num">
                {t('needs.owner.liveBids')}
              </th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {needs.map((n) => (
              <tr key={n.id}>
                <td>{n.title}</td>
                <td>
                  <span className={`status status-${n.state}`}>{t(`terms.needState.${n.state}`)}</span>
                </td>
                <td>{n.project}</td>
                <td>{localized(n.serviceType)}</td>
                <td>{t(`terms.method.${n.method}`)}</td>
                <td className="num">
                  {n.priceCeilingFen === null ? t('needs.owner.noCeiling') : formatFen(n.priceCeilingFen, i18n.language)}
                </td>
                <td className="mono">{n.registrationClosesOn}</td>
                <td className="num">{n.liveBids ?? '—'}</td>
                <td>
                  <Link to={`/owner/needs/${n.id}`}>
                    {n.state === 'draft' ? t('needs.owner.editDraft') : t('needs.owner.view')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
