/**
 * How times, durations and categories read on every page and email that shows a case: the
 * archive, the live status page, the staff page. One home for each, so they read the same.
 */
import type { Category, Municipality } from '../municipalities/schema.ts';
import { localeInfo, type Locale } from '../locales.ts';
import { t, plural } from '../i18n/index.ts';
import { local } from '../text/localize.ts';
import { dateFormat, timeOfDayIn } from '../time.ts';

const DAY_OPTIONS: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
/** "14:05" in each time zone asked for, made once per zone (making a formatter is the costly part). */
const timesOfDay = new Map<string, (iso: string) => string>();
function timeOfDay(iso: string, timeZone: string): string {
  let format = timesOfDay.get(timeZone);
  if (!format) {
    format = timeOfDayIn(timeZone);
    timesOfDay.set(timeZone, format);
  }
  return format(iso);
}

/**
 * "23. новембар 2026. 14:05" / "23 nëntor 2026 14:05": the local date in the reader's language
 * and the 24-hour time, in a time zone (the municipality's). Date and time are formatted apart
 * so every language gets the same "date time" shape (Intl would write "në 14:05" in Albanian).
 */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return `${dateFormat(localeInfo(locale).lang, timeZone, DAY_OPTIONS).format(new Date(iso))} ${timeOfDay(iso, timeZone)}`;
}

/** Hours from one instant to another (negative when `to` is earlier). */
export const hoursBetween = (from: string | Date, to: string | Date): number => (new Date(to).getTime() - new Date(from).getTime()) / 3_600_000;

/**
 * A duration rounded to whole hours, or to days from 48 hours on: "5 ч", "3 дана". How long an
 * answer took, or how late a case is, in the archive and on the live pages.
 */
export function formatHoursOrDays(hours: number, locale: Locale): string {
  const h = Math.max(0, Math.round(hours));
  if (h < 48) return t(locale, 'archive.hours', { n: h });
  return t(locale, 'archive.days', { n: Math.round(h / 24) });
}

/**
 * A duration in whole days and hours, "3 дана 4 сата", "5 ditë 1 orë", "0 сати": how long resolution
 * took, on the statistics and platform pages and in a resolved case's facts. Rounded to the hour.
 */
export function formatDaysHours(hours: number, locale: Locale): string {
  const h = Math.max(0, Math.round(hours));
  const days = Math.floor(h / 24);
  const rest = h % 24;
  if (days === 0) return plural(locale, 'resolution.hours', rest);
  if (rest === 0) return plural(locale, 'resolution.days', days);
  return `${plural(locale, 'resolution.days', days)} ${plural(locale, 'resolution.hours', rest)}`;
}

/**
 * "14. март 2026." / "14 mars 2026": a calendar date of the municipality (YYYY-MM-DD, such as a
 * planned date) in the reader's language. Read at noon UTC, which is the same day in any European
 * time zone.
 */
export function formatDay(date: string, locale: Locale): string {
  return dateFormat(localeInfo(locale).lang, 'UTC', DAY_OPTIONS).format(new Date(`${date}T12:00:00Z`));
}

/** A duration to the minute, "5 ч 7 мин", for the staff's countdown (the sign is dropped). */
export function formatHoursMinutes(ms: number, locale: Locale): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  return t(locale, 'staff.hoursMinutes', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

const categoryNames = new WeakMap<readonly Category[], Map<string, string>>();
/**
 * A category's name in the locale, or the code itself for a category the municipality no longer
 * has. Remembered per municipality (its list of categories), locale and code: an archive build
 * asks for the same few names on thousands of pages, and the Serbian ones are transliterated.
 */
export function categoryName(m: Pick<Municipality, 'categories'>, code: string | undefined, locale: Locale): string {
  let names = categoryNames.get(m.categories);
  if (!names) {
    names = new Map();
    categoryNames.set(m.categories, names);
  }
  const key = `${locale}|${code ?? ''}`;
  let name = names.get(key);
  if (name === undefined) {
    const category = m.categories.find((c) => c.code === code);
    name = category ? local(category.name, locale) : (code ?? '');
    names.set(key, name);
  }
  return name;
}
