import type { Locale } from '../../../core/locales.ts';

/** One category of problem, already in the page's language. */
export interface FormCategory {
  code: string;
  name: string;
  description?: string;
}

/** What the map needs: from the municipality's config (`map`). */
export interface FormMap {
  center: [number, number];
  zoom: number;
  bounds: [[number, number], [number, number]];
  tileUrl: string;
  attribution: string;
}

/** An error to show: the field (the HTML name), its code, and the message already translated. */
export interface FormError {
  field: string;
  code: string;
  message: string;
}

/**
 * Props of ReportForm and QuestionForm. Everything is serialisable: the Astro page passes them
 * to the island, and the API renders the same component with `values` and `errors` when a
 * no-JavaScript POST fails validation.
 */
export interface FormProps {
  locale: Locale;
  /** The form.* strings in this locale (formStrings(locale)). */
  strings: Record<string, string>;
  municipality: { id: string; categories: FormCategory[]; map: FormMap };
  /** The answers to show again, by HTML name; photos may be a list. */
  values?: Record<string, string | string[]>;
  errors?: FormError[];
  /** '/api/reports?lang=<locale>' or '/api/questions?lang=<locale>' (formProps). */
  action: string;
  privacyHref: string;
  /** When this HTML was rendered (ms since epoch); kept on the form as data-build-time. */
  buildTime: number;
}
