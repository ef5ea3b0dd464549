/** Strings of cases: statuses, the status page, staff pages and emails, Serbian Cyrillic. */
export const casesSr = {
  'status.received': 'Примљено',
} as const;
