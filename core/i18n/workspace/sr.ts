/** Strings of the staff workspace: signing in, the inbox, the log of staff actions and settings, in Serbian Cyrillic (the Latin locale is derived). */
export const workspaceSr = {
  'workspace.nav.label': 'Радни простор запослених',
  'workspace.nav.inbox': 'Предмети',
  'workspace.nav.new': 'Нови предмет',
  'workspace.nav.audit': 'Евиденција радњи',
  'workspace.nav.settings': 'Подешавања',
  'workspace.signOut': 'Одјави се',
  'workspace.signedInAs': 'Пријављени сте као {email}',
} as const;
