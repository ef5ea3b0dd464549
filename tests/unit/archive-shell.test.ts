// Filling the archive shell (core/archive/render.ts wrap): the shell Astro builds per locale is
// split once at its placeholders, and every archive page fills the same pieces.
import { describe, it, expect } from 'vitest';
import { SHELL, wrap } from '../../core/archive/render.ts';

const shell = [
  `<html><head><title>${SHELL.title} | Звечан</title>`,
  `<meta name="description" content="${SHELL.description}">`,
  `<meta property="og:title" content="${SHELL.title}">`,
  SHELL.head,
  `</head><body><a href="/sq${SHELL.path}" hreflang="sq">Shqip</a><a href="/sr-latn${SHELL.path}">Latinica</a>`,
  `<main>${SHELL.content}</main><footer>${SHELL.description}</footer></body></html>`,
].join('');
const page = { path: 'archive/case/ABCD-EFGH/', title: 'Пријава ABCD-EFGH', description: 'Рупа на путу', head: '<link rel="alternate" href="/feed.xml">', body: '<h1>Пријава</h1>' };

describe('the archive shell', () => {
  it('puts every placeholder in its place, as often as the shell has it', () => {
    expect(wrap(shell, page)).toBe(
      '<html><head><title>Пријава ABCD-EFGH | Звечан</title><meta name="description" content="Рупа на путу"><meta property="og:title" content="Пријава ABCD-EFGH">' +
        '<link rel="alternate" href="/feed.xml"></head><body><a href="/sq/archive/case/ABCD-EFGH/" hreflang="sq">Shqip</a><a href="/sr-latn/archive/case/ABCD-EFGH/">Latinica</a>' +
        '<main><h1>Пријава</h1></main><footer>Рупа на путу</footer></body></html>',
    );
  });
  it('gives the same bytes for the same page every time, and another page its own', () => {
    const other = { ...page, path: '/archive/reports/2/', title: 'Пријаве, страна 2', body: '<ol></ol>' };
    expect(wrap(shell, page)).toBe(wrap(shell, page));
    expect(wrap(shell, other)).toContain('<a href="/sq/archive/reports/2/" hreflang="sq">');
    expect(wrap(shell, other)).toContain('<title>Пријаве, страна 2 | Звечан</title>');
    expect(wrap(shell, page)).toContain('<title>Пријава ABCD-EFGH | Звечан</title>');
  });
  it('escapes the title and description, and never reads a placeholder or "$&" in what it inserts', () => {
    const tricky = { ...page, title: `<b>"$&" ${SHELL.description}</b>`, description: `a & b ${SHELL.title}`, body: `<p>${SHELL.head} $1</p>` };
    const html = wrap(shell, tricky);
    expect(html).toContain('<title>&lt;b&gt;&quot;$&amp;&quot; %%DESCRIPTION%%&lt;/b&gt; | Звечан</title>');
    expect(html).toContain('content="a &amp; b %%TITLE%%"');
    expect(html).toContain('<main><p>%%HEAD%% $1</p></main>');
  });
  it('refuses a shell without exactly one content and one head placeholder', () => {
    expect(() => wrap(shell.replace(SHELL.content, ''), page)).toThrow(/content placeholder/);
    expect(() => wrap(shell + SHELL.content, page)).toThrow(/content placeholder/);
    expect(() => wrap(shell.replace(SHELL.head, ''), page)).toThrow(/head placeholder/);
  });
});
