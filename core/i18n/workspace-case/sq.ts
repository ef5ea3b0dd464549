import type { workspaceCaseSr } from './sr.ts';

/** Strings of a case in the staff workspace: its timeline, notes and actions, and registering a case received by phone, at the counter or by letter, in Albanian; typed against the Serbian keys. */
export const workspaceCaseSq: Record<keyof typeof workspaceCaseSr, string> = {
};
