/** Staff reply links: a one-time token per email, stored only as its hash, expiring after `tokenTtlDays`. */
import { newToken, hashToken } from '../../core/cases/codes.ts';
import type { CaseRecord } from '../../core/cases/model.ts';
import type { Config } from '../config.ts';
import type { CaseStore } from './ports.ts';

export interface TokenPorts {
  config: Pick<Config, 'tokenTtlDays'>;
  store: Pick<CaseStore, 'putToken'>;
  now: () => Date;
}

/** Makes a one-time staff reply token for a case (stored as a hash) and returns the raw token for the email. */
export async function issueReplyLink(ports: TokenPorts, r: CaseRecord, purpose: 'new' | 'follow-up'): Promise<string> {
  const token = newToken();
  const now = ports.now();
  const expires = new Date(now.getTime() + ports.config.tokenTtlDays * 86_400_000);
  await ports.store.putToken(hashToken(token), { code: r.code, expiresAt: expires.toISOString(), purpose }, Math.floor(expires.getTime() / 1000) + 86_400);
  return token;
}
