import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { Field, FormProblem, SubmitButton, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { createProject, listOwnerProjects } from '~/domain/needs/needs.server'
import { ProjectSchema, type ProjectInput } from '~/domain/needs/schemas'
import { requirePermission } from '~/utils/auth.server'
import { formatFen } from '~/utils/format'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '我的项目 · My projects · 业主工作台' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'owner.workspace')
  const projects = await listOwnerProjects(await getDb(), user)
  return {
    projects: projects.map((p) => ({
      id: p.id,
      name: p.name,
      projectCode: p.projectCode,
      location: p.location,
      industry: p.industry,
      totalInvestmentFen: p.totalInvestmentFen,
    })),
  }
})

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'owner.workspace')
  const db = await getDb()
  return runIntents(request, {
    default: intent({
      schema: ProjectSchema,
      run: (value) => createProject(db, user, value),
      done: () => redirectWithToast('/owner/projects', { kind: 'success', messageKey: 'needs.owner.projectCreated' }),
    }),
  })
})

export default function OwnerProjectsPage() {
  const { t, i18n } = useTranslation()
  const { projects } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<ProjectInput>(ProjectSchema, { id: 'project', lastResult })
  return (
    <>
      <p className="registry-back">
        <Link to="/owner">← {t('nav.workspace.owner')}</Link>
      </p>
      <PageHeader title={t('needs.owner.projectsTitle')} lead={t('needs.owner.projectsLead')} />
      {projects.length === 0 ? (
        <p className="muted">{t('needs.owner.noProjects')}</p>
      ) : (
        <table className="table" data-testid="owner-projects">
          <thead>
            <tr>
              <th scope="col">{t('needs.owner.projectName')}</th>
              <th scope="col">{t('needs.owner.projectCode')}</th>
              <th scope="col">{t('needs.owner.location')}</th>
              <th scope="col">{t('needs.owner.industry')}</th>
              <th scope="col" className="num">
                {t('needs.owner.totalInvestment')}
              </th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td className="mono">{p.projectCode}</td>
                <td>{p.location}</td>
                <td>{p.industry}</td>
                <td className="num">{formatFen(p.totalInvestmentFen, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-project">
        <h2 id="new-project">{t('needs.owner.newProject')}</h2>
        <Form method="post" className="admin-form" {...getFormProps(form)}>
          <FormProblem problem={formError} />
          <Field label={t('needs.owner.projectName')} meta={fields.name} />
          <Field label={t('needs.owner.projectCode')} meta={fields.projectCode} />
          <Field label={t('needs.owner.location')} meta={fields.location} />
          <Field label={t('needs.owner.industry')} meta={fields.industry} />
          <Field label={t('needs.owner.totalInvestment')} meta={fields.totalInvestment} />
          <SubmitButton>{t('needs.owner.createProject')}</SubmitButton>
        </Form>
      </section>
    </>
  )
}
