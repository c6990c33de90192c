import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ComplainLink } from '~/components/complaints/complain-link'
import { ContractLinkLine } from '~/components/contracts/contract-links'
import { CancelNeedSection } from '~/components/needs/cancel-need'
import { NeedDraftForm } from '~/components/needs/need-draft-form'
import { NeedFacts } from '~/components/needs/need-facts'
import { OwnerObjectionsSection } from '~/components/needs/owner-objections'
import { PageHeader } from '~/components/page-header'
import { OwnerSelection } from '~/components/selection/owner-selection'
import { bidCountForOwner } from '~/domain/bidding/bids.server'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { contractLinkFor } from '~/domain/contracts/contract-links.server'
import { listApprovalItems, listQualificationTypes, listServiceTypes } from '~/domain/catalogue/catalogue.server'
import { ownerFormsFor } from '~/domain/needs/need-actions.server'
import { cancelNeed, getNeedForOwner, listOwnerProjects, saveAndPublishNeed, saveNeedDraft } from '~/domain/needs/needs.server'
import { CancelNeedSchema, NeedDraftSchema } from '~/domain/needs/schemas'
import { objectionsForOwner } from '~/domain/publicity/objections.server'
import { bidsForOwner, pickDirect, repostFailed, switchToDirect } from '~/domain/selection/owner-selection.server'
import { DirectPickSchema, RepostSchema, SwitchToDirectSchema } from '~/domain/selection/schemas'
import { getMarketplaceConfig } from '~/domain/settings/marketplace-config.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '需求 · Need · 业主工作台' }]

/** `new`, or the id of one of the caller's needs (anything else is NotFound). */
function needIdParam(id: string | undefined): string | null {
  return id === 'new' ? null : (id ?? '')
}

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'owner.workspace')
  const db = await getDb()
  const id = needIdParam(params.id)
  const need = id === null ? null : await getNeedForOwner(db, user, id)
  const [projects, serviceTypes, approvalItems, qualificationTypes] = await Promise.all([
    listOwnerProjects(db, user),
    listServiceTypes(db),
    listApprovalItems(db),
    listQualificationTypes(db),
  ])
  const named = (r: { id: string; nameZh: string; nameEn: string }) => ({ id: r.id, nameZh: r.nameZh, nameEn: r.nameEn })
  const published = need !== null && need.state !== 'draft'
  return {
    need: need && {
      id: need.id,
      state: need.state,
      title: need.title,
      scope: need.scope,
      projectId: need.projectId,
      projectName: need.project.name,
      serviceTypeId: need.serviceTypeId,
      approvalItemId: need.approvalItemId,
      priceCeilingFen: need.priceCeilingFen,
      qualificationTypeId: need.qualificationTypeId,
      minLevelId: need.minLevelId,
      serviceDays: need.serviceDays,
      method: need.method,
      weights: need.weights ?? null,
      registrationClosesOn: need.registrationClosesOn,
      seedHash: need.seedHash,
      cancelReason: need.cancelReason,
      liveBids: need.state === 'open' ? await bidCountForOwner(db, user, need.id) : null,
    },
    /** The forms the owner may use here, as the need's state machine allows them (need-actions.ts). */
    forms: await ownerFormsFor(db, user, need),
    // Sealed (open, or cancelled before the close): only the count, never a quote; every bid once
    // the window has closed (bidVisibility, docs/sealed-bids.md).
    selection: published ? await bidsForOwner(db, user, need.id, await getMarketplaceConfig(db)) : null,
    projects: projects.map((p) => ({ id: p.id, name: p.name, projectCode: p.projectCode })),
    serviceTypes: serviceTypes.filter((s) => s.active || s.id === need?.serviceTypeId).map(named),
    /** Each with the service types it calls for: the form lists those of the chosen service type. */
    approvalItems: approvalItems
      .filter((a) => a.active || a.id === need?.approvalItemId)
      .map((a) => ({ ...named(a), serviceTypeIds: a.serviceTypes.map((s) => s.serviceTypeId) })),
    qualificationTypes: qualificationTypes.map((q) => ({ ...named(q), levels: q.levels.map(named) })),
    /** Years without an official holiday arrangement: deadlines in them are marked provisional. */
    provisionalYears: (await getCalendar(db)).provisionalYears,
    /** The current round's objections: pending ones (the award waits), ruled ones with their published reasons. */
    objections: published ? await objectionsForOwner(db, user, need.id) : null,
    /** The need's contract, once awarded. */
    contract: need ? await contractLinkFor(db, user, need.id) : null,
  }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'owner.workspace')
  const db = await getDb()
  const id = needIdParam(params.id)
  // Another organisation's need, or none: 404 before anything is read from the form.
  if (id !== null) await getNeedForOwner(db, user, id)
  const save = intent({
    schema: NeedDraftSchema,
    run: (value) => saveNeedDraft(db, user, value, id ?? undefined),
    done: (savedId) => redirectWithToast(`/owner/needs/${savedId}`, { kind: 'success', messageKey: 'needs.owner.draftSaved' }),
  })
  if (id === null) return runIntents(request, { save })
  const back = (messageKey: string) => () => redirectWithToast(`/owner/needs/${id}`, { kind: 'success', messageKey })
  return runIntents(request, {
    save,
    // Publish exactly what is on screen: saved and published in one transaction; a refusal
    // (PublishRefused: each rule at its field) writes nothing and keeps the typed values.
    publish: intent({ schema: NeedDraftSchema, run: (value) => saveAndPublishNeed(db, user, id, value), done: back('needs.owner.published') }),
    cancel: intent({ schema: CancelNeedSchema, run: (value) => cancelNeed(db, user, id, value.reason), done: back('needs.owner.cancelled') }),
    pick: intent({
      schema: DirectPickSchema,
      run: async (value) => pickDirect(db, user, id, value, await getMarketplaceConfig(db)),
      done: back('ownerSelection.picked'),
    }),
    repost: intent({
      schema: RepostSchema,
      run: () => repostFailed(db, user, id),
      done: (draftId) => redirectWithToast(`/owner/needs/${draftId}`, { kind: 'success', messageKey: 'ownerSelection.reposted' }),
    }),
    switchToDirect: intent({
      schema: SwitchToDirectSchema,
      run: async () => switchToDirect(db, user, id, await getMarketplaceConfig(db)),
      done: back('ownerSelection.switched'),
    }),
  })
})

export default function OwnerNeedPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const { need, forms } = data
  const editing = forms.includes('save')
  const title = need ? (editing ? `${t('needs.owner.draftTitle')} · ${need.title}` : need.title) : t('needs.owner.newNeedTitle')
  return (
    <>
      <p className="registry-back">
        <Link to="/owner/needs">← {t('needs.owner.needsTitle')}</Link>
      </p>
      <PageHeader title={title} />
      {editing ? (
        <NeedDraftForm key={need?.id ?? 'new'} {...data} canPublish={forms.includes('publish')} />
      ) : need ? (
        <NeedFacts {...data} need={need} />
      ) : null}
      <ContractLinkLine contract={data.contract} />
      {need && need.state !== 'draft' ? (
        <p>
          <ComplainLink needId={need.id} />
        </p>
      ) : null}
      <OwnerObjectionsSection objections={data.objections} />
      <OwnerSelection selection={data.selection} forms={forms} provisionalYears={data.provisionalYears} />
      {forms.includes('cancel') ? <CancelNeedSection /> : null}
    </>
  )
}
