import type { nearbySr } from './sr.ts';

/** Strings of "this may already be reported": open reports of the same category near the pin, on the report form (with JavaScript) and on the confirmation page (without), in Albanian; typed against the Serbian keys. */
export const nearbySq: Record<keyof typeof nearbySr, string> = {
  'form.nearby.title': 'Mund të jetë raportuar tashmë',
  'form.nearby.intro': 'Raporte të hapura të së njëjtës kategori, më pak se 100 m nga vendi që shënuat. Nëse është i njëjti problem, ndiqni atë raport në vend që të dërgoni një të ri: do t’ju njoftojmë për çdo ndryshim.',
  'form.nearby.after': 'Raporti juaj është pranuar. Më pak se 100 m prej tij janë edhe këto raporte të hapura të së njëjtës kategori. Nëse është i njëjti problem, mund të ndiqni njërin prej tyre.',
  'form.nearby.afterAddress': 'Raporti juaj është pranuar. Në të njëjtën adresë janë edhe këto raporte të hapura të së njëjtës kategori. Nëse është i njëjti problem, mund të ndiqni njërin prej tyre.',
  'form.nearby.afterBoth': 'Raporti juaj është pranuar. Në të njëjtën adresë ose më pak se 100 m prej tij janë edhe këto raporte të hapura të së njëjtës kategori. Nëse është i njëjti problem, mund të ndiqni njërin prej tyre.',
  'form.nearby.sameAddress': 'në të njëjtën adresë',
  'form.nearby.none': 'Pranë vendit të shënuar nuk ka raporte të hapura të kësaj kategorie.',
  'form.nearby.distance': 'rreth {metres} m',
  'form.nearby.reported': 'raportuar më {date}',
  'form.nearby.open': 'Raporti {code}',
  'form.nearby.follow': 'Ndiqni raportin {code} në vend të një të riu',
  'form.nearby.followAfter': 'Ndiqni raportin {code}',
};
