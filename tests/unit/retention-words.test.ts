// The privacy pages promise retention periods; the platform applies some. This reads every privacy
// page (content/**/privacy.*.md) in each locale as the site renders it (its {{tokens}} filled the
// way sites/content/loader.ts fills them), finds every period it states ("2 године", "1 ditë"),
// and checks they are exactly the ones the functions use by default (functions/config.ts) and the
// uploads bucket's lifecycle rules enforce (infra/lifecycle.ts). Finding 12 of issue 11.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentTokens } from '../../sites/lib/site.ts';
import { loadConfig } from '../../functions/config.ts';
import { uploadLifecycle } from '../../infra/lifecycle.ts';
import { personalDataRetention } from '../../core/cases/retention.ts';
import { toScript } from '../../core/text/translit.ts';
import type { Locale } from '../../core/locales.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function privacyPages(dir = join(root, 'content')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return privacyPages(path);
    return /^privacy\.(sr|sq)\.md$/.test(name) ? [path] : [];
  });
}

/** The page's body in a locale, as the site shows it (Serbian pages also in Latin script). */
function rendered(path: string, locale: Locale): string {
  const body = readFileSync(path, 'utf8').replace(/^---[\s\S]*?---\n/, '');
  const tokens = contentTokens(locale);
  const filled = body.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => tokens[name] ?? m);
  return locale === 'sr-latn' ? toScript(filled, 'latn') : filled;
}

const units: [RegExp, number][] = [
  [/^(годин[аеу]|godin[aeu]|vit|vjet|vjetë)$/i, 365],
  [/^(дан|дана|dan|dana|ditë|dite)$/i, 1],
];

/** Every "<number> <unit of time>" in a text, in days. */
function statedPeriods(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/(\d+)\s+([\p{L}]+)/gu)) {
    const unit = units.find(([re]) => re.test(m[2]!));
    if (unit) out.push(Number(m[1]) * unit[1]);
  }
  return out;
}

const lifecycleDays = (prefix: string) => {
  const rule = uploadLifecycle.find((r) => r.prefix === prefix);
  if (!rule) throw new Error(`no lifecycle rule for ${prefix}`);
  return Number(/^(\d+) days?$/.exec(rule.expiresIn)![1]);
};

describe('the retention periods the privacy pages state are the ones applied', () => {
  const pages = privacyPages();
  const config = loadConfig({});

  it('finds the privacy pages in both languages', () => {
    expect(pages.map((p) => relative(root, p)).sort()).toEqual(expect.arrayContaining(['content/shared/pages/privacy.sq.md', 'content/shared/pages/privacy.sr.md']));
  });

  it('the applied periods agree with each other (config, lifecycle, core)', () => {
    expect(config.contactRetentionDays).toBe(personalDataRetention.afterClosureDays);
    expect(lifecycleDays('private/')).toBe(personalDataRetention.backstopDays);
    expect(lifecycleDays('incoming/')).toBe(personalDataRetention.uploadDays);
    // A backstop shorter than the retention would delete a closed case's photos early.
    expect(personalDataRetention.backstopDays).toBeGreaterThanOrEqual(personalDataRetention.afterClosureDays);
  });

  for (const path of pages) {
    const locales: Locale[] = path.endsWith('.sr.md') ? ['sr', 'sr-latn'] : ['sq'];
    for (const locale of locales) {
      it(`${relative(root, path)} (${locale}) states exactly the configured periods`, () => {
        const text = rendered(path, locale);
        expect(text, 'every token filled').not.toMatch(/\{\{/);
        const stated = statedPeriods(text);
        // Closure retention, the backstop for a case never closed, and unsent uploads; nothing else.
        expect([...new Set(stated)].sort((a, b) => a - b)).toEqual([...new Set([config.contactRetentionDays, lifecycleDays('private/'), lifecycleDays('incoming/')])].sort((a, b) => a - b));
        // And the period counted from closure is the one in the sentence about closure.
        const closure = locale === 'sq' ? /pasi të mbyllet lënda/ : locale === 'sr' ? /пошто се предмет\s+затвори/ : /pošto se predmet\s+zatvori/;
        const sentence = text.split(/(?<=\.)\s+/).find((s) => closure.test(s) && statedPeriods(s).length);
        expect(sentence, 'a sentence states the period after closure').toBeDefined();
        expect(statedPeriods(sentence!)[0]).toBe(config.contactRetentionDays);
      });
    }
  }

  it('would notice a page that says something else', () => {
    expect(statedPeriods('бришу се 3 године пошто се предмет затвори')).toEqual([1095]);
    expect(statedPeriods('fshihen 2 vjet pasi të mbyllet lënda, ose pas 1 ditë')).toEqual([730, 1]);
    expect(statedPeriods('две године')).toEqual([]);
  });
});
