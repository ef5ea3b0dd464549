// Deterministic public cases (the projection in core/cases/public.ts), for two uses:
//   demoCases(id)        the historical demo archive of `npm run seed:demo`, marked `demo: true`,
//                        whose totals reproduce the figures of the e-municipalities report up
//                        to the end of 2020 (DEMO_FIGURES below): every demo question answered
//                        or not within competence, every demo report answered;
//   syntheticCases(...)  the same generator at scale for the benchmarks: every status, open and
//                        overdue cases, duplicates, dates up to `now`; not marked demo.
// Both carry what the staff workspace records in public: the channel of cases registered by
// staff (phone, counter, letter, email), the planned date and resolution deadline of cases put
// in progress, when resolved cases were resolved (some after their resolution deadline), and
// answers written in both languages; so demo statistics show resolution.
// Everything comes from a seeded PRNG, so the same arguments give the same cases, codes included.
// Texts come from scripts/demo/texts.mjs, places from scripts/demo/places.mjs.
//
// Node 24 imports the .ts modules below directly (type stripping); they use only erasable syntax.
import { getMunicipality } from '../../core/municipalities/index.ts';
import { CODE_ALPHABET } from '../../core/cases/codes.ts';
import { clockRunsOn, dateOfDay, dayOfDate, dayStart, deadlineFrom, localDate, localDay, weekdayOf } from '../../core/time.ts';
import { resolutionDeadline } from '../../core/cases/resolution.ts';
import { toLatin } from '../../core/text/translit.ts';
import * as texts from '../demo/texts.mjs';
import { places as placesByMunicipality, genericTowns, genericVillage } from '../demo/places.mjs';

/**
 * @typedef {import('../../core/cases/public.ts').PublicCase} PublicCase
 * @typedef {import('../../core/cases/statuses.ts').Status} Status
 * @typedef {import('../../core/municipalities/schema.ts').Municipality} Municipality
 * @typedef {import('../demo/places.mjs').Place} Place
 * @typedef {import('../../core/locales.ts').Locale} Lang
 */

/**
 * The figures of the e-municipalities report up to the end of 2020, which the demo cases reproduce:
 * questions to the mayor, of which answered and not within competence, and System 48h reports
 * answered.
 */
export const DEMO_FIGURES = Object.freeze({
  zvecan: { questions: 39, answered: 24, notInCompetence: 15, reports: 41 },
  'severna-mitrovica': { questions: 23, answered: 13, notInCompetence: 10, reports: 7 },
  leposavic: { questions: 20, answered: 10, notInCompetence: 10, reports: 1 },
  'zubin-potok': { questions: 12, answered: 4, notInCompetence: 8, reports: 5 },
});

/** The last day the demo archive covers (local time): the report counts up to the end of 2020. */
export const DEMO_END = '2020-12-31';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Whole seconds, as times are stored. */
const seconds = (/** @type {number} */ ms) => Math.floor(ms / 1000) * 1000;

// ---------------------------------------------------------------------------------------------
// Randomness

