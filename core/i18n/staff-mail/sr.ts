/** Strings of emails to staff: sign-in links, forwarded cases, resolution reminders and escalations, and the workspace link, in Serbian Cyrillic (the Latin locale is derived). */
export const staffMailSr = {
} as const;
