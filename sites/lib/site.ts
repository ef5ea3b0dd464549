import { getMunicipality } from '../../core/municipalities/index.ts';
import { localeInfo, href, localHref, switchLocale, type Locale } from '../../core/locales.ts';
import { local } from '../../core/text/localize.ts';

/** The municipality this build renders, chosen by the SITE environment variable. */
export const municipality = getMunicipality(process.env.SITE ?? 'zvecan');

export { local };
export { href, localHref, switchLocale };

/** Tokens a Markdown page may use, in the page's locale. */
export function contentTokens(locale: Locale): Record<string, string> {
  const m = municipality;
  return {
    name: local(m.name, locale),
    officialName: local(m.officialName, locale),
    nameLocative: local(m.nameLocative, locale),
    platformName: local(m.platformName, locale),
    email: m.contact.email,
    hours: local(m.contact.hours, locale),
  };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(localeInfo(locale).lang, { timeZone: municipality.clock.timeZone, ...options });
    dateFormats.set(key, f);
  }
  return f;
}

/**
 * "28. новембар 2017." / "28 nëntor 2017" from YYYY-MM-DD (read as a local date), or the local
 * date of an instant (an ISO time with Z or an offset, such as a case's).
 */
export function formatDate(iso: string, locale: Locale): string {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(iso)) return formatter(locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  // Noon UTC keeps the calendar day in any European time zone.
  return formatter(locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(Date.UTC(y!, m! - 1, d!, 12)));
}

/** Local time of an event written as YYYY-MM-DDTHH:MM: "18:00". */
export function formatTime(isoLocal: string): string {
  return isoLocal.slice(11, 16);
}

/** Converts a wall-clock time in a time zone to the UTC instant. */
export function zonedToUtc(isoLocal: string, timeZone: string): Date {
  const [date, time = '00:00'] = isoLocal.split('T');
  const [y, mo, d] = date!.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const guess = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  // The zone's offset at that instant, read back through Intl.
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(guess));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asZone = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(guess - (asZone - guess));
}

/** The build's notion of "today" (YYYY-MM-DD in the municipality's zone); BUILD_DATE overrides it in tests. */
export function today(): string {
  if (process.env.BUILD_DATE) return process.env.BUILD_DATE;
  return new Intl.DateTimeFormat('en-CA', { timeZone: municipality.clock.timeZone }).format(new Date());
}
