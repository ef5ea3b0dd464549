// The privacy allowlist of the public projection (core/cases/public.ts): whatever a case and its
// events carry, only the named public fields reach the public record, and from it the archive's
// open data (CSV, JSON, GeoJSON) and Open311. Every private field, and unknown properties put on
// the objects by mistake (a contact's name, email and phone among them), carries a distinct
// canary string; no canary may appear in any serialised output, in any combination of status,
// name choice, kind, language and photo states.
import { describe, it, expect } from 'vitest';
import { seededRandom } from '../../scripts/lib/cases-gen.mjs';
import { readFileSync } from 'node:fs';
import { toPublicCase, isPublished, publicCaseSchema, publicEventSchema, publicPhotoSchema, PUBLIC_SCHEMA_VERSION, type PublicCase } from '../../core/cases/public.ts';
import type { CaseEvent, CaseRecord, ContactRecord, Photo } from '../../core/cases/model.ts';
import { statuses, type Status } from '../../core/cases/statuses.ts';
import { toServiceRequest, render } from '../../core/cases/open311.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { localeKeys, type Locale } from '../../core/locales.ts';
import { toScript } from '../../core/text/translit.ts';
import { openDataRow, toCsv, toGeoJson } from '../../sites/lib/open-data.ts';


const zvecan = getMunicipality('zvecan');
const site = new URL('https://ezvecan.com');
const MEDIA = 'https://media.example.org/';
const publicUrl = (key: string) => `${MEDIA}${key}`;


/**
 * Canaries: distinct strings, each naming where it was put. They contain a Y (a letter Serbian
 * does not use), so the Cyrillic transliteration that Open311 and the archive apply to Serbian
 * text keeps them whole; the check below looks for the transliterated forms anyway.
 */
const CANARY_PREFIX = new RegExp(`CANARY_|${toScript('CANARY_', 'cyrl')}`, 'i');

class Canaries {
  /** Each canary's label, and the forms it could take in an output. */
  readonly where = new Map<string, { label: string; forms: string[] }>();
  constructor(private readonly prefix: string) {}
  put(label: string): string {
    const value = `CANARY_${this.prefix}_${this.where.size}_${label.replace(/[^A-Za-z0-9]/g, '_')}`;
    const forms = [...new Set([value, toScript(value, 'cyrl'), toScript(value, 'latn'), value.toLowerCase(), encodeURIComponent(value)])];
    this.where.set(value, { label, forms });
    return value;
  }
  /** The labels of every canary found in any of the texts. */
  leaks(texts: string[]): string[] {
    const all = texts.join('\n');
    // Every form of every canary holds the prefix in some script and case: a quick first look.
    if (!CANARY_PREFIX.test(all)) return [];
    return [...this.where.values()].filter(({ forms }) => forms.some((f) => all.includes(f))).map(({ label }) => label);
  }
}

/**
 * The kinds of photo a case can hold; only `ready-published` is public: ready, with variants,
 * chosen "publish" by staff who could see it (`reviewedAt`), and copied to public/
 * (`publicCopy`). A flag set with no one choosing (a photo pending at reply time, the old default)
 * publishes nothing, nor does a choice whose copy is still being made (its URL would answer 404).
 */
const photoKinds = [
  { kind: 'pending', state: 'pending', published: true, variants: false, reviewed: true, copied: false },
  { kind: 'pending-with-variants', state: 'pending', published: true, variants: true, reviewed: false, copied: false },
  { kind: 'ready-unpublished', state: 'ready', published: false, variants: true, reviewed: true, copied: false },
  { kind: 'rejected', state: 'rejected', published: true, variants: true, reviewed: true, copied: false },
  { kind: 'rejected-empty', state: 'rejected', published: true, variants: false, reviewed: false, copied: false },
  { kind: 'ready-published-no-variants', state: 'ready', published: true, variants: false, reviewed: true, copied: false },
  { kind: 'ready-published-unreviewed', state: 'ready', published: true, variants: true, reviewed: false, copied: false },
  { kind: 'ready-published', state: 'ready', published: true, variants: true, reviewed: true, copied: true },
  { kind: 'ready-published-not-copied', state: 'ready', published: true, variants: true, reviewed: true, copied: false },
  { kind: 'ready-unpublished-copy-left', state: 'ready', published: false, variants: true, reviewed: true, copied: true },
] as const;
type PhotoKind = (typeof photoKinds)[number];
const isPublicPhoto = (k: PhotoKind) => k.kind === 'ready-published';