/** @param {string} s */
function hashString(s) {
  let h = 1779033703 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A small seeded PRNG (mulberry32): fast, and the same sequence on every machine.
 * @param {number | string} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function seededRandom(seed) {
  let a = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @template T @param {() => number} rand @param {readonly T[]} list @returns {T} */
const pick = (rand, list) => /** @type {T} */ (list[Math.floor(rand() * list.length)]);

/**
 * Draws items in shuffled order, all before any repeats, so a few dozen cases do not repeat texts.
 * `draw(ok)` takes the next item that `ok` accepts (a season, a language with a place).
 * @template T
 */
class Deck {
  /** @param {readonly T[]} items @param {() => number} rand */
  constructor(items, rand) {
    this.items = items;
    this.rand = rand;
    /** @type {T[]} */
    this.order = [];
    this.pos = 0;
  }

  /** @param {(item: T) => boolean} [ok] @returns {T} */
  draw(ok = () => true) {
    for (let pass = 0; pass < 2; pass++) {
      for (let i = this.pos; i < this.order.length; i++) {
        const item = /** @type {T} */ (this.order[i]);
        if (!ok(item)) continue;
        this.order[i] = /** @type {T} */ (this.order[this.pos]);
        this.order[this.pos++] = item;
        return item;
      }
      // Reshuffle: everything is available again.
      this.order = [...this.items];
      for (let i = this.order.length - 1; i > 0; i--) {
        const j = Math.floor(this.rand() * (i + 1));
        [this.order[i], this.order[j]] = [/** @type {T} */ (this.order[j]), /** @type {T} */ (this.order[i])];
      }
      this.pos = 0;
    }
    throw new Error('cases-gen: no item fits');
  }
}

// ---------------------------------------------------------------------------------------------
// Local days and the 48-hour clock: core/time.ts, as everywhere else. Days are its day numbers
// (days since 1970-01-01 of the local date); it remembers where each starts, so computing
// tens of thousands of deadlines formats each local day once, not each case.

/** Local hours since midnight at t on day k (approximate on the two daylight-saving days). */
const hourOf = (/** @type {number} */ t, /** @type {number} */ k, /** @type {string} */ timeZone) => (t - dayStart(k, timeZone)) / HOUR;

// ---------------------------------------------------------------------------------------------
// One municipality's generator

/** Share of citizens' hours of writing, from midnight: most in the morning and the evening. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 3, 6, 8, 8, 7, 6, 6, 5, 5, 5, 5, 6, 6, 6, 5, 3, 2];
const HOUR_CUMULATIVE = HOUR_WEIGHTS.reduce((acc, w) => [...acc, (acc.at(-1) ?? 0) + w], /** @type {number[]} */ ([]));

/** Category used when a municipality lacks a template's own (Severna Mitrovica has no village roads). */
const CATEGORY_FALLBACK = /** @type {Record<string, string>} */ ({ 'rural-roads': 'roads', parking: 'roads', green: 'other' });

/** @type {Map<string, string>} */
const latinCache = new Map();
/** Serbian Latin for a Cyrillic text; texts repeat, so each is transliterated once. */
function latin(/** @type {string} */ s) {
  let out = latinCache.get(s);
  if (out === undefined) latinCache.set(s, (out = toLatin(s)));
  return out;
}

/** @param {string} s */
const lowerFirst = (s) => s.charAt(0).toLocaleLowerCase('sr') + s.slice(1);

/**
 * @typedef {{ at: number, status: Status, answer?: string, other?: string, referral?: string, plannedAt?: string, duplicateOf?: string }} Event
 *   `other`: the same answer in the other language, for answers written in both
 * @typedef {'answered' | 'resolved' | 'progress-resolved' | 'progress-answered' | 'not_in_competence' | 'forwarded' | 'in_progress' | 'received' | 'duplicate'} Path
 */

/** Channels of cases staff registered on a citizen's behalf, with their weights. */
const STAFF_CHANNELS = /** @type {const} */ ([['phone', 50], ['counter', 30], ['letter', 15], ['email', 5]]);

class Generator {
  /**
   * @param {Municipality} m
   * @param {() => number} rand
   * @param {{ demo: boolean, lastDay: string, now: number }} o
   */
  constructor(m, rand, o) {
    this.m = m;
    this.rand = rand;
    this.demo = o.demo;
    this.now = o.now;
    this.clock = m.clock;
    this.tz = m.clock.timeZone;
    /** Local days (core/time.ts day numbers) from the launch to the last day cases are created on. */
    this.firstDay = dayOfDate(m.launched);
    this.lastDay = dayOfDate(o.lastDay);
    this.albanianFrom = dayStart(dayOfDate(m.albanianSince), this.tz);
    /** @type {Set<string>} */
    this.codes = new Set();
    const catCodes = new Set(m.categories.map((c) => c.code));
    /** @param {string} cat */
    this.categoryOf = (cat) => (catCodes.has(cat) ? cat : catCodes.has(CATEGORY_FALLBACK[cat] ?? '') ? /** @type {string} */ (CATEGORY_FALLBACK[cat]) : 'other');

    const all = placesByMunicipality[m.id] ?? genericTowns;
    this.towns = all.filter((p) => !p.village);
    this.villages = all.filter((p) => p.village);
    const hasVillages = this.villages.length > 0;
    const fits = (/** @type {{ where?: string }} */ t) => hasVillages || t.where !== 'village';
    this.reportDeck = new Deck(texts.reports.filter(fits), rand);
    this.outsideReportDeck = new Deck(texts.reportsOutside.filter(fits), rand);
    this.questionDeck = new Deck(texts.questions.filter(fits), rand);
    this.outsideQuestionDeck = new Deck(texts.questionsOutside.filter(fits), rand);
    this.townDeck = new Deck(this.towns, rand);
    this.villageDeck = new Deck(hasVillages ? this.villages : [genericVillage], rand);

    // Day weights: use grows over the years (the report's visitor figures do), fewer on weekends.
    const n = this.lastDay - this.firstDay + 1;
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const weekday = weekdayOf(this.firstDay + i);
      total += (0.4 + (1.6 * i) / n) * (weekday === 0 || weekday === 6 ? 0.6 : 1);
      this.cumulative[i] = total;
    }
    // Where cases in town and in each village fall on the map (see places.mjs).
    const [[south, west], [north, east]] = m.map.bounds;
    this.bounds = { south, west, north, east };
    /** @type {Map<string, [number, number]>} */
    this.anchors = new Map();
  }

  /** A tracking code not used before by this generator. */
  code() {
    for (;;) {
      let s = '';
      for (let i = 0; i < 8; i++) s += CODE_ALPHABET[Math.floor(this.rand() * CODE_ALPHABET.length)];
      const code = `${s.slice(0, 4)}-${s.slice(4)}`;
      if (!this.codes.has(code)) {
        this.codes.add(code);
        return code;
      }
    }
  }

  /** A creation instant: a weighted day between launch and the last day, an hour people write at. */
  createdAt() {
    for (;;) {
      const r = this.rand() * /** @type {number} */ (this.cumulative[this.cumulative.length - 1]);
      let lo = 0;
      let hi = this.cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (/** @type {number} */ (this.cumulative[mid]) < r) lo = mid + 1;
        else hi = mid;
      }
      const k = this.firstDay + lo;
      const h = this.rand() * /** @type {number} */ (HOUR_CUMULATIVE[23]);
      const hour = HOUR_CUMULATIVE.findIndex((c) => c > h);
      const start = dayStart(k, this.tz);
      const t = Math.min(start + hour * HOUR + Math.floor(this.rand() * 3600) * 1000, dayStart(k + 1, this.tz) - 1000);
      if (t <= this.now) return { t, day: k };
    }
  }

  /** Moves t forward into working hours (08–11 h start, up to 20 h) of a day the clock runs. */
  workingTime(/** @type {number} */ t) {
    let k = localDay(t, this.tz);
    const h = hourOf(t, k, this.tz);
    if (clockRunsOn(k, this.clock) && h >= 7.5 && h < 20) return t;
    if (!(clockRunsOn(k, this.clock) && h < 7.5)) {
      k++;
      while (!clockRunsOn(k, this.clock)) k++;
    }
    return dayStart(k, this.tz) + Math.floor((8 + this.rand() * 3) * 3600) * 1000;
  }

  /** The first answer: in time (skewed early) or late by hours to days. */
  firstAnswer(/** @type {number} */ t, /** @type {number} */ deadline, /** @type {boolean} */ late, /** @type {number} */ skew) {
    if (late) return this.workingTime(seconds(deadline + HOUR + this.rand() ** 2 * 96 * HOUR));
    const earliest = t + 10 * 60_000;
    const raw = seconds(earliest + this.rand() ** skew * Math.max(0, deadline - earliest));
    const snapped = this.workingTime(raw);
    return snapped <= deadline ? snapped : Math.min(raw, deadline);
  }

  /** A later event: hours to ten days after the previous one. */
  later(/** @type {number} */ t) {
    return this.workingTime(seconds(t + 3 * HOUR + this.rand() ** 1.5 * 10 * DAY));
  }

  /** The language of a case created at t: Albanian only once the site had it. */
  lang(/** @type {number} */ t) {
    if (t >= this.albanianFrom && this.rand() < 0.22) return /** @type {Lang} */ ('sq');
    return /** @type {Lang} */ (this.rand() < 0.35 ? 'sr-latn' : 'sr');
  }

  /** A place for a template, in a form the language has. */
  place(/** @type {string | undefined} */ where, /** @type {Lang} */ lang) {
    const wantVillage = where === 'village' || (where === 'any' && this.villages.length > 0 && this.rand() < 0.35);
    if (wantVillage && lang === 'sq' && !this.villages.some((p) => p.sq)) return genericVillage;
    const deck = wantVillage ? this.villageDeck : this.townDeck;
    return deck.draw((p) => lang !== 'sq' || !!p.sq);
  }

  /** A point near the place: town places near the centre, each village around its own point. */
  point(/** @type {Place} */ p) {
    const b = this.bounds;
    let anchor = this.anchors.get(p.key);
    if (!anchor) {
      const r = seededRandom(`${this.m.id}:${p.key}`);
      const [clat, clng] = this.m.map.center;
      anchor = p.village
        ? [b.south + (0.15 + 0.7 * r()) * (b.north - b.south), b.west + (0.15 + 0.7 * r()) * (b.east - b.west)]
        : [clat + (r() - 0.5) * 0.16 * (b.north - b.south), clng + (r() - 0.5) * 0.16 * (b.east - b.west)];
      this.anchors.set(p.key, anchor);
    }
    const jitter = 0.02;
    const lat = Math.min(b.north, Math.max(b.south, anchor[0] + (this.rand() - 0.5) * jitter * (b.north - b.south)));
    const lng = Math.min(b.east, Math.max(b.west, anchor[1] + (this.rand() - 0.5) * jitter * (b.east - b.west)));
    return { lat: Math.round(lat * 1e5) / 1e5, lng: Math.round(lng * 1e5) / 1e5 };
  }

  /** What the citizen wrote, with an opening and closing of their own. */
  citizenText(/** @type {'report' | 'question'} */ kind, /** @type {string} */ body, /** @type {Lang} */ lang) {
    const l = lang === 'sq' ? 'sq' : 'sr';
    const open = pick(this.rand, texts.citizenFrame[kind].open[l]);
    const close = pick(this.rand, texts.citizenFrame[kind].close[l]);
    return `${open}${open.endsWith(', ') ? lowerFirst(body) : body}${close}`;
  }

  /** A staff answer, sometimes with a greeting first. */
  staffText(/** @type {'report' | 'question'} */ kind, /** @type {string} */ body, /** @type {Lang} */ lang, /** @type {boolean} */ first) {
    if (!first) return body;
    const open = pick(this.rand, texts.staffOpen[kind][lang === 'sq' ? 'sq' : 'sr']);
    return `${open}${open.endsWith(', ') ? lowerFirst(body) : body}`;
  }

  /**
   * One case along a path of statuses. `late`: the first answer comes after the deadline.
   * Events after `this.now` are left out (the case is still where it was at `now`).
   * @param {{ kind: 'report' | 'question', path: Path, late: boolean, t: number, day: number, duplicateOf?: string }} o
   * @returns {PublicCase}
   */
  build({ kind, path, late, t, day, duplicateOf }) {
    const lang = this.lang(t);
    const l = lang === 'sq' ? 'sq' : 'sr';
    // The local date, for seasonal texts and texts about things that began on a date (asked of
    // every text a deck offers, so worked out once).
    const date = dateOfDay(day);
    const month = Number(date.slice(5, 7));
    const inSeason = (/** @type {{ season?: string, from?: string }} */ x) =>
      (!x.season || (x.season === 'winter' ? month >= 11 || month <= 3 : month >= 5 && month <= 10)) && (!x.from || date >= x.from);
    const outside = path === 'not_in_competence';
    const deadline = deadlineFrom(new Date(t), this.clock).getTime();

    /** @type {string} */
    let body;
    /** @type {string | undefined} */
    let category;
    /** @type {Place | undefined} */
    let place;
    /** @type {string[]} answers along the path, in order */
    let answers = [];
    /** @type {string[]} the same answers in the other language */
    let others = [];
    const ol = l === 'sq' ? 'sr' : 'sq';
    /** @type {string | undefined} */
    let referral;
    if (kind === 'report' && outside) {
      const tpl = this.outsideReportDeck.draw();
      place = this.place(tpl.where ?? 'any', lang);
      body = tpl[l].text;
      referral = tpl[l].referral;
      category = this.categoryOf('other');
    } else if (kind === 'report') {
      const tpl = this.reportDeck.draw(inSeason);
      place = this.place(tpl.where, lang);
      body = tpl[l].text;
      category = this.categoryOf(tpl.cat);
      answers = path === 'resolved' ? [tpl[l].done] : path === 'progress-resolved' ? [tpl[l].plan, tpl[l].done] : [tpl[l].plan, tpl[l].plan];
      others = path === 'resolved' ? [tpl[ol].done] : path === 'progress-resolved' ? [tpl[ol].plan, tpl[ol].done] : [tpl[ol].plan, tpl[ol].plan];
    } else if (outside) {
      const tpl = this.outsideQuestionDeck.draw();
      place = tpl.where ? this.place(tpl.where, lang) : undefined;
      body = tpl[l].text;
      referral = tpl[l].referral;
    } else {
      const tpl = this.questionDeck.draw(inSeason);
      place = tpl.where ? this.place(tpl.where, lang) : undefined;
      body = tpl[l].text;
      const acks = pick(this.rand, texts.questionAck);
      const ack = acks[l];
      answers = path.startsWith('progress') || path === 'in_progress' ? [ack, tpl[l].answer] : [tpl[l].answer];
      others = path.startsWith('progress') || path === 'in_progress' ? [acks[ol], tpl[ol].answer] : [tpl[ol].answer];
    }
    if (path === 'forwarded') referral = pick(this.rand, texts.forwardNotes[kind])[l];
    if (place) body = body.replace('{at}', (place[l] ?? place.sr).at);
    const text = this.citizenText(kind, body, lang);

    // The timeline: received, then the path's events, cut at `now`.
    /** @type {Event[]} */
    const events = [{ at: t, status: 'received' }];
    if (path !== 'received') {
      const first = this.firstAnswer(t, deadline, late, kind === 'report' ? 1.7 : 1.2);
      const a0 = answers[0];
      switch (path) {
        case 'answered':
        case 'resolved':
          events.push({ at: first, status: path, answer: this.staffText(kind, /** @type {string} */ (a0), lang, true) });
          break;
        case 'not_in_competence':
        case 'forwarded':
          events.push({ at: first, status: path, referral: /** @type {string} */ (referral) });
          break;
        case 'in_progress':
          events.push({ at: first, status: 'in_progress', answer: this.staffText(kind, /** @type {string} */ (a0), lang, true) });
          break;
        case 'duplicate':
          events.push({ at: first, status: 'duplicate', ...(duplicateOf ? { duplicateOf } : {}) });
          break;
        default: {
          events.push({ at: first, status: 'in_progress', answer: this.staffText(kind, /** @type {string} */ (a0), lang, true) });
          events.push({ at: this.later(first), status: path === 'progress-resolved' ? 'resolved' : 'answered', answer: /** @type {string} */ (answers[1]) });
        }
      }
    }
    // What the workspace adds, from a generator of its own (seeded by the case), so the main
    // sequence, and with it every case made before the workspace existed, stays as it was.
    const extra = seededRandom(`${this.m.id}:${t}:${kind}:workspace`);
    const channel = extra() < 0.12 ? pickWeighted(extra, STAFF_CHANNELS) : undefined;
    // Staff who write in both languages, once the site had Albanian.
    const bilingual = t >= this.albanianFrom && extra() < 0.35;
    let answerIndex = 0;
    for (const e of events) {
      if (e.answer === undefined) continue;
      if (bilingual && others[answerIndex]) e.other = others[answerIndex];
      answerIndex++;
    }
    const inProgress = events.find((e) => e.status === 'in_progress');
    /** @type {number | undefined} */
    let resolutionDue;
    if (inProgress) {
      // A planned date a few days out, and the category's resolution deadline from that moment.
      inProgress.plannedAt = localDate(inProgress.at + Math.ceil(2 + extra() * 12) * DAY, this.tz);
      resolutionDue = resolutionDeadline(this.m, category, new Date(inProgress.at)).getTime();
      const done = events.at(-1);
      // About one resolution in six comes after the deadline (if that is still before `now`).
      if (done && done.status === 'resolved' && extra() < 0.17) {
        const lateAt = seconds(resolutionDue + (12 + extra() * 240) * HOUR);
        if (lateAt <= this.now && lateAt > done.at) done.at = lateAt;
      }
    }
    const shown = events.filter((e) => e.at <= this.now);
    const last = /** @type {Event} */ (shown.at(-1));
    const script = lang === 'sr-latn' ? latin : (/** @type {string} */ s) => s;
    const address = kind === 'report' && place && this.rand() < 0.8 ? (place[l] ?? place.sr).addr : undefined;
    const point = kind === 'report' && place && this.rand() < 0.85 ? this.point(place) : undefined;
    const name = this.rand() < 0.2 ? pick(this.rand, texts.firstNames[l]) : undefined;
    const at = shown.map((e) => new Date(e.at).toISOString());
    const lastAt = /** @type {string} */ (at[at.length - 1]);

    // Built field by field in the order toPublicCase writes them; optional fields only when set.
    /** @type {PublicCase} */
    const c = /** @type {PublicCase} */ ({ v: 1, code: this.code(), kind, municipality: this.m.id });
    if (category) c.category = category;
    c.lang = lang;
    c.text = script(text);
    if (address) c.address = script(address);
    if (point) {
      c.lat = point.lat;
      c.lng = point.lng;
    }
    c.status = last.status;
    c.createdAt = /** @type {string} */ (at[0]);
    c.updatedAt = lastAt;
    c.deadlineAt = new Date(deadline).toISOString();
    if (at[1]) c.firstAnsweredAt = at[1];
    /** The answer in each language, the citizen's first: Serbian in the citizen's script (or Cyrillic for an Albanian case). */
    const answersOf = (/** @type {Event} */ e) => {
      if (!e.answer || !e.other) return undefined;
      return l === 'sq' ? { sr: e.other, sq: e.answer } : { sr: script(e.answer), sq: e.other };
    };
    if (last.answer) c.answer = script(last.answer);
    const lastAnswers = last.answer ? answersOf(last) : undefined;
    if (lastAnswers) c.answers = lastAnswers;
    if (last.referral) c.referral = script(last.referral);
    if (channel) c.channel = channel;
    const progressShown = inProgress && inProgress.at <= this.now;
    if (progressShown) {
      c.plannedAt = /** @type {string} */ (inProgress.plannedAt);
      c.resolutionDueAt = new Date(/** @type {number} */ (resolutionDue)).toISOString();
    }
    if (last.status === 'resolved') c.resolvedAt = lastAt;
    if (last.duplicateOf) c.duplicateOf = last.duplicateOf;
    if (name) c.name = script(name);
    c.photos = [];
    c.timeline = shown.map((e, i) => {
      /** @type {PublicCase['timeline'][number]} */
      const ev = { at: /** @type {string} */ (at[i]), status: e.status };
      if (e.answer) ev.answer = script(e.answer);
      const both = answersOf(e);
      if (both) ev.answers = both;
      if (e.referral) ev.referral = script(e.referral);
      if (e.plannedAt) ev.plannedAt = e.plannedAt;
      if (e.duplicateOf) ev.duplicateOf = e.duplicateOf;
      return ev;
    });
    if (this.demo) c.demo = true;
    return c;
  }
}

