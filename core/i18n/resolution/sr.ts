/** Strings of what the public sees of resolution: channels, planned dates, resolution figures, answers in two languages, duplicates and the platform page, in Serbian Cyrillic (the Latin locale is derived). */
export const resolutionSr = {
} as const;
