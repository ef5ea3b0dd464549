// Rate limits per email and per address, on the real table: the request over the limit gets a
// translated 429 and stores nothing.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestStack, storedCases, type Stack } from '../helpers/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startTestStack({ env: { RATE_PER_EMAIL_PER_HOUR: '2', RATE_PER_IP_PER_HOUR: '4' } });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const send = (email: string, n: number) =>
  fetch(stack.apiUrl('/api/questions'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ municipality: 'leposavic', locale: 'sq', question: `Pyetja numër ${n} për kryetarin e komunës.`, email, consent: true }),
  });

describe('rate limits', () => {
  it('refuses the third question from one email within the hour', async () => {
    expect((await send('shpesh@example.org', 1)).status).toBe(201);
    expect((await send('SHPESH@example.org', 2)).status).toBe(201); // the same address, differently typed
    await stack.poller.idle(); // the stream handler adds reply tokens for the two new cases
    const before = (await storedCases(stack)).length;
    const r = await send('shpesh@example.org', 3);
    expect(r.status).toBe(429);
    const body = (await r.json()) as { errors: { code: string; message: string }[] };
    expect(body.errors[0]!.code).toBe('rateLimited');
    expect(body.errors[0]!.message).toContain('shumë kërkesa');
    expect((await storedCases(stack)).length).toBe(before);
  });

  it('refuses the fifth request from one address whatever the email, refused ones included', async () => {
    expect((await send('tjeter1@example.org', 4)).status).toBe(201); // the fourth from this address
    expect((await send('tjeter2@example.org', 5)).status).toBe(429);
  });

  it('keeps no address or email in the clear in its counters', async () => {
    const counters = (await import('../helpers/stack.ts')).scanAll(stack);
    const text = JSON.stringify((await counters).filter((i) => String(i.pk).startsWith('RATE#')));
    expect(text).not.toContain('example.org');
    expect(text).not.toContain('127.0.0.1');
  });
});
