// Every municipality's colours, in every pair the stylesheet uses them (sites/styles/global.css):
// checked here because the colours differ per site, so a check on one site's pages misses the
// others' (the highlighted language once failed on Leposavić and North Mitrovica only).
import { describe, expect, it } from 'vitest';
import { municipalities } from '../../core/municipalities/index.ts';

/** WCAG 2 relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

// The stylesheet's fixed colours (global.css :root).
const WHITE = '#ffffff';
const SURFACE = '#f3f5f8';

describe('colour contrast of every municipality (WCAG 1.4.3 text 4.5:1, 1.4.11 non-text 3:1)', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#578872')).toBeCloseTo(4.06, 2); // the failing pair the issue found
  });

  for (const m of municipalities) {
    const { primary, primaryDark, accent } = m.colours;
    const pairs: [string, string, string, number][] = [
      ['white text on primary (masthead, buttons, current filter and page)', WHITE, primary, 4.5],
      ['white text on primaryDark (main navigation, current language, button hover)', WHITE, primaryDark, 4.5],
      ['primary links and secondary buttons on white', primary, WHITE, 4.5],
      ['primary links on the surface colour', primary, SURFACE, 4.5],
      ['primaryDark text on white (secondary button hover)', primaryDark, WHITE, 4.5],
      // The accent also edges the fallback notice, on the surface colour: decoration beside
      // text that says the same, so not held to 1.4.11.
      ['accent chart series on white (the monthly chart)', accent, WHITE, 3],
    ];
    for (const [what, fg, bg, min] of pairs) {
      it(`${m.id}: ${what} ≥ ${min}:1`, () => {
        expect(contrast(fg, bg)).toBeGreaterThanOrEqual(min);
      });
    }
  }
});
