/**
 * What both forms do once JavaScript runs: set the idempotency key and start time, validate
 * with the shared zod schema, send JSON, and show errors the GOV.UK way (focused summary,
 * message beside each field, "Error:" before the page title). Before hydration, and with
 * JavaScript off, the form is a plain HTML POST and none of this runs.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { JSX, RefObject } from 'preact';
import type { z } from 'zod/mini';
import { fieldErrors } from '../../../core/cases/forms.ts';
import { errorMessage, say } from '../../../core/i18n/form-messages.ts';
import type { SummaryItem } from './Fields.tsx';
import type { FormError, FormProps } from './types.ts';

/** A random key per form view, [A-Za-z0-9_-]{16,64}: 32 hex digits. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID().replace(/-/g, '');
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The form's fields as the schema and the API expect them (checkboxes as booleans, numbers as numbers, photos as a list). */
export function collect(form: HTMLFormElement): Record<string, unknown> {
  const data = new FormData(form);
  const out: Record<string, unknown> = {};
  const photos: string[] = [];
  for (const [key, value] of data.entries()) {
    if (typeof value !== 'string') continue;
    if (key === 'photos') photos.push(value);
    else out[key] = value;
  }
  for (const box of ['showName', 'consent']) out[box] = data.has(box);
  for (const num of ['lat', 'lng', 'startedAt']) {
    const v = out[num];
    if (typeof v !== 'string') continue;
    if (v === '') delete out[num];
    else out[num] = Number(v);
  }
  if (photos.length) out['photos'] = photos;
  return out;
}

interface Options {
  schema: z.ZodMiniType;
  /** Field names in the order they appear, so errors are listed top to bottom. */
  order: string[];
  /** The id an error's summary link points at; undefined for errors nobody can fix in the form. */
  target: (field: string, mounted: boolean) => string | undefined;
  /** Runs before validation (waits for photo uploads); returns extra errors. */
  beforeSubmit?: () => Promise<FormError[]>;
  /** Values that state knows better than the DOM (the uploaded photos' keys). */
  extraData?: () => Record<string, unknown>;
}

export interface FormController {
  mounted: boolean;
  sending: boolean;
  errors: FormError[];
  errorFor: (field: string) => FormError | undefined;
  summary: SummaryItem[];
  summaryRef: RefObject<HTMLDivElement>;
  idempotencyKey: string;
  startedAt: string;
  onSubmit: (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => void;
  /** Shows a list of errors the GOV.UK way (sorted into form order, summary focused). */
  showErrors: (errors: FormError[]) => void;
}

const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export function useForm(props: FormProps, options: Options): FormController {
  const { strings, values = {}, action } = props;
  const [mounted, setMounted] = useState(false);
  const [errors, setErrors] = useState<FormError[]>(props.errors ?? []);
  const [focusCount, setFocusCount] = useState(0);
  const [sending, setSending] = useState(false);
  const [idempotencyKey, setIdempotencyKey] = useState(first(values['idempotencyKey']));
  const [startedAt, setStartedAt] = useState(first(values['startedAt']));
  const summaryRef = useRef<HTMLDivElement>(null);
  const sendingRef = useRef(false);
  const titleRef = useRef('');
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    setMounted(true);
    titleRef.current = document.title;
    // A key kept from a failed submission stays, so a retry still makes one case.
    setIdempotencyKey((k) => (/^[A-Za-z0-9_-]{16,64}$/.test(k) ? k : newIdempotencyKey()));
    setStartedAt((s) => s || String(Date.now()));
  }, []);

  // Focus the summary when the page arrives with errors and after every failed submit.
  useEffect(() => {
    if (errors.length === 0) return;
    summaryRef.current?.focus();
    const prefix = `${say(strings, 'form.error.title')}: `;
    if (!document.title.startsWith(prefix)) document.title = prefix + (titleRef.current || document.title);
    // Only focusCount says "show them now".
  }, [focusCount]);

  const showErrors = useCallback((list: FormError[]) => {
    const { order } = optionsRef.current;
    const rank = (f: string) => {
      const i = order.indexOf(f);
      return i === -1 ? order.length : i;
    };
    const sorted = [...list].sort((a, b) => rank(a.field) - rank(b.field));
    setErrors(sorted);
    if (sorted.length === 0 && titleRef.current) document.title = titleRef.current;
    setFocusCount((n) => n + 1);
  }, []);

  const fail = useCallback((code: string) => showErrors([{ field: 'form', code, message: say(strings, `form.error.${code}`) }]), [showErrors, strings]);

  const onSubmit = useCallback((event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (sendingRef.current) return; // a double click sends once
    const form = event.currentTarget;
    sendingRef.current = true;
    setSending(true);
    let leaving = false;
    void (async () => {
      try {
        const { schema, beforeSubmit, extraData } = optionsRef.current;
        const extra = beforeSubmit ? await beforeSubmit() : [];
        const data = { ...collect(form), ...extraData?.() };
        const parsed = schema.safeParse(data);
        const found = parsed.success ? [] : fieldErrors(parsed.error.issues).map((e) => ({ ...e, message: errorMessage(strings, e.field, e.code) }));
        const all = [...found, ...extra.filter((x) => !found.some((f) => f.field === x.field))];
        if (all.length) {
          showErrors(all);
          return;
        }
        let res: Response;
        try {
          res = await fetch(action, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify(data),
          });
        } catch {
          fail('network');
          return;
        }
        const body = (await res.json().catch(() => null)) as { statusUrl?: unknown; errors?: unknown } | null;
        if (res.ok && body && typeof body.statusUrl === 'string') {
          leaving = true;
          location.assign(body.statusUrl);
          return;
        }
        if (res.status === 400 && body && Array.isArray(body.errors) && body.errors.length) {
          showErrors(
            (body.errors as Partial<FormError>[]).map((e) => {
              const field = String(e.field ?? 'form');
              const code = String(e.code ?? 'invalid');
              return { field, code, message: typeof e.message === 'string' && e.message ? e.message : errorMessage(strings, field, code) };
            }),
          );
          return;
        }
        fail(res.status === 429 ? 'rateLimited' : res.status === 400 ? 'invalid' : 'unavailable');
      } catch {
        fail('unavailable');
      } finally {
        if (!leaving) {
          sendingRef.current = false;
          setSending(false);
        }
      }
    })();
  }, [action, fail, showErrors, strings]);

  const errorFor = (field: string) => errors.find((e) => e.field === field);
  const summary: SummaryItem[] = errors.map((e) => ({ target: options.target(e.field, mounted), message: e.message }));

  return { mounted, sending, errors, errorFor, summary, summaryRef, idempotencyKey, startedAt, onSubmit, showErrors };
}