interface Scenario {
  status: Status;
  showName: boolean;
  kind: CaseRecord['kind'];
  locale: Locale;
  photos: PhotoKind[];
}

interface Built {
  record: CaseRecord;
  events: CaseEvent[];
  contact: ContactRecord;
  canaries: Canaries;
  /** The public record it must give (for a case that is published), for the positive checks. */
  expected: PublicCase;
}

let serial = 0;

/**
 * A case with a canary in every private field. For a rejected case every field, public or not,
 * is a canary: nothing of a rejected case may be published.
 */
function build(s: Scenario): Built {
  serial++;
  const canaries = new Canaries(String(serial));
  const c = (label: string) => canaries.put(label);
  // Decided here, not with isPublished: the fixture must not depend on the rule under test.
  const rejected = s.status === 'rejected';
  // A field that is public unless the case is rejected.
  const pub = (label: string, value: string) => (rejected ? c(label) : value);
  // A tracking code the public schema accepts; it need not be unique across the whole run.
  const code = `T${String(serial % 1000).padStart(3, '0')}-K7QM`;
  const base = Date.parse('2026-03-02T08:00:00Z') + serial * 3_600_000;
  const at = (h: number) => new Date(base + h * 3_600_000).toISOString();

  const contact: ContactRecord = { code, name: c('contact.name'), email: `${c('contact.email')}@example.org`, phone: c('contact.phone') };

  const photos: Photo[] = [];
  const expectedPhotos: PublicCase['photos'] = [];
  s.photos.forEach((k, i) => {
    const publicOne = isPublicPhoto(k) && !rejected;
    const id = publicOne ? `ph${i}` : c(`photo.${k.kind}.id`);
    const variants = k.variants
      ? [480, 1280].map((w) => ({ w, key: publicOne ? `public/${code}/${id}-${w}.webp` : c(`photo.${k.kind}.variant${w}.key`), bytes: c(`photo.${k.kind}.variant${w}.extra`) }))
      : k.state === 'rejected' ? [] : undefined;
    photos.push({
      id,
      incomingKey: `incoming/${c(`photo.${k.kind}.incomingKey`)}`,
      state: k.state,
      published: k.published,
      ...(k.reviewed ? { reviewedAt: c(`photo.${k.kind}.reviewedAt`) } : {}),
      ...(k.copied ? { publicCopy: true } : {}),
      ...(variants ? { variants } : {}),
      // Not in the model: what a careless change might add to a photo.
      originalName: c(`photo.${k.kind}.originalName`),
      exif: { gps: c(`photo.${k.kind}.exif.gps`) },
      privateKey: `private/${code}/${c(`photo.${k.kind}.privateKey`)}.webp`,
    } as Photo);
    if (publicOne) expectedPhotos.push({ id, variants: variants!.map((v) => ({ w: v.w, url: publicUrl(v.key) })) });
  });

  const publicName = s.showName ? pub('record.publicName', 'Marko Marković') : c('record.publicName (hidden)');
  const publicText = pub('record.publicText', s.locale === 'sq' ? 'Gropë e madhe në rrugë.' : 'Велика рупа на путу код моста.');
  const answered = s.status !== 'received';
  const referred = s.status === 'forwarded' || s.status === 'not_in_competence';
  const record = {
    code,
    kind: s.kind,
    municipality: 'zvecan',
    locale: s.locale,
    // The address as typed is private: the public one is its masked wording (core/text/mask.ts).
    ...(s.kind === 'report' ? { category: 'roads', address: c('record.address'), publicAddress: pub('record.publicAddress', 'Kralja Petra 12'), lat: 42.9, lng: 20.84 } : {}),
    text: c('record.text'),
    publicText,
    photos,
    status: s.status,
    createdAt: at(0),
    updatedAt: at(answered ? 5 : 0),
    deadlineAt: at(48),
    ...(answered ? { firstAnsweredAt: at(5), answer: pub('record.answer', 'Рупа је закрпљена.') } : {}),
    ...(referred ? { referral: pub('record.referral', 'JP Putevi, tel. 028 000 000') } : {}),
    showName: s.showName,
    publicName,
    // Not in the model: the table's keys, and a contact's details put on the case by mistake.
    pk: `CASE#${c('record.pk')}`,
    sk: c('record.sk'),
    gsi1pk: c('record.gsi1pk'),
    gsi1sk: c('record.gsi1sk'),
    name: c('record.name'),
    email: `${c('record.email')}@example.org`,
    phone: c('record.phone'),
    contact: { ...contact, name: c('record.contact.name'), email: c('record.contact.email'), phone: c('record.contact.phone') },
    ip: c('record.ip'),
    userAgent: c('record.userAgent'),
    idempotencyKey: c('record.idempotencyKey'),
    tokenHash: c('record.tokenHash'),
    staffNote: c('record.staffNote'),
    // Retention and erasure marks (issue 11, finding 12): private.
    closedAt: c('record.closedAt'),
    anonymisedAt: c('record.anonymisedAt'),
    erasedAt: c('record.erasedAt'),
  } as CaseRecord;

  // Events in no particular order: the projection sorts the public ones by time.
  const events = [
    { code, municipality: 'zvecan', at: at(5), change: 'status', status: s.status, public: true, ...(answered ? { answer: pub('event.answer', 'Рупа је закрпљена.') } : {}) },
    { code, municipality: 'zvecan', at: at(0), change: 'created', status: 'received', public: true },
    // A private event: an internal step staff took, never shown.
    { code, municipality: 'zvecan', at: at(3), change: 'status', status: 'in_progress', public: false, answer: c('private event.answer'), referral: c('private event.referral') },
    { code, municipality: 'zvecan', at: at(4), change: 'status', status: 'forwarded', public: false, referral: c('private event 2.referral') },
  ].map((e, i) => ({
    ...e,
    by: c(`event${i}.by`),
    staffEmail: c(`event${i}.staffEmail`),
    note: c(`event${i}.note`),
    token: c(`event${i}.token`),
    pk: c(`event${i}.pk`),
    // Which reply link acted and the inbox it went to (issue 11, finding 8): private.
    linkId: c(`event${i}.linkId`),
    inbox: `${c(`event${i}.inbox`)}@ezvecan.com`,
    via: c(`event${i}.via`),
  })) as CaseEvent[];

  const timeline: PublicCase['timeline'] = rejected
    ? []
    : [{ at: at(0), status: 'received' }, { at: at(5), status: s.status, ...(answered ? { answer: 'Рупа је закрпљена.' } : {}) }];
  const expected: PublicCase = {
    v: 1,
    code,
    kind: s.kind,
    municipality: 'zvecan',
    ...(s.kind === 'report' ? { category: 'roads' } : {}),
    lang: s.locale,
    text: publicText,
    ...(s.kind === 'report' ? { address: 'Kralja Petra 12', lat: 42.9, lng: 20.84 } : {}),
    status: s.status,
    createdAt: at(0),
    updatedAt: at(answered ? 5 : 0),
    deadlineAt: at(48),
    ...(answered ? { firstAnsweredAt: at(5), answer: 'Рупа је закрпљена.' } : {}),
    ...(referred ? { referral: 'JP Putevi, tel. 028 000 000' } : {}),
    ...(s.showName ? { name: 'Marko Marković' } : {}),
    photos: expectedPhotos,
    timeline,
  };
  return { record, events, contact, canaries, expected };
}

