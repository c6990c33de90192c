/**
 * The entry or change application form (app/routes/agency+/application.tsx): basic data, service
 * types, qualification and practitioner rows (added and removed with or without JavaScript), fees
 * and commitment.
 */
import { getFormProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CheckboxGroup, ErrorList, Field, FormProblem, SelectField, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { AgencyApplicationSchema, type AgencyApplicationInput } from '~/domain/agencies/schemas'
import { regionOptions } from '~/domain/organisations/regions'
import { useLocalized } from '~/utils/localized'

interface Named {
  id: string
  nameZh: string
  nameEn: string
}

export interface ApplicationFormProps {
  defaults: Record<string, unknown>
  editable: boolean
  serviceTypes: Named[]
  qualificationTypes: (Named & { levels: Named[] })[]
  files: { id: string; fileName: string; sha256: string }[]
}

/** The whole desired registered profile; fields are disabled unless the state machine allows an edit. */
export function ApplicationForm({ defaults, editable, serviceTypes, qualificationTypes, files }: ApplicationFormProps) {
  const { t, i18n } = useTranslation()
  const name = useLocalized()
  const { lastResult, formError } = useIntentReply('save')
  const [form, fields] = useSchemaForm<AgencyApplicationInput>(AgencyApplicationSchema, {
    id: 'agency-application',
    lastResult,
    defaultValue: defaults,
  })

  const typeOptions = qualificationTypes.map((q) => ({ value: q.id, label: name(q) }))
  const levelOptions = qualificationTypes.flatMap((q) =>
    q.levels.map((l) => ({ value: l.id, label: `${name(q)} · ${name(l)}` })),
  )
  const fileOptions = files.map((f) => ({ value: f.id, label: `${f.fileName} · ${f.sha256.slice(0, 12)}…` }))
  const qualifications = fields.qualifications.getFieldList()
  const practitioners = fields.practitioners.getFieldList()

  return (
    <Form method="post" className="registry-form" {...getFormProps(form)}>
      <FormProblem problem={formError} />
      {/* The intent travels with every submit, also a row added or removed without JavaScript. */}
      <input type="hidden" name="intent" value="save" />
      <fieldset className="registry-fieldset" disabled={!editable}>
        <fieldset className="registry-group">
          <legend>{t('agencyApp.form.basic')}</legend>
          <div className="registry-grid">
            <Field label={t('agencyApp.form.name')} meta={fields.name} autoComplete="organization" />
            <Field label={t('agencyApp.form.nameEn')} meta={fields.nameEn} />
            <SelectField
              label={t('agencyApp.form.region')}
              meta={fields.region}
              options={regionOptions(i18n.language)}
              placeholder={t('regions.placeholder')}
            />
            <Field label={t('agencyApp.form.address')} meta={fields.address} autoComplete="street-address" />
            <Field label={t('agencyApp.form.legalRepresentative')} meta={fields.legalRepresentative} />
            <Field label={t('agencyApp.form.contactName')} meta={fields.contactName} autoComplete="name" />
            <Field label={t('agencyApp.form.contactPhone')} meta={fields.contactPhone} autoComplete="tel" />
          </div>
        </fieldset>

        <CheckboxGroup
          label={t('agencyApp.form.serviceTypes')}
          meta={fields.serviceTypeIds}
          options={serviceTypes.map((s) => ({ value: s.id, label: name(s) }))}
        />

        <fieldset className="registry-group" aria-describedby="qualifications-hint">
          <legend>{t('agencyApp.form.qualifications')}</legend>
          <p id="qualifications-hint" className="hint">
            {t('agencyApp.form.qualificationsHint')}
          </p>
          {qualifications.length === 0 ? <p className="muted">{t('agencyApp.form.noQualifications')}</p> : null}
          {qualifications.map((row, index) => {
            const q = row.getFieldset()
            return (
              <fieldset key={row.key} className="registry-row" data-testid="qualification-row">
                <legend>{t('agencyApp.form.qualificationRow', { n: index + 1 })}</legend>
                <div className="registry-grid">
                  <SelectField
                    label={t('agencyApp.form.qualificationType')}
                    meta={q.qualificationTypeId}
                    options={typeOptions}
                    placeholder={t('agencyApp.form.choose')}
                  />
                  <SelectField
                    label={t('agencyApp.form.level')}
                    meta={q.levelId}
                    options={levelOptions}
                    placeholder={t('agencyApp.form.choose')}
                  />
                  <Field label={t('agencyApp.form.certificateNo')} meta={q.certificateNo} />
                  <Field label={t('agencyApp.form.issuer')} meta={q.issuer} />
                  <Field label={t('agencyApp.form.validFrom')} meta={q.validFrom} type="date" />
                  <Field label={t('agencyApp.form.validUntil')} meta={q.validUntil} type="date" />
                  <SelectField
                    label={t('agencyApp.form.file')}
                    meta={q.fileId}
                    options={fileOptions}
                    placeholder={t('agencyApp.form.noFile')}
                  />
                </div>
                <ErrorList id={row.errorId} errors={row.errors} />
                <button
                  className="registry-remove"
                  {...form.remove.getButtonProps({ name: fields.qualifications.name, index })}
                >
                  {t('agencyApp.form.removeQualification', { n: index + 1 })}
                </button>
              </fieldset>
            )
          })}
          <ErrorList id={fields.qualifications.errorId} errors={fields.qualifications.errors} />
          <button className="button secondary" {...form.insert.getButtonProps({ name: fields.qualifications.name })}>
            {t('agencyApp.form.addQualification')}
          </button>
        </fieldset>

        <fieldset className="registry-group">
          <legend>{t('agencyApp.form.practitioners')}</legend>
          {practitioners.length === 0 ? <p className="muted">{t('agencyApp.form.noPractitioners')}</p> : null}
          {practitioners.map((row, index) => {
            const p = row.getFieldset()
            return (
              <fieldset key={row.key} className="registry-row" data-testid="practitioner-row">
                <legend>{t('agencyApp.form.practitionerRow', { n: index + 1 })}</legend>
                <div className="registry-grid">
                  <Field label={t('agencyApp.form.practitionerName')} meta={p.name} />
                  <Field label={t('agencyApp.form.certificateType')} meta={p.certificateType} />
                  <Field label={t('agencyApp.form.practitionerCertificateNo')} meta={p.certificateNo} />
                </div>
                <button
                  className="registry-remove"
                  {...form.remove.getButtonProps({ name: fields.practitioners.name, index })}
                >
                  {t('agencyApp.form.removePractitioner', { n: index + 1 })}
                </button>
              </fieldset>
            )
          })}
          <ErrorList id={fields.practitioners.errorId} errors={fields.practitioners.errors} />
          <button className="button secondary" {...form.insert.getButtonProps({ name: fields.practitioners.name })}>
            {t('agencyApp.form.addPractitioner')}
          </button>
        </fieldset>

        <fieldset className="registry-group">
          <legend>{t('agencyApp.form.service')}</legend>
          <TextareaField label={t('agencyApp.form.feeStandard')} meta={fields.feeStandard} />
          <TextareaField label={t('agencyApp.form.commitment')} meta={fields.commitment} />
        </fieldset>

        {editable ? (
          <SubmitButton name="intent" value="save">
            {t('agencyApp.form.save')}
          </SubmitButton>
        ) : null}
      </fieldset>
    </Form>
  )
}

