// The Hugo side of the build comparison (scripts/lib/bench-throughput.mjs): writes, for one
// municipality, a Hugo project with minimal templates equivalent to the archive's — a page per
// case in each of the three locales, and the case lists with the same filter combinations and
// page size as sites/lib/archive.ts listPages (20 a page), plus the archive's front page.
//
// Hugo 0.111 (Debian 12) has no content adapters (0.126+), so the content is data plus stubs:
// data/cases.json holds every case once; each page is a small content file with JSON front
// matter that names what it shows (a case's code; a list page's codes, counts and facet links).
// The content folder is mounted once per language, so each stub is rendered in all three.
// What Hugo does not do that our build does: transliteration into the reader's script, the
// rest of the site (news, documents, forms …), open data and the search index.
import { mkdirSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const LOCALES = ['sr', 'sr-latn', 'sq'];
const LANG = { sr: 'sr-Cyrl', 'sr-latn': 'sr-Latn', sq: 'sq' };
const LANG_NAME = { sr: 'Српски', 'sr-latn': 'Srpski', sq: 'Shqip' };
export const PAGE_SIZE = 20;
const ALL = 'all';
const KIND_PATH = { report: 'reports', question: 'questions' };
const DIMS = { report: ['category', 'status', 'year'], question: ['status', 'year'] };

// Strings from the project's own interface files (Node 24 loads the TypeScript directly).
const I18N = {
  reports: 'archive.reports', questions: 'archive.questions', archive: 'archive.title', filters: 'archive.filters',
  all: 'archive.filter.all', empty: 'archive.empty', status: 'case.status', deadline: 'case.deadline',
  submitted: 'case.submitted', category: 'case.category', place: 'case.place', onMap: 'archive.onMap', from: 'case.from',
  text: 'case.text', answer: 'case.answer', referral: 'case.referral', timeline: 'case.timeline', live: 'archive.live',
  latest: 'archive.latestAnswered', question: 'kind.question', pages: 'pagination.label',
};

async function projectModules() {
  const [{ t }, { getMunicipality }, { statuses }, { deadlineState }] = await Promise.all([
    import('../../../core/i18n/index.ts'),
    import('../../../core/municipalities/index.ts'),
    import('../../../core/cases/statuses.ts'),
    import('../../../core/cases/public.ts'),
  ]);
  return { t, getMunicipality, statuses, deadlineState };
}

/** The list pages of one kind, as sites/lib/archive.ts listPages makes them (codes instead of items). */
function listPages(kind, cases, opts, yearOf) {
  const dims = DIMS[kind];
  const mine = cases.filter((c) => c.kind === kind);
  const valueOf = (c, d) => (d === 'year' ? yearOf(c.createdAt) : d === 'status' ? c.status : (c.category ?? ''));
  const exact = new Map();
  for (const c of mine) {
    const key = dims.map((d) => valueOf(c, d)).join('|');
    if (!exact.has(key)) exact.set(key, { values: key.split('|'), list: [] });
    exact.get(key).list.push(c);
  }
  const groups = [...exact.values()];
  const matches = (values, filter) => values.every((v, i) => filter[i] === ALL || filter[i] === v);
  const counts = new Map();
  const count = (filter) => {
    const id = filter.join('|');
    if (!counts.has(id)) counts.set(id, groups.reduce((n, g) => n + (matches(g.values, filter) ? g.list.length : 0), 0));
    return counts.get(id);
  };
  const hrefOf = (combo, page = 1) => {
    const unfiltered = combo.every((v) => v === ALL);
    const path = [KIND_PATH[kind], ...(unfiltered && page === 1 ? [] : combo), ...(page > 1 ? [String(page)] : [])];
    return `/archive/${path.join('/')}/`;
  };
  let combos = [[]];
  for (const d of dims) combos = combos.flatMap((prefix) => [ALL, ...opts[d]].map((v) => [...prefix, v]));
  const pages = [];
  for (const combo of combos) {
    const total = count(combo);
    const unfiltered = combo.every((v) => v === ALL);
    if (total === 0 && !unfiltered) continue;
    const selected = groups.filter((g) => matches(g.values, combo)).flatMap((g) => g.list);
    selected.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.code.localeCompare(b.code));
    const facets = dims.map((dim, i) => ({
      dim,
      values: [ALL, ...opts[dim]]
        .map((value) => {
          const next = combo.map((v, j) => (j === i ? value : v));
          return { value, count: count(next), href: hrefOf(next), current: value === combo[i] };
        })
        .filter((v) => v.count > 0 || v.value === ALL || v.current),
    }));
    const chosen = dims.flatMap((dim, i) => (combo[i] === ALL ? [] : [{ dim, value: combo[i] }]));
    const last = Math.max(1, Math.ceil(total / PAGE_SIZE));
    // Page n of a filtered list lives under the list's own path: /archive/reports/a/b/c/n/.
    const base = `/archive/${[KIND_PATH[kind], ...combo].join('/')}/`;
    for (let page = 1; page <= last; page++) {
      pages.push({
        combo, page, unfiltered,
        front: { t: 'list', kind, page, last, total, base, first: hrefOf(combo), chosen, facets, codes: selected.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((c) => c.code) },
      });
    }
  }
  return pages;
}

