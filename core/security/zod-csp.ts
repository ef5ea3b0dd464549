/**
 * Zod without its `new Function` probe, in the browser. Zod compiles faster object parsers when
 * `new Function` works, and finds out by trying it the first time an object schema is made; under
 * the sites' Content-Security-Policy (no 'unsafe-eval', ./headers.ts) the browser reports that
 * try as a violation even though zod catches it. The forms check a handful of fields: zod's
 * interpreter is plenty. Import this before any module that makes a schema (core/cases/forms.ts
 * imports it first). The functions keep zod's default: they render the forms with no such policy.
 */
import { config } from 'zod';

if (typeof document !== 'undefined') config({ jitless: true });
