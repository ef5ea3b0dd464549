/** Strings of a case in the staff workspace: its timeline, notes and actions, and registering a case received by phone, at the counter or by letter, in Serbian Cyrillic (the Latin locale is derived). */
export const workspaceCaseSr = {
} as const;
