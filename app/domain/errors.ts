/**
 * Typed domain errors. Domain code throws them with a message key from the i18n dictionary;
 * `handle()` in app/utils/handler.server.ts turns them into responses in one place.
 */
export type MessageParams = Record<string, string | number>

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
    readonly params: MessageParams = {},
  ) {
    super(messageKey)
    this.name = new.target.name
  }
}

export class NotFound extends DomainError {
  constructor(messageKey = 'errors.notFound', params?: MessageParams) {
    super(404, messageKey, params)
  }
}

export class Forbidden extends DomainError {
  constructor(messageKey = 'errors.forbidden', params?: MessageParams) {
    super(403, messageKey, params)
  }
}

export class Conflict extends DomainError {
  constructor(messageKey = 'errors.conflict', params?: MessageParams) {
    super(409, messageKey, params)
  }
}

/** A business rule refused the request; `field` names the form field to attach it to. */
export class RuleViolation extends DomainError {
  constructor(
    messageKey: string,
    params?: MessageParams,
    readonly field?: string,
  ) {
    super(422, messageKey, params)
  }
}

/** A request body larger than the route reads (an upload over its budget): 413, shown above the form. */
export class PayloadTooLarge extends DomainError {
  constructor(messageKey: string, params?: MessageParams) {
    super(413, messageKey, params)
  }
}

/** Too many tries; `field` names the form field to attach it to (the password a signature asks again). */
export class TooManyRequests extends DomainError {
  constructor(
    messageKey = 'errors.tooManyRequests',
    params?: MessageParams,
    readonly field?: string,
  ) {
    super(429, messageKey, params)
  }
}

/** One problem of a refused submission: a message key with its parameters, at a form field or for the whole form. */
export interface FieldProblem {
  /** The form field it belongs to; null for the whole form. */
  field: string | null
  messageKey: string
  params?: MessageParams
}

/**
 * Several business rules refused one submission at once (e.g. the publish rules): each problem
 * is shown at its field, the summary (`messageKey`) above the form. 422 like RuleViolation.
 */
export class RuleViolations extends DomainError {
  constructor(
    messageKey: string,
    params: MessageParams,
    readonly problems: readonly FieldProblem[],
  ) {
    super(422, messageKey, params)
  }
}

/** A query parameter of a JSON API that cannot be used: 400 naming it. */
export class InvalidParameter extends DomainError {
  constructor(
    readonly parameter: string,
    messageKey = 'errors.invalidParameter',
    params: MessageParams = {},
  ) {
    super(400, messageKey, { parameter, ...params })
  }
}