/**
 * What the platform publishes for a case, as the stream's projection (`project`, in the functions'
 * domain) does it: nothing for a rejected case, else the public record; then every output made
 * from that record, serialised.
 */
function publish(b: Built): { pub?: PublicCase; outputs: string[] } {
  if (!isPublished(b.record.status)) return { outputs: [] };
  const pub = toPublicCase(b.record, b.events, publicUrl);
  const parsed = publicCaseSchema.parse(pub);
  const outputs = [JSON.stringify(pub), JSON.stringify(parsed), JSON.stringify(openDataRow(pub, site)), toCsv([pub], site), JSON.stringify(toGeoJson([pub]))];
  for (const locale of localeKeys) {
    const request = toServiceRequest(pub, zvecan, { locale, origin: site.origin });
    outputs.push(render('json', 'service_requests', [request]), render('xml', 'service_requests', [request]));
  }
  return { pub, outputs };
}

/** Every scenario: statuses × name shown or not × kind × language, each with a different set of photos. */
function scenarios(): Scenario[] {
  const random = seededRandom(20260329);
  const out: Scenario[] = [];
  let i = 0;
  for (const status of statuses) {
    for (const showName of [false, true]) {
      for (const kind of ['report', 'question'] as const) {
        for (const locale of localeKeys) {
          // All kinds of photo in a rotating order (so the public one is not always first), then a
          // random subset of them; and a case with no photos at all.
          const rotated = photoKinds.map((_, j) => photoKinds[(j + i) % photoKinds.length]!);
          const subset = rotated.filter(() => random() < 0.5);
          out.push({ status, showName, kind, locale, photos: rotated });
          out.push({ status, showName, kind, locale, photos: subset });
          if (i % 5 === 0) out.push({ status, showName, kind, locale, photos: [] });
          i++;
        }
      }
    }
  }
  return out;
}

