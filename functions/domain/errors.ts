/** Domain errors carry a stable code; the code is translated where it is shown. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: 400 | 404 | 409 | 410 | 413 | 429 | 503,
    message?: string,
  ) {
    super(message ?? code);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(code = 'notFound') {
    super(code, 404);
  }
}

export class TokenError extends DomainError {
  constructor(code: 'tokenUnknown' | 'tokenExpired' | 'tokenUsed') {
    super(code, code === 'tokenUnknown' ? 404 : 410);
  }
}

export class RateLimitError extends DomainError {
  constructor() {
    super('rateLimited', 429);
  }
}

/** Storage is down or overloaded: the request may be retried. */
export class UnavailableError extends DomainError {
  constructor(cause?: unknown) {
    super('unavailable', 503);
    this.cause = cause;
  }
}
