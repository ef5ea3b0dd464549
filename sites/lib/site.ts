import { getMunicipality } from '../../core/municipalities/index.ts';
import { localeInfo, href, localHref, switchLocale, type Locale } from '../../core/locales.ts';
import { local } from '../../core/text/localize.ts';
import { dateFormat, localDate, zonedToUtc } from '../../core/time.ts';
import { plural } from '../../core/i18n/index.ts';
import { personalDataRetention } from '../../core/cases/retention.ts';

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
    // The retention periods the privacy page states, from the numbers the platform applies.
    contactRetention: period(personalDataRetention.afterClosureDays, locale),
    retentionBackstop: period(personalDataRetention.backstopDays, locale),
    uploadRetention: period(personalDataRetention.uploadDays, locale),
  };
}

/** "2 године" / "2 vjet" for 730 days; "1 дан" / "1 ditë" for 1. */
function period(days: number, locale: Locale): string {
  return days % 365 === 0 ? plural(locale, 'retention.years', days / 365) : plural(locale, 'retention.days', days);
}

/** Formatters in the page's language and the municipality's time zone (made once; core/time.ts). */
const formatter = (locale: Locale, options: Intl.DateTimeFormatOptions) => dateFormat(localeInfo(locale).lang, municipality.clock.timeZone, options);

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

/** Converts a wall-clock time in a time zone to the UTC instant (for the calendar files). */
export { zonedToUtc };

/** The build's notion of "today" (YYYY-MM-DD in the municipality's zone); BUILD_DATE overrides it in tests. */
export function today(): string {
  if (process.env.BUILD_DATE) return process.env.BUILD_DATE;
  return localDate(Date.now(), municipality.clock.timeZone);
}