const all = scenarios();
const label = (s: Scenario) => `${s.status}, name ${s.showName ? 'shown' : 'hidden'}, ${s.kind}, ${s.locale}, photos [${s.photos.map((p) => p.kind).join(' ')}]`;

describe('the public projection lets no private field out', () => {
  it('covers every status, both name choices and every kind of photo', () => {
    expect(new Set(all.map((s) => s.status))).toEqual(new Set(statuses));
    expect(new Set(all.flatMap((s) => s.photos.map((p) => p.kind)))).toEqual(new Set(photoKinds.map((p) => p.kind)));
    expect(all.length).toBeGreaterThan(150);
  });

  it('no canary appears in the public record, its parsed form, the open data or Open311, in any combination', () => {
    for (const s of all) {
      const b = build(s);
      const { outputs } = publish(b);
      // The canaries are really there to find: the input holds every one of them.
      expect(b.canaries.leaks([JSON.stringify({ record: b.record, events: b.events, contact: b.contact })]).length, label(s)).toBe(b.canaries.where.size);
      expect(b.canaries.leaks(outputs), label(s)).toEqual([]);
    }
  });

  it('no canary appears in the open data of many cases together', () => {
    const built = all.map(build);
    const pubs = built.map(publish).flatMap((p) => (p.pub ? [p.pub] : []));
    const files = [toCsv(pubs, site), JSON.stringify(pubs.map((p) => openDataRow(p, site))), JSON.stringify(toGeoJson(pubs))];
    for (const b of built) expect(b.canaries.leaks(files)).toEqual([]);
  });

  it('holds only the fields of the public schema, at every level', () => {
    const allowed = (shape: object) => new Set(Object.keys(shape));
    const top = allowed(publicCaseSchema.shape);
    const photo = allowed(publicPhotoSchema.shape);
    const event = allowed(publicEventSchema.shape);
    for (const s of all) {
      const { pub } = publish(build(s));
      if (!pub) continue;
      expect(Object.keys(pub).filter((k) => !top.has(k)), label(s)).toEqual([]);
      for (const p of pub.photos) {
        expect(Object.keys(p).filter((k) => !photo.has(k))).toEqual([]);
        for (const v of p.variants) expect(Object.keys(v).sort()).toEqual(['url', 'w']);
      }
      for (const e of pub.timeline) expect(Object.keys(e).filter((k) => !event.has(k))).toEqual([]);
    }
  });
});

