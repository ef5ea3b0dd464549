// The resolution deadline's sweep against the real local services (DynamoDB Local, s3rver, the
// mail sink, the stream poller), with the platform's clock injected: a case staff marked "in
// progress" through the reply link gets the category's resolutionDays (water: 5 working days in
// Zvečan) to be resolved; once that passes the inbox the case is with gets a reminder with a fresh
// follow-up link, and escalateAfterHours (24) running hours later the supervisor an escalation,
// each once. Weekends do not count (Zvečan's clock stops); a case resolved in time gets nothing.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestStack, mails, replyLink, scanAll, type Mail, type Stack } from '../helpers/stack.ts';
import type { SweepReport } from '../../functions/handlers/sweep.ts';
import type { CaseStore } from '../../functions/domain/ports.ts';

// Zvečan's local time, CET (UTC+1) in March 2026. Monday 2 March 08:00 local.
let clock = Date.parse('2026-03-02T07:00:00Z');
const at = (localIso: string) => {
  clock = Date.parse(`${localIso}+01:00`);
};

let stack: Stack;
let sweep: () => Promise<SweepReport>;
let store: CaseStore;
const builds: string[] = [];
beforeAll(async () => {
  stack = await startTestStack({ now: () => new Date(clock), publisher: { requestBuild: async (m: string) => void builds.push(m) } });
  sweep = stack.sweep as () => Promise<SweepReport>;
  store = stack.platform.ports.store as CaseStore;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const submit = async (description: string) => {
  const r = await fetch(stack.apiUrl('/api/reports'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zvecan.localhost' },
    body: JSON.stringify({ municipality: 'zvecan', consent: true, locale: 'sr', category: 'water', description, address: 'Главна улица, Звечан', email: 'gradjanin@example.org' }),
  });
  const out = (await r.json()) as { code: string };
  expect(r.status, JSON.stringify(out)).toBe(201);
  return out.code;
};
const path = (link: string) => link.replace(/^http:\/\/[^/]+/, '');
const post = async (link: string, body: Record<string, string>) => {
  const r = await fetch(stack.apiUrl(path(link)), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' }, body: new URLSearchParams(body), redirect: 'manual' });
  await stack.poller.idle();
  return r.status;
};
const mailsAbout = async (code: string) => (await mails(stack)).filter((m) => m.subject.includes(code));
/** The latest email to an inbox about a case. */
const latestTo = async (code: string, to: string) => (await mailsAbout(code)).filter((m) => m.to.includes(to)).at(-1)!;
const reminders = async (code: string) => (await mailsAbout(code)).filter((m) => /Истекао је рок за решавање/.test(m.subject));
const escalations = async (code: string) => (await mailsAbout(code)).filter((m) => /није решен ни после рока/.test(m.subject));
const resolutionSent = (r: SweepReport) => r.sent.filter((s) => s.kind.startsWith('resolution')).map((s) => `${s.code} ${s.kind} ${s.to}`).sort();

describe('the resolution deadline sweep', () => {
  let late: string; // in progress, never resolved
  let inTime: string; // in progress, resolved before its resolution deadline
  let moved: string; // in progress, then forwarded to another inbox; resolved after the reminder
  let firstFollowUp: Mail;

  it('starts the resolution clock when staff mark a case in progress', async () => {
    at('2026-03-04T10:00:00'); // Wednesday
    late = await submit('Пукла је цев код школе, вода тече низ улицу.');
    inTime = await submit('Нема воде у згради већ два дана.');
    moved = await submit('Запушена канализација испред поште.');
    await stack.poller.idle();
    // Friday 09:00 local, before the 48-hour deadline: all three in progress, one with a planned date.
    at('2026-03-06T09:00:00');
    for (const code of [late, inTime, moved]) {
      const first = await latestTo(code, 'komunalno@ezvecan.com');
      expect(await post(replyLink(first), { outcome: 'in_progress', publicText: 'Квар на водоводу.', answer: 'Екипа је обавештена.', ...(code === late ? { plannedAt: '2026-03-12' } : {}) })).toBe(303);
    }
    const r = (await store.getCase(late))!;
    expect(r.status).toBe('in_progress');
    // Five working days from Friday 09:00: the weekend does not count, so Friday 13 March 09:00.
    expect(r.resolutionDueAt).toBe('2026-03-13T08:00:00.000Z');
    expect(r.plannedAt).toBe('2026-03-12');
    firstFollowUp = await latestTo(late, 'komunalno@ezvecan.com');
    expect(firstFollowUp.subject).toMatch(/је у обради/);

    // `moved` is forwarded inside the municipality (as the workspace does): it is with infrastruktura now.
    const m = (await store.getCase(moved))!;
    const now = new Date(clock).toISOString();
    expect(await store.saveCase({ ...m, inbox: 'infrastruktura@ezvecan.com', updatedAt: now }, m.updatedAt, [
      { code: moved, municipality: 'zvecan', at: now, change: 'forwarded', status: m.status, public: false, fromInbox: 'komunalno@ezvecan.com', toInbox: 'infrastruktura@ezvecan.com', via: 'session', actor: 'nadzor@ezvecan.com' },
    ])).toBe(true);
    await stack.poller.idle();

    // `inTime` is resolved on Thursday, before its deadline.
    at('2026-03-12T11:00:00');
    expect(await post(replyLink(await latestTo(inTime, 'komunalno@ezvecan.com')), { outcome: 'resolved', publicText: 'Квар на водоводу.', answer: 'Поправљено.' })).toBe(303);
    expect((await store.getCase(inTime))!.status).toBe('resolved');
  });

  it('sends nothing before the resolution deadline', async () => {
    at('2026-03-13T08:59:00');
    const report = await sweep();
    expect(resolutionSent(report)).toEqual([]);
    expect(report.pastResolution).toBe(0);
  });

  it('reminds the inbox each case is with once, with a fresh follow-up link that works', async () => {
    at('2026-03-13T09:05:00');
    builds.length = 0;
    // Two sweeps at once (a slow run overlapping the next): each reminder still goes out once.
    const [one, two] = await Promise.all([sweep(), sweep()]);
    expect([...resolutionSent(one), ...resolutionSent(two)].sort()).toEqual([`${late} resolution-reminder komunalno@ezvecan.com`, `${moved} resolution-reminder infrastruktura@ezvecan.com`].sort());
    expect((one.pastResolution ?? 0) + (two.pastResolution ?? 0)).toBeGreaterThanOrEqual(2);
    // The archive's resolution figures changed: the site is built again.
    expect(builds).toContain('zvecan');
    expect(resolutionSent(await sweep())).toEqual([]);

    const [reminder] = await reminders(late);
    expect(await reminders(late)).toHaveLength(1);
    expect(reminder!.to).toEqual(['komunalno@ezvecan.com']);
    expect(reminder!.subject).toBe(`[Е-општина Звечан] Истекао је рок за решавање: ${late}`);
    // The deadline and the planned date, in the staff member's language (Zvečan's default: Cyrillic).
    expect(reminder!.text).toContain('13. март 2026. 09:00');
    expect(reminder!.text).toContain('12. март 2026.');
    expect(reminder!.text).toContain('Пукла је цев');
    // The workspace link beside the one-time link.
    expect(reminder!.text).toMatch(new RegExp(`http://zvecan\\.localhost:\\d+/sr/staff/cases/${late}/`));
    // A new follow-up link: it opens the staff page, and the one before it is replaced.
    expect(replyLink(reminder!)).not.toBe(replyLink(firstFollowUp));
    expect((await fetch(stack.apiUrl(path(replyLink(reminder!))), { headers: { host: 'zvecan.localhost' } })).status).toBe(200);
    expect((await fetch(stack.apiUrl(path(replyLink(firstFollowUp))), { headers: { host: 'zvecan.localhost' } })).status).toBe(410);

    // The forwarded case's reminder went to its new inbox only.
    expect((await reminders(moved)).map((m) => m.to)).toEqual([['infrastruktura@ezvecan.com']]);
    expect(await reminders(inTime)).toEqual([]);

    const recorded = (await scanAll(stack)).filter((i) => i.pk === `CASE#${late}` && String(i.sk).startsWith('SWEEP#'));
    expect(recorded).toEqual([expect.objectContaining({ sk: 'SWEEP#resolution-reminder', sentTo: 'komunalno@ezvecan.com', sentAt: '2026-03-13T08:05:00.000Z' })]);
  });

  it('lets the reminder link resolve the case, which then gets no escalation', async () => {
    at('2026-03-13T12:00:00');
    const [reminder] = await reminders(moved);
    expect(await post(replyLink(reminder!), { outcome: 'resolved', publicText: 'Канализација.', answer: 'Очишћено.' })).toBe(303);
    expect((await store.getCase(moved))!.status).toBe('resolved');
  });

  it('escalates 24 running hours after the resolution deadline: not over the weekend', async () => {
    // Saturday noon is 27 wall hours after the deadline, but the clock stops at weekends.
    at('2026-03-14T12:00:00');
    expect(resolutionSent(await sweep())).toEqual([]);
    at('2026-03-16T08:59:00');
    expect(resolutionSent(await sweep())).toEqual([]);
    at('2026-03-16T09:05:00');
    expect(resolutionSent(await sweep())).toEqual([`${late} resolution-escalation nadzor@ezvecan.com`]);
    expect(resolutionSent(await sweep())).toEqual([]);

    const [esc] = await escalations(late);
    expect(await escalations(late)).toHaveLength(1);
    expect(esc!.to).toEqual(['nadzor@ezvecan.com']);
    expect(esc!.text).toContain('komunalno@ezvecan.com');
    expect(esc!.text).toContain(`/sr/status/${late}/`);
    expect(esc!.text).toContain(`/sr/staff/cases/${late}/`);
    // The reply link stays with the inbox responsible.
    expect(esc!.text).not.toContain('/api/reply/');
    expect(await escalations(moved)).toEqual([]);
    expect(await escalations(inTime)).toEqual([]);
    expect(await reminders(late)).toHaveLength(1);
  });

  it('leaves a case resolved before the sweep runs alone, even long after', async () => {
    at('2026-04-30T10:00:00');
    const report = await sweep();
    expect(resolutionSent(report)).toEqual([]);
    // No resolution notice (the citizen's "was it fixed?" email, SWEEP#feedback, is another matter).
    const kinds = (await scanAll(stack)).filter((i) => String(i.pk) === `CASE#${inTime}` && String(i.sk).startsWith('SWEEP#resolution'));
    expect(kinds).toEqual([]);
  });
});
