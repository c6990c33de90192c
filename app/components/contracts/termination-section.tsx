import { getFormProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { ConfirmField } from '~/components/confirm-field'
import { Field, FormProblem, SelectField, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import {
  AgreeTerminationSchema,
  DeclineTerminationSchema,
  partiesAtFault,
  ProposeTerminationSchema,
  RuleTerminationSchema,
  type PartyAtFault,
} from '~/domain/contracts/termination'
import { fenToYuan } from '~/domain/needs/schemas'
import { formatFen, formatInstant } from '~/utils/format'
import type { ContractData } from './contract-page'

type Party = 'owner' | 'agency'

// Literal keys (no template keys); a party is named as the terms area names its role.
const partyLabel = (t: TFunction, party: Party) => ({ owner: t('terms.role.owner'), agency: t('terms.role.agency') })[party]

const faultLabel = (t: TFunction, party: PartyAtFault) =>
  party === 'both'
    ? t('contractTermination.faultBoth')
    : party === 'none'
      ? t('contractTermination.faultNone')
      : partyLabel(t, party)

const endedKindLabel = (t: TFunction, kind: 'lapsed' | 'agreement' | 'ruling') =>
  ({
    lapsed: t('contractTermination.endedKind.lapsed'),
    agreement: t('contractTermination.endedKind.agreement'),
    ruling: t('contractTermination.endedKind.ruling'),
  })[kind]

/**
 * Ending the contract: the pending proposal (agree / decline, or withdraw for its proposer), a
 * party's proposal form, the supervising regulator's ruling form, and how an ended contract
 * ended. Forms appear only where the state machine offers the action (`data.actions`).
 */
export function TerminationSection({ data }: { data: ContractData }) {
  const { t, i18n } = useTranslation()
  const c = data.contract
  const side: Party | null = data.viewer === 'owner' ? 'owner' : data.viewer === 'agency' ? 'agency' : null
  const proposal = c.terminationProposal
  const offers = (a: string) => data.actions.includes(a as (typeof data.actions)[number])
  const canPropose = side !== null && !proposal && offers('propose_termination')
  const canAnswer = side !== null && proposal !== null && offers('decline_termination')
  const canRule = data.viewer === 'regulator' && offers('terminate')

  if (c.terminationKind) {
    return (
      <section aria-labelledby="contract-termination-title" data-testid="termination-ended">
        <h2 id="contract-termination-title">{t('contractTermination.endedTitle')}</h2>
        <p>{endedKindLabel(t, c.terminationKind)}</p>
        <ul className="plain-list">
          {c.terminatedAt ? <li>{t('contractTermination.endedAt', { at: formatInstant(c.terminatedAt, i18n.language) })}</li> : null}
          {c.partyAtFault ? <li>{t('contractTermination.endedFault', { party: faultLabel(t, c.partyAtFault) })}</li> : null}
          {c.terminationReason ? <li>{t('contractTermination.endedReason', { reason: c.terminationReason })}</li> : null}
          <li>
            {t('contractTermination.endedMoney', {
              refunded: formatFen(c.refundedFen, i18n.language),
              released: formatFen(c.releasedFen, i18n.language),
            })}
          </li>
        </ul>
      </section>
    )
  }
  if (!proposal && !canPropose && !canRule) return null
  const held = formatFen(c.heldNowFen, i18n.language)
  return (
    <section aria-labelledby="contract-termination-title" data-testid="termination-section">
      <h2 id="contract-termination-title">{t('contractTermination.title')}</h2>
      <p className="muted">{t('contractTermination.lead')}</p>
      <p data-testid="termination-held">{t('contractTermination.heldNow', { amount: held })}</p>
      {proposal ? (
        <div className="notice" data-testid="termination-proposal">
          <h3>{t('contractTermination.pendingTitle')}</h3>
          <p>
            {t('contractTermination.pendingBy', {
              party: partyLabel(t, proposal.by),
              at: formatInstant(proposal.at, i18n.language),
            })}
          </p>
          <p>
            {t('contractTermination.pendingSplit', {
              refund: formatFen(proposal.refundFen, i18n.language),
              release: formatFen(proposal.releaseFen, i18n.language),
            })}
          </p>
          <p>{t('contractTermination.pendingReason', { reason: proposal.reason })}</p>
          {canAnswer && proposal.by === side ? (
            <>
              <p className="muted">{t('contractTermination.waitingForOther')}</p>
              <DeclineForm withdraw />
            </>
          ) : canAnswer ? (
            <>
              {offers('agree_termination') ? <AgreeForm /> : null}
              <DeclineForm withdraw={false} />
            </>
          ) : null}
        </div>
      ) : null}
      {canPropose ? <ProposeForm heldNowFen={c.heldNowFen} /> : null}
      {canRule ? <RuleForm heldNowFen={c.heldNowFen} /> : null}
    </section>
  )
}

function SplitFields({ fields, heldNowFen }: { fields: Record<'refundFen' | 'releaseFen', any>; heldNowFen: number }) {
  const { t, i18n } = useTranslation()
  const hint = t('contractTermination.amountHint', { amount: formatFen(heldNowFen, i18n.language) })
  return (
    <>
      <Field label={t('contractTermination.refund')} meta={fields.refundFen} hint={hint} />
      <Field label={t('contractTermination.release')} meta={fields.releaseFen} />
    </>
  )
}

function ProposeForm({ heldNowFen }: { heldNowFen: number }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('terminationPropose')
  const [form, fields] = useSchemaForm<{ reason: string; refundFen: string; releaseFen: string }>(ProposeTerminationSchema, {
    id: 'termination-propose',
    lastResult,
    defaultValue: { refundFen: fenToYuan(heldNowFen), releaseFen: '0.00' },
  })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)} data-testid="termination-propose">
      <h3>{t('contractTermination.proposeTitle')}</h3>
      <p className="muted">{t('contractTermination.proposeLead')}</p>
      <FormProblem problem={formError} />
      <TextareaField label={t('contractTermination.reason')} meta={fields.reason} />
      <SplitFields fields={fields} heldNowFen={heldNowFen} />
      <SubmitButton name="intent" value="terminationPropose">
        {t('contractTermination.proposeSubmit')}
      </SubmitButton>
    </Form>
  )
}