/** @template {string} T @param {() => number} rand @param {readonly (readonly [T, number])[]} weights @returns {T} */
function pickWeighted(rand, weights) {
  let r = rand() * weights.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of weights) if ((r -= w) < 0) return value;
  return /** @type {readonly [T, number]} */ (weights.at(-1))[0];
}

/** @param {() => number} rand @param {[Path, number][]} weights @returns {Path} */
function choosePath(rand, weights) {
  let r = rand() * weights.reduce((s, [, w]) => s + w, 0);
  for (const [path, w] of weights) if ((r -= w) < 0) return path;
  return /** @type {[Path, number]} */ (weights.at(-1))[0];
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * The demo archive of one municipality: historical cases from its launch to the end of 2020,
 * marked `demo: true`, whose totals are exactly DEMO_FIGURES[id] (questions answered or not within
 * competence; every report answered or resolved). About 85% of first answers come within the
 * deadline. Sorted by creation time.
 * @param {string} municipalityId
 * @returns {PublicCase[]}
 */
export function demoCases(municipalityId) {
  const m = getMunicipality(municipalityId);
  const figures = DEMO_FIGURES[/** @type {keyof typeof DEMO_FIGURES} */ (municipalityId)];
  if (!figures) throw new Error(`cases-gen: no demo figures for "${municipalityId}"`);
  const rand = seededRandom(`demo:${municipalityId}`);
  // The last creation day leaves room for late answers before the year ends.
  const endOfYear = dayStart(dayOfDate(DEMO_END) + 1, m.clock.timeZone);
  const g = new Generator(m, rand, { demo: true, lastDay: '2020-12-20', now: endOfYear - 1 });

  /** @type {{ kind: 'report' | 'question', paths: [Path, number][] }[]} */
  const plan = [
    ...Array.from({ length: figures.reports }, () => ({ kind: /** @type {const} */ ('report'), paths: /** @type {[Path, number][]} */ ([['answered', 35], ['resolved', 25], ['progress-resolved', 40]]) })),
    ...Array.from({ length: figures.answered }, () => ({ kind: /** @type {const} */ ('question'), paths: /** @type {[Path, number][]} */ ([['answered', 75], ['progress-answered', 25]]) })),
    ...Array.from({ length: figures.notInCompetence }, () => ({ kind: /** @type {const} */ ('question'), paths: /** @type {[Path, number][]} */ ([['not_in_competence', 1]]) })),
  ];
  const cases = plan.map(({ kind, paths }) => {
    const path = choosePath(rand, paths);
    const late = rand() < (kind === 'report' ? 0.13 : 0.18);
    // Every event must fall within 2020: try another date when the answers would not.
    for (;;) {
      const { t, day } = g.createdAt();
      const c = g.build({ kind, path, late, t, day });
      if (c.timeline.length === (path.startsWith('progress') ? 3 : 2)) return c;
      g.codes.delete(c.code);
    }
  });
  return cases.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.code.localeCompare(b.code));
}

