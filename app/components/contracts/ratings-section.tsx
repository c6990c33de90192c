import { getFormProps, getInputProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FormProblem, SelectField, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { dimensionLabels, RatingItem } from '~/components/ratings/rating-item'
import { useSchemaForm } from '~/components/use-schema-form'
import { DepartmentRatingSchema, HideRatingTextSchema, OwnerRatingSchema, RatingReplySchema } from '~/domain/ratings/ratings'
import type { ContractData } from './contract-page'

const scoreOptions = ['5', '4', '3', '2', '1'].map((v) => ({ value: v, label: v }))

/**
 * The contract's ratings: each rating (hidden text left out), the owner's rating form while its
 * window is open, the department's after the approval decision, the agency's reply under the
 * owner's rating, the regulator's "hide text" under each rating. Forms appear only where
 * `decideRating` would allow them.
 */
export function RatingsSection({ data }: { data: ContractData }) {
  const { t } = useTranslation()
  const r = data.ratings
  if (!data.contract.acceptedAt && r.ratings.length === 0) return null
  return (
    <section aria-labelledby="contract-ratings-title" data-testid="ratings-section">
      <h2 id="contract-ratings-title">{t('ratings.title')}</h2>
      <p className="muted">{t('ratings.lead', { days: data.ownerRatingWorkingDays })}</p>
      {r.ownerDueOn ? <p data-testid="rating-due">{t('ratings.ownerDueOn', { date: r.ownerDueOn })}</p> : null}
      {r.ratings.length === 0 ? <p className="muted">{t('ratings.none')}</p> : null}
      {r.ratings.map((rating) => (
        <RatingItem key={rating.id} rating={rating}>
          {r.replyable.includes(rating.id) ? <ReplyForm ratingId={rating.id} /> : null}
          {r.hideable.includes(rating.id) ? <HideForm ratingId={rating.id} /> : null}
        </RatingItem>
      ))}
      {r.offered.includes('rate_owner') ? <OwnerRatingForm /> : null}
      {r.offered.includes('rate_department') ? <DepartmentRatingForm /> : null}
    </section>
  )
}

function OwnerRatingForm() {
  const { t } = useTranslation()
  const labels = dimensionLabels(t)
  const { lastResult, formError } = useIntentReply('rateOwner')
  const [form, fields] = useSchemaForm<{ quality: string; timeliness: string; attitude: string; fee: string; comment: string }>(
    OwnerRatingSchema,
    { id: 'rating-owner', lastResult },
  )
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)} data-testid="rating-owner-form">
      <h3>{t('ratings.ownerForm.title')}</h3>
      <p className="muted">{t('ratings.scoreHint')}</p>
      <FormProblem problem={formError} />
      {(['quality', 'timeliness', 'attitude', 'fee'] as const).map((d) => (
        <SelectField key={d} label={labels[d]} meta={fields[d]} placeholder="" options={scoreOptions} />
      ))}
      <TextareaField label={t('ratings.commentOptional')} meta={fields.comment} />
      <SubmitButton name="intent" value="rateOwner">
        {t('ratings.ownerForm.submit')}
      </SubmitButton>
    </Form>
  )
}

function DepartmentRatingForm() {
  const { t } = useTranslation()
  const labels = dimensionLabels(t)
  const { lastResult, formError } = useIntentReply('rateDepartment')
  const [form, fields] = useSchemaForm<{ reportQuality: string; reportTimeliness: string; comment: string }>(
    DepartmentRatingSchema,
    { id: 'rating-department', lastResult },
  )
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)} data-testid="rating-department-form">
      <h3>{t('ratings.departmentForm.title')}</h3>
      <p className="muted">{t('ratings.scoreHint')}</p>
      <FormProblem problem={formError} />
      {(['reportQuality', 'reportTimeliness'] as const).map((d) => (
        <SelectField key={d} label={labels[d]} meta={fields[d]} placeholder="" options={scoreOptions} />
      ))}
      <TextareaField label={t('ratings.commentOptional')} meta={fields.comment} />
      <SubmitButton name="intent" value="rateDepartment">
        {t('ratings.departmentForm.submit')}
      </SubmitButton>
    </Form>
  )
}

function ReplyForm({ ratingId }: { ratingId: string }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('ratingReply')
  const [form, fields] = useSchemaForm<{ ratingId: string; reply: string }>(RatingReplySchema, {
    id: `rating-reply-${ratingId}`,
    lastResult,
    defaultValue: { ratingId },
  })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)} data-testid="rating-reply-form">
      <FormProblem problem={formError} />
      <input {...getInputProps(fields.ratingId, { type: 'hidden' })} key={fields.ratingId.key} />
      <TextareaField label={t('ratings.replyForm.label')} meta={fields.reply} />
      <SubmitButton name="intent" value="ratingReply">
        {t('ratings.replyForm.submit')}
      </SubmitButton>
    </Form>
  )
}

function HideForm({ ratingId }: { ratingId: string }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('ratingHide')
  const [form, fields] = useSchemaForm<{ ratingId: string; reason: string }>(HideRatingTextSchema, {
    id: `rating-hide-${ratingId}`,
    lastResult,
    defaultValue: { ratingId },
  })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)} data-testid="rating-hide-form">
      <FormProblem problem={formError} />
      <input {...getInputProps(fields.ratingId, { type: 'hidden' })} key={fields.ratingId.key} />
      <TextareaField label={t('ratings.hideForm.label')} meta={fields.reason} />
      <SubmitButton name="intent" value="ratingHide">
        {t('ratings.hideForm.submit')}
      </SubmitButton>
    </Form>
  )
}
