import type { resolutionSr } from './sr.ts';

/** Strings of what the public sees of resolution: channels, planned dates, resolution figures, answers in two languages, duplicates and the platform page, in Albanian; typed against the Serbian keys. */
export const resolutionSq: Record<keyof typeof resolutionSr, string> = {
};
