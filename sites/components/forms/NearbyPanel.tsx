/** @jsxImportSource preact */
/**
 * "This may already be reported", with JavaScript only: once a pin is placed and a category
 * picked, the open reports of that category within about 100 m (core/cases/nearby.ts), each with
 * its status, date and public wording, a link to the case and "follow this one instead" (the
 * archive page's follow form). The data is the site's static /open-data/open-reports.json (public
 * fields only), fetched once, when the map opens; a failed fetch just shows nothing (the
 * confirmation page lists the same reports after submission). A live region: a screen reader
 * hears the list appear or change.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { say } from '../../../core/i18n/form-messages.ts';
import { localeInfo, type Locale } from '../../../core/locales.ts';
import { textFor } from '../../../core/text/reader.ts';
import { archiveHref, followHref, nearbyOpen, type NearbyCandidate } from '../../../core/cases/nearby.ts';
import type { Pin } from './MapPicker.tsx';

type Strings = Record<string, string>;
interface OpenReport extends NearbyCandidate {
  lang: Locale;
}
interface OpenReports {
  timeZone: string;
  reports: OpenReport[];
}

export const OPEN_REPORTS_URL = '/open-data/open-reports.json';

/** One fetch per page: a remount of the panel (an error re-render) reuses it. */
let loading: Promise<OpenReports | null> | undefined;
function loadOpenReports(): Promise<OpenReports | null> {
  loading ??= fetch(OPEN_REPORTS_URL, { credentials: 'omit' })
    .then((r) => (r.ok ? (r.json() as Promise<OpenReports>) : null))
    .then((d) => (d && Array.isArray(d.reports) ? d : null))
    .catch(() => null);
  return loading;
}

export function NearbyPanel({ strings, locale, pin, category }: { strings: Strings; locale: Locale; pin: Pin | null; category: string }) {
  const [data, setData] = useState<OpenReports | null>(null);
  useEffect(() => {
    let live = true;
    void loadOpenReports().then((d) => live && setData(d));
    return () => {
      live = false;
    };
  }, []);

  const lat = Number(pin?.lat);
  const lng = Number(pin?.lng);
  const ready = !!data && !!pin && !!category && Number.isFinite(lat) && Number.isFinite(lng);
  const found = useMemo(() => (ready ? nearbyOpen(data.reports, { lat, lng, category }) : []), [ready, data, lat, lng, category]);
  const day = useMemo(
    () => new Intl.DateTimeFormat(localeInfo(locale).lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: data?.timeZone ?? 'Europe/Belgrade' }),
    [locale, data],
  );

  return (
    <div className="nearby-panel" aria-live="polite" data-testid="nearby-panel">
      {ready && found.length > 0 && (
        <section className="nearby notice" aria-labelledby="nearby-title" data-testid="nearby">
          <h2 id="nearby-title">{say(strings, 'form.nearby.title')}</h2>
          <p>{say(strings, 'form.nearby.intro')}</p>
          <ul className="plain nearby__list">
            {found.map((n) => {
              const text = textFor(n.lang, n.text, locale);
              return (
                <li className="nearby__item" key={n.code} data-code={n.code}>
                  <p>
                    <a href={archiveHref(locale, n.code)}>{say(strings, 'form.nearby.open', { code: n.code })}</a>{' '}
                    <span className={`badge badge--${n.status}`}>{strings[`status.${n.status}`] ?? n.status}</span>{' '}
                    <span className="muted">
                      {say(strings, 'form.nearby.reported', { date: day.format(new Date(n.createdAt)) })} · {say(strings, 'form.nearby.distance', { metres: Math.round(n.metres) })}
                    </span>
                  </p>
                  {text.text && <p lang={text.lang}>{text.text}</p>}
                  <p>
                    <a href={followHref(locale, n.code)} data-testid="nearby-follow">{say(strings, 'form.nearby.follow', { code: n.code })}</a>
                  </p>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {ready && found.length === 0 && <p className="form-hint" data-testid="nearby-none">{say(strings, 'form.nearby.none')}</p>}
    </div>
  );
}
