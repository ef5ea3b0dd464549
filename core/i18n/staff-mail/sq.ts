import type { staffMailSr } from './sr.ts';

/** Strings of emails to staff: sign-in links, forwarded cases, resolution reminders and escalations, and the workspace link, in Albanian; typed against the Serbian keys. */
export const staffMailSq: Record<keyof typeof staffMailSr, string> = {
  'email.staff.workspaceLink': 'Lënda në hapësirën e punës së stafit (hyrja me adresën e emailit):',
  'email.forwarded.subject': '[{platform}] Ju është përcjellë lënda {code}',
  'email.forwarded.intro': 'lënda {code} ju është përcjellë nga adresa {from}. Afati mbetet i njëjtë: {deadline}.',
  'email.forwarded.introNoFrom': 'lënda {code} ju është përcjellë. Afati mbetet i njëjtë: {deadline}.',
  'email.resolution.subject.reminder': '[{platform}] Ka skaduar afati për zgjidhje: {code}',
  'email.resolution.reminder': 'afati për zgjidhjen e lëndës {code} ({deadline}) ka skaduar, ndërsa lënda është ende "në trajtim". Nëse është zgjidhur, shënojeni si të zgjidhur; nëse jo, shkruajini qytetarit deri ku ka arritur puna. Përdorni lidhjen e re më poshtë.',
  'email.resolution.subject.escalation': '[{platform}] Lënda {code} nuk është zgjidhur as pas afatit',
  'email.resolution.escalation': 'lënda {code} është ende "në trajtim" edhe pas afatit për zgjidhje ({deadline}). Lënda është te adresa {inbox}, e cila ka marrë edhe një përkujtues. Ju lutemi verifikoni pse po vonohet zgjidhja.',
  'email.resolution.planned': 'Data e planifikuar: {date}.',
  'email.answerIn.sr': 'Përgjigjja në serbisht:',
  'email.answerIn.sq': 'Përgjigjja në shqip:',
  'email.plannedAt': 'Komuna planifikon ta zgjidhë lëndën deri më {date}.',
  'email.resolvedAt': 'Zgjidhur më: {date}.',
  'email.subject.report.duplicate': 'Raporti juaj {code} ka të bëjë me një problem të raportuar më parë',
  'email.subject.question.duplicate': 'Pyetja juaj {code} është bërë më parë',
  'email.duplicate': 'lënda juaj {code} ka të bëjë me të njëjtën gjë si lënda {original}, prandaj komuna e trajton atje.',
  'email.duplicate.link': 'Gjendjen dhe përgjigjen e lëndës {original} mund t’i ndiqni këtu:',
  'email.ack.registered.report': 'komuna e regjistroi në Sistemin 48h raportin tuaj të marrë {channel}. Komuna do të përgjigjet brenda 48 orëve ({deadline}).',
  'email.ack.registered.question': 'komuna e regjistroi pyetjen tuaj për kryetarin e komunës të marrë {channel}. Përgjigjen do ta merrni me email, ndërsa pyetja dhe përgjigjja do të publikohen.',
  'email.channel.phone': 'me telefon',
  'email.channel.counter': 'në sportel',
  'email.channel.letter': 'me letër',
  'email.channel.email': 'me email',
} as const;