/**
 * Writes the Hugo project of one municipality into `dir` (emptied first).
 * @returns {{ stubs: number, listPages: number }}
 */
export async function writeHugoSite({ dir, site, cases, now = new Date() }) {
  const { t, getMunicipality, statuses, deadlineState } = await projectModules();
  const m = getMunicipality(site);
  rmSync(dir, { recursive: true, force: true });
  const content = join(dir, 'content');
  mkdirSync(join(content, 'archive', 'case'), { recursive: true });
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'i18n'), { recursive: true });
  mkdirSync(join(dir, 'static'), { recursive: true });
  cpSync(join(here, 'layouts'), join(dir, 'layouts'), { recursive: true });

  const local = (v, l) => (typeof v === 'string' ? v : (v[l] ?? v[l === 'sr-latn' ? 'sr' : 'sr'] ?? Object.values(v)[0]));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      baseURL: `https://${m.domain}/`,
      title: local(m.name, 'sr'),
      defaultContentLanguage: 'sr',
      defaultContentLanguageInSubdir: true,
      disableKinds: ['taxonomy', 'term', 'RSS'],
      enableRobotsTXT: false,
      disablePathToLower: true,
      timeZone: m.clock.timeZone,
      languages: Object.fromEntries(LOCALES.map((l, i) => [l, { weight: i + 1, languageName: LANG_NAME[l], title: local(m.name, l) }])),
      module: { mounts: [...LOCALES.map((lang) => ({ source: 'content', target: 'content', lang })), { source: 'static', target: 'static' }, { source: 'layouts', target: 'layouts' }, { source: 'data', target: 'data' }, { source: 'i18n', target: 'i18n' }] },
    }),
  );
  for (const l of LOCALES) {
    const lines = Object.entries(I18N).map(([k, key]) => `${k} = ${JSON.stringify(t(l, key))}`);
    lines.push('skip = "↓"', 'language = "Language"', 'menu = "Menu"');
    writeFileSync(join(dir, 'i18n', `${l}.toml`), `${lines.join('\n')}\n`);
  }
  writeFileSync(join(dir, 'static', 'site.css'), 'body{font-family:system-ui,sans-serif;line-height:1.5;max-width:60rem;margin:0 auto;padding:0 1rem}.list{list-style:none;padding:0}.case{border-top:1px solid #ccc;padding:.5rem 0}.badge,.state{font-size:.875rem;margin-right:.5rem}.pagination ul,.filters ul,.lang ul,.main-nav ul{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}\n');

  const yearFormat = new Intl.DateTimeFormat('en-CA', { timeZone: m.clock.timeZone, year: 'numeric' });
  const yearOf = (iso) => yearFormat.format(new Date(iso));
  const mine = cases.filter((c) => c.municipality === site).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.code.localeCompare(b.code));

  // The data: every case once, in the fields the templates show.
  const data = {};
  for (const c of mine) {
    const d = { k: c.kind, st: c.status, state: deadlineState(c, now), at: c.createdAt, dl: c.deadlineAt, text: c.text, tl: c.timeline.map((e) => [e.at, e.status, e.answer ?? e.referral ?? '']) };
    if (c.category) d.cat = c.category;
    if (c.address) d.addr = c.address;
    if (c.lat !== undefined) d.ll = [c.lat, c.lng];
    if (c.answer) d.ans = c.answer;
    if (c.referral) d.ref = c.referral;
    if (c.name) d.name = c.name;
    data[c.code] = d;
  }
  writeFileSync(join(dir, 'data', 'cases.json'), JSON.stringify(data));
  const years = (kind) => [...new Set(mine.filter((c) => c.kind === kind).map((c) => yearOf(c.createdAt)))].sort().reverse();
  const labels = {};
  for (const l of LOCALES) {
    labels[l] = {
      category: Object.fromEntries(m.categories.map((c) => [c.code, local(c.name, l)])),
      status: Object.fromEntries(statuses.map((s) => [s, t(l, `status.${s}`)])),
      state: Object.fromEntries(['met', 'missed', 'open', 'overdue'].map((s) => [s, t(l, `archive.state.${s}`)])),
      year: Object.fromEntries([...new Set([...years('report'), ...years('question')])].map((y) => [y, y])),
      dims: { category: t(l, 'archive.filter.category'), status: t(l, 'archive.filter.status'), year: t(l, 'archive.filter.year') },
    };
  }
  writeFileSync(join(dir, 'data', 'labels.json'), JSON.stringify(labels));
  writeFileSync(join(dir, 'data', 'nav.json'), JSON.stringify(['news', 'documents', 'system-48h', 'ask-the-mayor', 'archive'].map((p) => ({ path: `${p}/`, name: Object.fromEntries(LOCALES.map((l) => [l, p])) }))));
  writeFileSync(join(dir, 'data', 'langs.json'), JSON.stringify(LANG));
  writeFileSync(join(dir, 'data', 'site.json'), JSON.stringify({ contact: m.domain }));

  // The stubs.
  const stub = (file, front) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(front)}\n`);
  };
  let stubs = 0;
  stub(join(content, '_index.md'), { title: local(m.name, 'sr') });
  const summary = (kind) => {
    const list = mine.filter((c) => c.kind === kind);
    return { path: KIND_PATH[kind], total: list.length, answered: list.filter((c) => c.firstAnsweredAt).length, open: list.filter((c) => !c.firstAnsweredAt).length };
  };
  const latest = mine.filter((c) => c.firstAnsweredAt).sort((a, b) => b.firstAnsweredAt.localeCompare(a.firstAnsweredAt)).slice(0, 5).map((c) => c.code);
  stub(join(content, 'archive', '_index.md'), { t: 'index', title: 'archive', mechanisms: [summary('report'), summary('question')], latest });
  stubs += 2;
  for (const c of mine) {
    writeFileSync(join(content, 'archive', 'case', `${c.code}.md`), `{"t":"case","code":"${c.code}"}\n`);
    stubs++;
  }
  let lists = 0;
  for (const kind of ['report', 'question']) {
    const opts = { category: m.categories.map((c) => c.code), status: statuses.filter((s) => s !== 'rejected'), year: years(kind) };
    for (const p of listPages(kind, mine, opts, yearOf)) {
      const dirParts = ['archive', KIND_PATH[kind], ...p.combo];
      // Page 1 of the unfiltered list is the section page /archive/reports/; other pages are
      // plain files: a/b/c.md is /a/b/c/, a/b/c/2.md is /a/b/c/2/.
      const file = p.unfiltered && p.page === 1 ? join(content, 'archive', KIND_PATH[kind], '_index.md') : p.page === 1 ? join(content, ...dirParts.slice(0, -1), `${dirParts.at(-1)}.md`) : join(content, ...dirParts, `${p.page}.md`);
      stub(file, { ...p.front, title: KIND_PATH[kind] });
      stubs++;
      lists++;
    }
  }
  return { stubs, listPages: lists, cases: mine.length };
}