/**
 * Synthetic public cases for benchmarks, not marked demo: reports (about 70%) and questions
 * created between the municipality's launch and `now` (more in later years), with every status:
 * answered, resolved, not within competence, forwarded, in progress, and received ones that are
 * still open or already overdue at `now`. Deterministic for the same arguments.
 * @param {{ municipality: string, count: number, seed?: number | string, now?: Date }} o
 * @returns {PublicCase[]}
 */
export function syntheticCases({ municipality, count, seed = 1, now = new Date() }) {
  const m = getMunicipality(municipality);
  const rand = seededRandom(`synthetic:${municipality}:${seed}`);
  const nowMs = now.getTime();
  const lastDay = dateOfDay(localDay(nowMs, m.clock.timeZone));
  const g = new Generator(m, rand, { demo: false, lastDay, now: nowMs });
  /** @type {[Path, number][]} */
  const reportPaths = [['answered', 34], ['resolved', 20], ['progress-resolved', 25], ['in_progress', 6], ['forwarded', 6], ['not_in_competence', 6], ['received', 3], ['duplicate', 2]];
  /** @type {[Path, number][]} */
  const questionPaths = [['answered', 45], ['progress-answered', 15], ['not_in_competence', 30], ['forwarded', 5], ['in_progress', 2], ['received', 3]];
  /** @type {PublicCase[]} */
  const out = [];
  for (let i = 0; i < count; i++) {
    const kind = rand() < 0.7 ? 'report' : 'question';
    let path = choosePath(rand, kind === 'report' ? reportPaths : questionPaths);
    const { t, day } = g.createdAt();
    // A duplicate points to an earlier report; the first reports, with none before them, are received.
    const earlier = path === 'duplicate' ? out.filter((c) => c.kind === 'report' && c.createdAt < new Date(t).toISOString() && c.status !== 'duplicate') : [];
    if (path === 'duplicate' && !earlier.length) path = 'received';
    const duplicateOf = earlier.length ? /** @type {PublicCase} */ (earlier[Math.floor(rand() * earlier.length)]).code : undefined;
    out.push(g.build({ kind, path, late: rand() < 0.15, t, day, duplicateOf }));
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.code.localeCompare(b.code));
}
