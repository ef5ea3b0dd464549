import { zonedToUtc } from './site.ts';

export interface IcsEvent {
  uid: string;
  title: string;
  description: string;
  location: string;
  /** Local wall-clock time, YYYY-MM-DDTHH:MM. */
  start: string;
  end?: string | undefined;
  timeZone: string;
  url: string;
  /** DTSTAMP; fixed by callers so rebuilding unchanged content gives identical files. */
  stamp?: Date;
}

/** RFC 5545 text: escape \ ; , and newlines. */
function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Folds a content line at 75 octets, never inside a UTF-8 character. */
function fold(line: string): string {
  const bytes = new TextEncoder();
  const out: string[] = [];
  let current = '';
  for (const ch of line) {
    if (bytes.encode(current + ch).length > (out.length ? 74 : 75)) {
      out.push(current);
      current = ch;
    } else current += ch;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** One event as an iCalendar file, times in UTC so every calendar reads them alike. */
export function eventToIcs(e: IcsEvent): string {
  const start = zonedToUtc(e.start, e.timeZone);
  const end = e.end ? zonedToUtc(e.end, e.timeZone) : new Date(start.getTime() + 60 * 60 * 1000);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//E-opstine//Events//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${utcStamp(e.stamp ?? start)}`,
    `DTSTART:${utcStamp(start)}`,
    `DTEND:${utcStamp(end)}`,
    `SUMMARY:${escapeText(e.title)}`,
    `DESCRIPTION:${escapeText(e.description)}`,
    `LOCATION:${escapeText(e.location)}`,
    `URL:${e.url}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
