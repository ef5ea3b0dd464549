/** Strings of the citizen forms (System 48h report, Ask the Mayor), Serbian Cyrillic. Keys start with "form.". */
export const formsSr = {
  'form.error.title': 'Грешка',
} as const;
