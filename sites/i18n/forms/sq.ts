import type { formsSr } from './sr.ts';
/** Strings of the citizen forms, Albanian; typed against the Serbian keys. */
export const formsSq: Record<keyof typeof formsSr, string> = {
  'form.error.title': 'Gabim',
};
