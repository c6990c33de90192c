import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { listApprovalItems, listServiceTypes } from '~/domain/catalogue/catalogue.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const meta: MetaFunction = () => [{ title: '服务目录 · Catalogue' }]

export const loader = handle(async (_: LoaderFunctionArgs) => {
  const db = await getDb()
  const [serviceTypes, approvalItems] = await Promise.all([listServiceTypes(db), listApprovalItems(db)])
  return {
    serviceTypes: serviceTypes.filter((s) => s.active),
    approvalItems: approvalItems.filter((a) => a.active),
  }
})

export default function CataloguePage() {
  const { t } = useTranslation()
  const name = useLocalized()
  const { serviceTypes, approvalItems } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('public.catalogueTitle')} lead={t('public.catalogueLead')} />
      <h2>{t('admin.approvalItems')}</h2>
      <table className="table" data-testid="approval-items">
        <thead>
          <tr>
            <th>{t('common.code')}</th>
            <th>{t('admin.approvalItems')}</th>
            <th>{t('admin.approvingDepartment')}</th>
            <th className="num">{t('admin.statutoryShort')}</th>
            <th className="num">{t('admin.committedShort')}</th>
            <th>{t('admin.feedingServiceTypes')}</th>
          </tr>
        </thead>
        <tbody>
          {approvalItems.map((a) => (
            <tr key={a.id}>
              <td className="mono">{a.code}</td>
              <td>{name(a)}</td>
              <td>{name(a.department)}</td>
              <td className="num">
                {a.statutoryDays}
                {a.limitsAreDemo ? <sup title={t('admin.limitsAreDemo')}>*</sup> : null}
              </td>
              <td className="num">
                {a.committedDays}
                {a.limitsAreDemo ? <sup title={t('admin.limitsAreDemo')}>*</sup> : null}
              </td>
              <td>
                {a.serviceTypes.map((s) => (
                  <span key={s.serviceTypeId} className="tag">
                    {name(s.serviceType)}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">* {t('admin.limitsAreDemo')}</p>
      <h2>{t('admin.serviceTypes')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th>{t('common.code')}</th>
            <th>{t('admin.serviceTypes')}</th>
            <th>{t('admin.supervisingDepartment')}</th>
            <th>{t('admin.requiredQualifications')}</th>
          </tr>
        </thead>
        <tbody>
          {serviceTypes.map((s) => (
            <tr key={s.id}>
              <td className="mono">{s.code}</td>
              <td>
                {name(s)}
                <div className="muted">{name({ nameZh: s.descriptionZh, nameEn: s.descriptionEn })}</div>
              </td>
              <td>{name(s.department)}</td>
              <td>
                {s.qualifications.length
                  ? s.qualifications.map((q) => (
                      <span key={q.qualificationTypeId} className="tag">
                        {name(q.qualificationType)}
                      </span>
                    ))
                  : t('common.none')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
