import type { workspaceSr } from './sr.ts';

/** Strings of the staff workspace: signing in, the inbox, the log of staff actions and settings, in Albanian; typed against the Serbian keys. */
export const workspaceSq: Record<keyof typeof workspaceSr, string> = {
  'workspace.nav.label': 'Hapësira e punës së stafit',
  'workspace.nav.inbox': 'Rastet',
  'workspace.nav.new': 'Rast i ri',
  'workspace.nav.audit': 'Regjistri i veprimeve',
  'workspace.nav.settings': 'Cilësimet',
  'workspace.signOut': 'Dilni',
  'workspace.signedInAs': 'Jeni kyçur si {email}',
};
