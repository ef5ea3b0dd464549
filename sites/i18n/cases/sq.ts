import type { casesSr } from './sr.ts';
/** Strings of cases, Albanian; typed against the Serbian keys. */
export const casesSq: Record<keyof typeof casesSr, string> = {
  'status.received': 'Pranuar',
};