describe('what the public projection does publish', () => {
  it('gives every public field: the public wording, the name only when chosen, the ready published photos, the public events in order', () => {
    let published = 0;
    for (const s of all) {
      const b = build(s);
      const { pub } = publish(b);
      if (!pub) continue;
      published++;
      // toStrictEqual: no extra key, not even one holding undefined.
      expect(pub, label(s)).toStrictEqual(b.expected);
      expect(openDataRow(pub, site).name, label(s)).toBe(b.expected.name ?? null);
    }
    expect(published).toBe(all.filter((s) => s.status !== 'rejected').length);
  });

  it('shows the name when the citizen chose to, and never the contact details', () => {
    const b = build({ status: 'answered', showName: true, kind: 'report', locale: 'sr-latn', photos: [] });
    const { pub, outputs } = publish(b);
    expect(pub!.name).toBe('Marko Marković');
    expect(outputs.filter((o) => o.includes('Marko Marković')).length).toBeGreaterThan(0);
    expect(toCsv([pub!], site)).toContain('Marko Marković');
    expect(b.canaries.leaks(outputs)).toEqual([]);
    const hidden = publish(build({ status: 'answered', showName: false, kind: 'report', locale: 'sr-latn', photos: [] }));
    expect(hidden.pub!.name).toBeUndefined();
    expect(hidden.outputs.some((o) => o.includes('Marko Marković'))).toBe(false);
  });

  it('publishes a ready, published photo with each of its variants, and Open311 links the largest', () => {
    const b = build({ status: 'in_progress', showName: false, kind: 'report', locale: 'sr', photos: [photoKinds[2], photoKinds[7], photoKinds[0], photoKinds[6]] });
    const { pub, outputs } = publish(b);
    expect(pub!.photos).toEqual([
      { id: 'ph1', variants: [{ w: 480, url: `${MEDIA}public/${b.record.code}/ph1-480.webp` }, { w: 1280, url: `${MEDIA}public/${b.record.code}/ph1-1280.webp` }] },
    ]);
    expect(toServiceRequest(pub!, zvecan, { origin: site.origin }).media_url).toBe(`${MEDIA}public/${b.record.code}/ph1-1280.webp`);
    expect(openDataRow(pub!, site).photo_urls).toBe(`${MEDIA}public/${b.record.code}/ph1-1280.webp`);
    expect(b.canaries.leaks(outputs)).toEqual([]);
  });

  it('publishes nothing of a case rejected as spam, and every other status', () => {
    for (const status of statuses) expect(isPublished(status), status).toBe(status !== 'rejected');
    const b = build({ status: 'rejected', showName: true, kind: 'report', locale: 'sr', photos: [...photoKinds] });
    expect(publish(b).outputs).toEqual([]);
  });
});

