import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { BidSection, OwnBids } from '~/components/bidding/agency-bid'
import { ComplainLink } from '~/components/complaints/complain-link'
import { ContractLinkLine } from '~/components/contracts/contract-links'
import { BidderOutcomeSection } from '~/components/needs/bidder-outcome'
import { NoticeFacts } from '~/components/notice-facts'
import { PageHeader } from '~/components/page-header'
import { JustificationSection, ObjectionSection } from '~/components/publicity/agency-publicity'
import { shanghaiMinute } from '~/domain/agencies/agency-views.server'
import { bidActions, windowTakesBids } from '~/domain/bidding/bid-actions'
import { reviseLiveBid, submitBidForm, withdrawLiveBid } from '~/domain/bidding/bid-form.server'
import { outcomeForBidder } from '~/domain/bidding/bidder-outcome.server'
import { bidsForAgency } from '~/domain/bidding/bids.server'
import { BidSchema, WithdrawBidSchema } from '~/domain/bidding/schemas'
import { contractLinkFor } from '~/domain/contracts/contract-links.server'
import { NotFound } from '~/domain/errors'
import { UUID } from '~/domain/needs/need-access.server'
import { publicNeed } from '~/domain/needs/needs.server'
import { eligibilityFor, publicNotice } from '~/domain/needs/notices.server'
import { now } from '~/domain/now'
import { attachJustification, fileObjection, objectionsForAgency } from '~/domain/publicity/objections.server'
import { JustificationSchema, ObjectionSchema } from '~/domain/publicity/schemas'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '报名报价 · Bid · 机构工作台' }]

/** The public notice, the agency's own bids with their history and its eligibility — nothing of any other bid. */
export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const notice = await publicNotice(db, params.id ?? '')
  const own = await bidsForAgency(db, user, notice.id)
  const window = { state: notice.state, registrationClosesOn: notice.registrationClosesOn, now: now() }
  const ineligibleReason = windowTakesBids(window) ? await eligibilityFor(db, user.organisationId, notice.id) : null
  const bids = own.map((b) => ({
    id: b.id,
    status: b.status,
    quoteFen: b.quoteFen,
    committedDays: b.committedDays,
    note: b.note,
    team: b.team,
    revision: b.revision,
    updatedAt: shanghaiMinute(b.updatedAt),
    revisions: b.revisions.map((r) => ({
      revision: r.revision,
      quoteFen: r.quoteFen,
      committedDays: r.committedDays,
      note: r.note,
      team: r.team,
      at: shanghaiMinute(r.at),
    })),
  }))
  const o = await objectionsForAgency(db, user, notice.id)
  const objections = {
    ...o,
    own: o.own.map((x) => ({ ...x, filedAt: shanghaiMinute(x.filedAt), ruledAt: shanghaiMinute(x.ruledAt) })),
    justification: o.justification && { ...o.justification, attachedAt: shanghaiMinute(o.justification.attachedAt) },
  }
  /** The bid forms the agency may use: the window takes bids, it is eligible, it has a live bid or not. */
  const actions = bidActions({ ...window, hasLiveBid: own.some((b) => b.status === 'live'), ineligibleReason })
  // A bidder that was not selected: who was, once the public may see the result.
  const outcome = await outcomeForBidder(db, user, notice.id)
  // The winner's link to its contract, once awarded (no one else's).
  const contract = await contractLinkFor(db, user, notice.id)
  return { notice, bids, actions, ineligibleReason, objections, outcome, contract }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const needId = params.id ?? ''
  if (!UUID.test(needId)) throw new NotFound()
  // The published need (404 for a draft or an unknown id), one query; submitting checks it inside
  // its own transaction instead (the bid's hot path, issue 15 §6).
  const published = async () => (await publicNeed(db, needId)).id
  const back = (messageKey: string) => () => redirectWithToast(`/agency/needs/${needId}`, { kind: 'success', messageKey })
  // Each domain call refuses what the agency may not do (window closed, not eligible, no live
  // bid, not a bidder in publicity…) with a typed error, shown at its field or above the form.
  return runIntents(request, {
    submit: intent({
      schema: BidSchema,
      run: (value) => submitBidForm(db, user, needId, value),
      done: back('directory.notices.agency.submitted'),
    }),
    revise: intent({
      schema: BidSchema,
      run: async (value) => reviseLiveBid(db, user, await published(), value),
      done: back('directory.notices.agency.revised'),
    }),
    withdraw: intent({
      schema: WithdrawBidSchema,
      run: async () => withdrawLiveBid(db, user, await published()),
      done: back('directory.notices.agency.withdrawn'),
    }),
    object: intent({
      schema: ObjectionSchema,
      run: async (value) => fileObjection(db, user, await published(), value),
      done: back('objections.agency.filed'),
    }),
    justify: intent({
      schema: JustificationSchema,
      run: async (value) => attachJustification(db, user, await published(), value),
      done: back('objections.justification.attached'),
    }),
  })
})

export default function AgencyNeedPage() {
  const { t } = useTranslation()
  const { notice, bids, actions, ineligibleReason, objections, outcome, contract } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="registry-back">
        <Link to="/agency/needs">← {t('directory.notices.agency.back')}</Link>
      </p>
      <PageHeader title={notice.title} />
      <NoticeFacts notice={notice} />
      <ContractLinkLine contract={contract} />
      {bids.length > 0 ? (
        <p>
          <ComplainLink needId={notice.id} />
        </p>
      ) : null}
      {notice.drawUrl ? (
        <p>
          <Link to={notice.drawUrl}>{t('directory.notices.detail.draw')}</Link>
        </p>
      ) : null}
      <OwnBids bids={bids} />
      <BidderOutcomeSection outcome={outcome} />
      <ObjectionSection objections={objections} />
      <JustificationSection justification={objections.justification} endsOn={objections.publicityEndsOn} />
      <BidSection actions={actions} live={bids.find((b) => b.status === 'live') ?? null} ineligibleReason={ineligibleReason} />
    </>
  )
}