function AgreeForm() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('terminationAgree')
  const [form, fields] = useSchemaForm<{ confirm: string }>(AgreeTerminationSchema, { id: 'termination-agree', lastResult })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)} data-testid="termination-agree">
      <FormProblem problem={formError} />
      <ConfirmField label={t('contractTermination.agreeConfirm')} errors={fields.confirm.errors} />
      <SubmitButton name="intent" value="terminationAgree">
        {t('contractTermination.agreeSubmit')}
      </SubmitButton>
    </Form>
  )
}

function DeclineForm({ withdraw }: { withdraw: boolean }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('terminationDecline')
  const [form, fields] = useSchemaForm<{ reason: string }>(DeclineTerminationSchema, { id: 'termination-decline', lastResult })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)} data-testid="termination-decline">
      <FormProblem problem={formError} />
      <TextareaField label={t('contractTermination.declineReason')} meta={fields.reason} />
      <SubmitButton name="intent" value="terminationDecline">
        {withdraw ? t('contractTermination.withdrawSubmit') : t('contractTermination.declineSubmit')}
      </SubmitButton>
    </Form>
  )
}

function RuleForm({ heldNowFen }: { heldNowFen: number }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('terminationRule')
  const [form, fields] = useSchemaForm<{
    reason: string
    partyAtFault: string
    refundFen: string
    releaseFen: string
    confirm: string
  }>(RuleTerminationSchema, {
    id: 'termination-rule',
    lastResult,
    defaultValue: { refundFen: fenToYuan(heldNowFen), releaseFen: '0.00' },
  })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)} data-testid="termination-rule">
      <h3>{t('contractTermination.ruleTitle')}</h3>
      <p className="muted">{t('contractTermination.ruleLead')}</p>
      <FormProblem problem={formError} />
      <TextareaField label={t('contractTermination.reason')} meta={fields.reason} />
      <SelectField
        label={t('contractTermination.partyAtFault')}
        meta={fields.partyAtFault}
        placeholder=""
        options={partiesAtFault.map((p) => ({ value: p, label: faultLabel(t, p) }))}
      />
      <SplitFields fields={fields} heldNowFen={heldNowFen} />
      <ConfirmField label={t('contractTermination.ruleConfirm')} errors={fields.confirm.errors} />
      <SubmitButton name="intent" value="terminationRule">
        {t('contractTermination.ruleSubmit')}
      </SubmitButton>
    </Form>
  )
}