// The staff workspace (issue 12) adds fields to a case and kinds of event. Its private ones (the
// inbox a case is with, internal notes, who acted, the inboxes of a forward) must stay out of
// everything public, whatever a bug does to an event's `public` flag; its public ones (channel,
// planned date, resolution deadline and time, duplicate, answers in two languages) are named.
describe('the workspace’s fields in the public projection', () => {
  const at = (h: number) => new Date(Date.parse('2026-05-04T08:00:00Z') + h * 3_600_000).toISOString();

  /** A case worked in the workspace, with a canary in every private field, and events of every private kind marked public by mistake. */
  function worked() {
    const canaries = new Canaries('ws');
    const c = (label: string) => canaries.put(label);
    const code = 'WS12-K7QM';
    const record = {
      code, kind: 'report', municipality: 'zvecan', locale: 'sr', category: 'roads',
      text: c('record.text'), publicText: 'Рупа на путу.', photos: [], status: 'resolved',
      createdAt: at(0), updatedAt: at(100), deadlineAt: at(48), firstAnsweredAt: at(2),
      answer: 'Рупа је закрпљена.', answers: { sr: 'Рупа је закрпљена.', sq: 'Gropa u mbush.', en: c('record.answers.en') },
      channel: 'phone', inbox: `${c('record.inbox')}@ezvecan.com`,
      plannedAt: '2026-05-10', resolutionDueAt: at(240), resolvedAt: at(100), duplicateOf: 'ORIG-K7QM',
      showName: false, publicName: c('record.publicName'),
      // Not in the model: what a careless change might put on a case from the workspace.
      note: c('record.note'), notes: [c('record.notes[0]')], actor: `${c('record.actor')}@ezvecan.com`, assignee: c('record.assignee'),
    } as unknown as CaseRecord;
    const privateBits = (i: number) => ({
      note: c(`event${i}.note`),
      actor: `${c(`event${i}.actor`)}@ezvecan.com`,
      inbox: `${c(`event${i}.inbox`)}@ezvecan.com`,
      fromInbox: `${c(`event${i}.fromInbox`)}@ezvecan.com`,
      toInbox: `${c(`event${i}.toInbox`)}@ezvecan.com`,
      linkId: c(`event${i}.linkId`),
      via: 'session',
    });
    const events = [
      { at: at(0), change: 'created', status: 'received', public: true },
      { at: at(2), change: 'status', status: 'in_progress', public: true, plannedAt: '2026-05-10', answer: 'Екипа излази.', answers: { sr: 'Екипа излази.', sq: 'Ekipa po del.' }, ...privateBits(1) },
      // Private kinds, each marked public by mistake and carrying text a public event would show.
      { at: at(3), change: 'note', status: 'in_progress', public: true, answer: c('note event.answer'), referral: c('note event.referral'), ...privateBits(2) },
      { at: at(4), change: 'forwarded', status: 'in_progress', public: true, answer: c('forward event.answer'), referral: c('forward event.referral'), ...privateBits(3) },
      { at: at(5), change: 'edited', status: 'in_progress', public: true, answer: c('edit event.answer'), ...privateBits(4) },
      { at: at(6), change: 'contact-viewed', status: 'in_progress', public: true, referral: c('contact event.referral'), ...privateBits(5) },
      { at: at(100), change: 'status', status: 'resolved', public: true, answer: 'Рупа је закрпљена.', answers: { sr: 'Рупа је закрпљена.', sq: 'Gropa u mbush.' }, ...privateBits(6) },
    ].map((e) => ({ code, municipality: 'zvecan', ...e })) as CaseEvent[];
    return { record, events, canaries };
  }

  it('no private field or private event reaches the record, the open data, Open311 or the case page', async () => {
    const { caseBody, caseDeadline } = await import('../../core/views/case.ts');
    const { record, events, canaries } = worked();
    const pub = toPublicCase(record, events, publicUrl);
    const outputs = [JSON.stringify(pub), JSON.stringify(publicCaseSchema.parse(pub)), JSON.stringify(openDataRow(pub, site)), toCsv([pub], site), JSON.stringify(toGeoJson([pub]))];
    for (const locale of localeKeys) {
      const request = toServiceRequest(pub, zvecan, { locale, origin: site.origin });
      outputs.push(render('json', 'service_requests', [request]), render('xml', 'service_requests', [request]));
      outputs.push(caseBody(pub, { locale, municipality: zvecan, deadline: caseDeadline(pub, new Date(at(300))) }));
    }
    expect(canaries.leaks([JSON.stringify({ record, events })]).length).toBe(canaries.where.size);
    expect(canaries.leaks(outputs)).toEqual([]);
    // No staff address of any kind: the canaries above, and the domain they were written with.
    for (const o of outputs) expect(o).not.toContain('@ezvecan.com');
  });

  it('the timeline holds only public events of public kinds, even when a private one is marked public', () => {
    const { record, events } = worked();
    const pub = toPublicCase(record, events, publicUrl);
    expect(pub.timeline.map((e) => e.status)).toEqual(['received', 'in_progress', 'resolved']);
    for (const change of ['created', 'status', 'duplicate', 'erased', 'anonymised'] as const) {
      const shown = toPublicCase(record, [{ code: record.code, municipality: 'zvecan', at: at(1), change, status: 'received', public: true }], publicUrl);
      expect(shown.timeline, change).toHaveLength(1);
      expect(toPublicCase(record, [{ code: record.code, municipality: 'zvecan', at: at(1), change, status: 'received', public: false }], publicUrl).timeline, change).toEqual([]);
    }
    for (const change of ['note', 'forwarded', 'edited', 'contact-viewed'] as const) {
      expect(toPublicCase(record, [{ code: record.code, municipality: 'zvecan', at: at(1), change, status: 'received', public: true }], publicUrl).timeline, change).toEqual([]);
    }
  });

  it('publishes the public fields by name: channel, planned date, resolution deadline and time, duplicate, answers in both languages', () => {
    const { record, events } = worked();
    const pub = toPublicCase(record, events, publicUrl);
    expect(pub).toMatchObject({
      channel: 'phone', plannedAt: '2026-05-10', resolutionDueAt: at(240), resolvedAt: at(100), duplicateOf: 'ORIG-K7QM',
      answer: 'Рупа је закрпљена.',
    });
    // Each answer language named: an unknown language key is not copied.
    expect(pub.answers).toStrictEqual({ sr: 'Рупа је закрпљена.', sq: 'Gropa u mbush.' });
    expect(pub.timeline[1]).toStrictEqual({ at: at(2), status: 'in_progress', answer: 'Екипа излази.', answers: { sr: 'Екипа излази.', sq: 'Ekipa po del.' }, plannedAt: '2026-05-10' });
    const row = openDataRow(pub, site);
    expect([row.channel, row.planned_at, row.resolution_due_at, row.resolved_at, row.duplicate_of, row.answer_sr, row.answer_sq]).toEqual(['phone', '2026-05-10', at(240), at(100), 'ORIG-K7QM', 'Рупа је закрпљена.', 'Gropa u mbush.']);
    expect(publicCaseSchema.parse(pub)).toStrictEqual(pub);
  });

  it('names no channel for a case from the web forms, and leaves out empty answers', () => {
    const { record, events } = worked();
    const web = toPublicCase({ ...record, channel: 'web', answers: { sr: '', sq: undefined } } as unknown as CaseRecord, events, publicUrl);
    expect('channel' in web).toBe(false);
    expect('answers' in web).toBe(false);
    expect(openDataRow(web, site).channel).toBe('web');
    // The schema refuses "web" as a named channel, and an unknown one.
    expect(publicCaseSchema.safeParse({ ...web, channel: 'web' }).success).toBe(false);
    expect(publicCaseSchema.safeParse({ ...web, channel: 'pigeon' }).success).toBe(false);
    expect(publicCaseSchema.safeParse({ ...web, plannedAt: '14.3.2026' }).success).toBe(false);
  });

  it('Open311 gives the answer in the reader’s language, and Albanian as written', () => {
    const { record, events } = worked();
    const pub = toPublicCase(record, events, publicUrl);
    const notes = (p: PublicCase, locale: 'sr' | 'sr-latn' | 'sq') => toServiceRequest(p, zvecan, { locale, origin: site.origin }).status_notes;
    expect(notes(pub, 'sr')).toBe('Решено: Рупа је закрпљена.');
    expect(notes(pub, 'sr-latn')).toBe('Rešeno: Rupa je zakrpljena.');
    expect(notes(pub, 'sq')).toBe('Zgjidhur: Gropa u mbush.');
    // A Serbian case answered in Albanian only: not transliterated into Cyrillic as if it were Serbian.
    const onlySq = toPublicCase({ ...record, answer: 'Gropa u mbush.', answers: { sq: 'Gropa u mbush.' } } as CaseRecord, events, publicUrl);
    expect(notes(onlySq, 'sr')).toBe('Решено: Gropa u mbush.');
  });

  it('an old public record, without any of the new fields, is still valid (schema version 1)', () => {
    const old = JSON.parse(readFileSync(new URL('../fixtures/archive.json', import.meta.url), 'utf8')) as unknown[];
    const legacy = old.map((r) => {
      const { channel, plannedAt, resolutionDueAt, resolvedAt, duplicateOf, answers, ...rest } = r as Record<string, unknown>;
      void [channel, plannedAt, resolutionDueAt, resolvedAt, duplicateOf, answers];
      return { ...rest, timeline: (rest.timeline as Record<string, unknown>[]).map(({ answers: _a, plannedAt: _p, duplicateOf: _d, ...e }) => e) };
    });
    for (const r of legacy) expect(publicCaseSchema.safeParse(r).success).toBe(true);
    expect(PUBLIC_SCHEMA_VERSION).toBe(1);
  });
});
