import { deadlineState, type DeadlineState, type PublicCase } from '../../core/cases/public.ts';

/**
 * "Now" for this build: one instant shared by every page, so lists, case pages, statistics and
 * open data agree on what is overdue. BUILD_NOW (ISO time) pins it in tests. Kept apart from
 * archive.ts (which reads Astro's content store) so the open-data builders load without Astro.
 */
export const buildNow = new Date(process.env.BUILD_NOW ?? Date.now());

/** A case's state against its deadline at this build's "now". */
export const stateOf = (c: PublicCase): DeadlineState => deadlineState(c, buildNow);
