import type { staffMailSr } from './sr.ts';

/** Strings of emails to staff: sign-in links, forwarded cases, resolution reminders and escalations, and the workspace link, in Albanian; typed against the Serbian keys. */
export const staffMailSq: Record<keyof typeof staffMailSr, string> = {
};
