import type { DomainError, ErrorCode } from '../domain/errors.ts';

export type ErrorStatus = 400 | 404 | 410 | 429 | 503;

/** The HTTP status of each domain error: the one place the web layer decides it (app.ts, open311.ts). */
const statusOf: Record<ErrorCode, ErrorStatus> = {
  invalid: 400,
  validation: 400,
  notFound: 404,
  caseUnknown: 404,
  tokenUnknown: 404,
  tokenExpired: 410,
  tokenUsed: 410,
  tokenReplaced: 410,
  tokenClosed: 410,
  rateLimited: 429,
  unavailable: 503,
};

export function httpStatus(e: DomainError): ErrorStatus {
  return statusOf[e.code];
}
