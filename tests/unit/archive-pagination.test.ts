// The archive's page links (core/archive/render.ts paginationHtml): the first and last pages and
// two on each side of the current one, with a gap between, however long the list.
import { describe, it, expect } from 'vitest';
import { paginationHtml } from '../../core/archive/render.ts';

const href = (n: number) => `/sr/archive/reports/${n}/`;
/** What a reader sees in the pagination, in order: numbers, the current one in brackets, gaps, prev/next. */
function shown(html: string): string[] {
  return [...html.matchAll(/<li[^>]*>(.*?)<\/li>/g)].map(([, inner]) =>
    inner!.includes('aria-current') ? `[${inner!.replace(/<[^>]+>/g, '')}]` : inner!.includes('pagination__gap') ? '…' : inner!.includes('rel="prev"') ? 'prev' : inner!.includes('rel="next"') ? 'next' : inner!.replace(/<[^>]+>/g, ''),
  );
}

describe('the archive pagination', () => {
  it('shows nothing for a single page', () => {
    expect(paginationHtml('sr', 1, 1, href)).toBe('');
  });
  it('shows every page of a short list', () => {
    expect(shown(paginationHtml('sr', 3, 5, href))).toEqual(['prev', '1', '2', '[3]', '4', '5', 'next']);
  });
  it('keeps a long list to the first, the last and the pages around the current one', () => {
    expect(shown(paginationHtml('sr', 1, 375, href))).toEqual(['[1]', '2', '3', '…', '375', 'next']);
    expect(shown(paginationHtml('sr', 100, 375, href))).toEqual(['prev', '1', '…', '98', '99', '[100]', '101', '102', '…', '375', 'next']);
    expect(shown(paginationHtml('sq', 375, 375, href))).toEqual(['prev', '1', '…', '373', '374', '[375]']);
    expect(shown(paginationHtml('sr', 4, 9, href))).toEqual(['prev', '1', '2', '3', '[4]', '5', '6', '…', '9', 'next']);
  });
  it('links every page it shows, hides the gap from screen readers and labels the navigation', () => {
    const html = paginationHtml('sr-latn', 100, 375, href);
    expect(html).toContain('href="/sr/archive/reports/375/"');
    expect(html).toContain('<li aria-hidden="true"><span class="pagination__gap">…</span></li>');
    expect(html).toMatch(/<nav class="pagination" aria-label="[^"]+">/);
  });
});
