import type { FieldError } from '../../core/cases/forms.ts';

/**
 * The codes a domain error carries. The web layer turns each into an HTTP status
 * (functions/web/status.ts) and translates it where it is shown; the domain knows neither.
 */
export type ErrorCode =
  /** A body that is no form at all (not JSON, a file where text belongs). */
  | 'invalid'
  /** A form with field errors (ValidationError). */
  | 'validation'
  | 'notFound'
  | 'caseUnknown'
  | 'tokenUnknown'
  | 'tokenExpired'
  | 'tokenUsed'
  /** A newer link of the same purpose was mailed for the case (functions/domain/tokens.ts). */
  | 'tokenReplaced'
  /** The case is closed: no link acts on it any more. */
  | 'tokenClosed'
  | 'rateLimited'
  /** Storage is down or overloaded: the request may be retried. */
  | 'unavailable';

/** Domain errors carry a stable code; the code is translated where it is shown. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? code);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(code: 'notFound' | 'caseUnknown' = 'notFound') {
    super(code);
  }
}

export class TokenError extends DomainError {
  constructor(code: 'tokenUnknown' | 'tokenExpired' | 'tokenUsed' | 'tokenReplaced' | 'tokenClosed') {
    super(code);
  }
}

export class RateLimitError extends DomainError {
  constructor() {
    super('rateLimited');
  }
}

/** Storage is down or overloaded: the request may be retried. */
export class UnavailableError extends DomainError {
  constructor(cause?: unknown) {
    super('unavailable');
    this.cause = cause;
  }
}

/** Bad input, with the fields to show the citizen. */
export class ValidationError extends DomainError {
  constructor(readonly errors: FieldError[]) {
    super('validation');
  }
}

/**
 * The tracking code just drawn is taken (CaseStore.createCase): draw another. Not a DomainError:
 * it never leaves the domain.
 */
export class CodeCollisionError extends Error {
  override name = 'CodeCollisionError';
}
