// The overdue sweep against the real local services (DynamoDB Local, s3rver, the mail sink, the
// stream poller), with the platform's clock injected so the test can walk past deadlines.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startStack } from '../../scripts/local/stack.mjs';
import { mails, replyLink, scanAll, type Mail, type Stack } from '../helpers/stack.ts';
import type { SweepReport } from '../../functions/handlers/sweep.ts';
import type { Config } from '../../functions/config.ts';
import type { CaseStore } from '../../functions/domain/ports.ts';

// Zvečan's clock stops at weekends and holidays; times below are its local time (CET, UTC+1 in
// March 2026). Monday 2 March 08:00 local = 07:00 UTC.
let clock = Date.parse('2026-03-02T07:00:00Z');
const at = (localIso: string) => {
  clock = Date.parse(`${localIso}+01:00`);
};

let stack: Stack;
let sweep: () => Promise<SweepReport>;
/** Builds the sweep asked for (the rebuild worker's port, recorded). */
const builds: string[] = [];
beforeAll(async () => {
  stack = await startStack({
    port: 0,
    mail: 'separate',
    log: () => {},
    loadPlatform: async () => {
      const platform = await import('../../functions/local.ts');
      const { createSweep } = platform;
      return {
        loadConfig: platform.loadConfig,
        // Every part of the platform (submissions, tokens, replies, the sweep) reads this clock.
        createPlatform: (config: Config, opts: Parameters<typeof platform.createPlatform>[1] = {}) =>
          platform.createPlatform(config, { ...opts, now: () => new Date(clock), publisher: { requestBuild: async (m: string) => void builds.push(m) } }),
        createSweep,
      };
    },
    env: { RATE_PER_IP_PER_HOUR: '10000', RATE_PER_EMAIL_PER_HOUR: '10000' },
  });
  sweep = stack.sweep as () => Promise<SweepReport>;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const submit = async (path: '/api/reports' | '/api/questions', body: Record<string, unknown>) => {
  const r = await fetch(stack.apiUrl(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zvecan.localhost' },
    body: JSON.stringify({ municipality: 'zvecan', consent: true, ...body }),
  });
  const out = (await r.json()) as { code: string };
  expect(r.status, JSON.stringify(out)).toBe(201);
  return out.code;
};
const answer = async (mail: Mail, outcome: string, text: string) => {
  const r = await fetch(stack.apiUrl(replyLink(mail).replace(/^http:\/\/[^/]+/, '')), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' },
    body: new URLSearchParams({ outcome, publicText: text, answer: 'Ekipa je obaveštena i radi na tome.' }),
    redirect: 'manual',
  });
  expect(r.status).toBe(303);
  await stack.poller.idle();
};
const mailsAbout = async (code: string) => (await mails(stack)).filter((m) => m.subject.includes(code));
const reminders = async (code: string) => (await mailsAbout(code)).filter((m) => /Истекао је рок/.test(m.subject));
const escalations = async (code: string) => (await mailsAbout(code)).filter((m) => /без одговора/.test(m.subject));
const sweepRecords = async (code: string) => (await scanAll(stack)).filter((i) => i.pk === `CASE#${code}` && String(i.sk).startsWith('SWEEP#'));

describe('the overdue sweep', () => {
  let a: string; // a report nobody answers
  let b: string; // a question answered after its reminder
  let c: string; // a report answered "in progress" in time
  let d: string; // a report whose deadline falls on a Friday

  it('leaves cases alone before their deadline', async () => {
    a = await submit('/api/reports', { locale: 'sr-latn', category: 'roads', description: 'Velika rupa na putu kod škole, opasno za decu.', address: 'Ulica Kralja Milutina, Zvečan', email: 'a@example.org' });
    b = await submit('/api/questions', { locale: 'sr', question: 'Када ће почети изградња новог вртића?', email: 'b@example.org' });
    c = await submit('/api/reports', { locale: 'sq', category: 'water', description: 'Gypi i ujit ka plasur para shkollës.', address: 'Rruga e shkollës, Zveçan', email: 'c@example.org' });
    await stack.poller.idle();
    const staffC = (await mailsAbout(c)).find((m) => m.to.includes('komunalno@ezvecan.com'))!;

    at('2026-03-03T09:00:00');
    await answer(staffC, 'in_progress', 'Gypi i ujit ka plasur para shkollës.');
    expect((await sweep()).sent).toEqual([]);
  });

  it('reminds the inbox that received each overdue case once, with a fresh reply link', async () => {
    // Deadline of a and b: Wednesday 08:00, 48 running hours after Monday 08:00.
    at('2026-03-04T07:59:00');
    expect((await sweep()).sent).toEqual([]);
    at('2026-03-04T08:05:00');
    // Builds asked for by the stream (public records written by the submissions) are not the sweep's.
    await stack.poller.idle();
    await stack.poller.idle();
    builds.length = 0;
    // Two sweeps at once (a slow run overlapping the next): each reminder still goes out once.
    const [one, two] = await Promise.all([sweep(), sweep()]);
    const sent = [...one.sent, ...two.sent].map((s) => `${s.code} ${s.kind} ${s.to}`).sort();
    expect(sent).toEqual([`${a} reminder infrastruktura@ezvecan.com`, `${b} reminder predsednik@ezvecan.com`].sort());
    // The cases just became overdue: the archive must show it, so the site is rebuilt.
    expect(builds).toContain('zvecan');
    builds.length = 0;
    expect((await sweep()).sent).toEqual([]);
    expect(builds).toEqual([]);

    const [ra] = await reminders(a);
    expect(await reminders(a)).toHaveLength(1);
    expect(ra!.to).toEqual(['infrastruktura@ezvecan.com']);
    expect(ra!.subject).toBe(`[Е-општина Звечан] Истекао је рок за одговор: ${a}`);
    expect(ra!.text).toContain('Velika rupa na putu');
    expect(ra!.html).toContain('/api/reply/');
    // The link is new (not the one in the first email) and opens the staff page.
    const first = (await mailsAbout(a)).find((m) => m.to.includes('infrastruktura@ezvecan.com') && m.id !== ra!.id)!;
    expect(replyLink(ra!)).not.toBe(replyLink(first));
    const page = await fetch(stack.apiUrl(replyLink(ra!).replace(/^http:\/\/[^/]+/, '')), { headers: { host: 'zvecan.localhost' } });
    expect(page.status).toBe(200);
    expect(await reminders(b)).toHaveLength(1);
    expect((await reminders(b))[0]!.to).toEqual(['predsednik@ezvecan.com']);
    expect(await reminders(c)).toEqual([]);

    const recorded = await sweepRecords(a);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ sk: 'SWEEP#reminder', type: 'sweep', sentTo: 'infrastruktura@ezvecan.com', sentAt: '2026-03-04T07:05:00.000Z' });
  });

  it('escalates to the supervisor 24 running hours after the deadline, only cases still unanswered', async () => {
    at('2026-03-04T12:00:00');
    await answer((await reminders(b))[0]!, 'answered', 'Када ће почети изградња новог вртића?');
    at('2026-03-05T07:59:00');
    expect((await sweep()).sent).toEqual([]);
    at('2026-03-05T08:05:00');
    expect((await sweep()).sent).toEqual([{ code: a, municipality: 'zvecan', kind: 'escalation', to: 'nadzor@ezvecan.com' }]);
    expect((await sweep()).sent).toEqual([]);
    const [esc] = await escalations(a);
    expect(await escalations(a)).toHaveLength(1);
    expect(esc!.to).toEqual(['nadzor@ezvecan.com']);
    expect(esc!.text).toContain('infrastruktura@ezvecan.com');
    expect(esc!.text).toContain(`/sr/status/${a}/`);
    // The reply link stays with the inbox responsible.
    expect(esc!.text).not.toContain('/api/reply/');
    expect(await escalations(b)).toEqual([]);
    expect(await escalations(c)).toEqual([]);
  });

  it('does not count the weekend, and retries a reminder that could not be mailed', async () => {
    at('2026-03-04T10:00:00');
    d = await submit('/api/reports', { locale: 'sr', category: 'lighting', description: 'Улична светиљка код поште не ради већ недељу дана.', address: 'Пошта, Звечан', email: 'd@example.org' });
    await stack.poller.idle();

    // Friday 10:05, past d's deadline, with the mail service down: nothing is recorded as sent.
    at('2026-03-06T10:05:00');
    await stack.mail.stop();
    await expect(sweep()).rejects.toThrow(/1 notice\(s\) failed/);
    expect(await sweepRecords(d)).toEqual([]);
    await stack.mail.start();
    expect((await sweep()).sent).toEqual([{ code: d, municipality: 'zvecan', kind: 'reminder', to: 'infrastruktura@ezvecan.com' }]);
    expect(await reminders(d)).toHaveLength(1);

    // Saturday is 26 hours after the deadline, but the clock does not run at weekends.
    at('2026-03-07T12:00:00');
    expect((await sweep()).sent).toEqual([]);
    at('2026-03-09T10:05:00');
    expect((await sweep()).sent).toEqual([{ code: d, municipality: 'zvecan', kind: 'escalation', to: 'nadzor@ezvecan.com' }]);
  }, 60_000);

  it('looks back only as far as SWEEP_LOOKBACK_DAYS through the municipality index', async () => {
    const store = stack.platform.ports.store as CaseStore;
    const now = new Date(clock);
    // What the sweep asks for (overdueQuery), from a given creation time.
    const overdueSince = (since: string) => ({ createdSince: since, status: 'received' as const, deadlineBy: now.toISOString() });
    const list = async (since: string) => {
      const codes: string[] = [];
      for await (const page of store.listCases('zvecan', overdueSince(since))) codes.push(...page.map((r) => r.code));
      return codes.sort();
    };
    // a and d are still unanswered; b was answered and c is in progress.
    expect(await list('2026-03-01T00:00:00.000Z')).toEqual([a, d].sort());
    expect(await list('2026-03-03T00:00:00.000Z')).toEqual([d]);
    expect(await list('2026-03-01T00:00:00.000Z').then(() => store.listCases('leposavic', overdueSince('2026-03-01T00:00:00.000Z')).next())).toMatchObject({ value: [] });
  });
});
