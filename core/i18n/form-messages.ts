/** Client-safe helpers over the form.* strings (no dictionaries are imported here). */

/** A string by key, with {name} placeholders filled; the key itself if missing. */
export function say(strings: Record<string, string>, key: string, vars: Record<string, string | number> = {}): string {
  const text = strings[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/**
 * A field's error message: the field-specific string (form.error.description.required) if
 * there is one, else the code's (form.error.required). The API uses this for `message` too.
 */
export function errorMessage(strings: Record<string, string>, field: string, code: string): string {
  return strings[`form.error.${field}.${code}`] ?? strings[`form.error.${code}`] ?? strings['form.error.invalid'] ?? code;
}
