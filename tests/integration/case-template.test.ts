// One case template: the live status page (rendered by the function) and the archive page (built
// by Astro from the table) show a case from the same components (core/views/case.ts), so a case
// reads the same on both. A citizen writes in Latin script, staff answer in Latin script; a
// Cyrillic reader sees the same Cyrillic text, answer and timeline on both pages, on the real
// local services (DynamoDB Local, s3rver, the mail sink, the stream poller, the rebuild worker).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestStack, mails, replyLink, getPage, type Stack } from '../helpers/stack.ts';

let stack: Stack;
let dist: string;
beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'eopstine-case-template-'));
  stack = await startTestStack({ distDir: dist, rebuild: { debounceMs: 300 } });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  if (dist) await rm(dist, { recursive: true, force: true });
});

/** The case as the template renders it: from the facts to the end of the timeline. */
function renderedCase(html: string): string {
  const start = html.indexOf('<dl class="facts case-facts">');
  const end = html.indexOf('</ol>', html.indexOf('<ol class="timeline">'));
  expect(start, 'the page shows the case facts').toBeGreaterThan(0);
  expect(end, 'the page shows the timeline').toBeGreaterThan(start);
  return html.slice(start, end + '</ol>'.length);
}
const h1 = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];

describe('a case written in Latin script, read in Cyrillic', () => {
  let code: string;

  it('is submitted and answered in Latin script', async () => {
    const r = await fetch(stack.apiUrl('/api/reports'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', host: 'zvecan.localhost' },
      body: JSON.stringify({
        municipality: 'zvecan', locale: 'sr-latn', category: 'lighting', consent: true, email: 'svetlo@example.org',
        description: 'Ulična svetiljka kod džamije ne radi već nedelju dana.', address: 'Ulica Kralja Petra', name: 'Đorđe Njegoš', showName: true,
        idempotencyKey: 'case-template-key-0001',
      }),
    });
    expect(r.status, await r.clone().text()).toBe(201);
    code = ((await r.json()) as { code: string }).code;

    await stack.poller.idle();
    const staff = (await mails(stack)).find((m) => m.subject.includes(code) && !m.to.includes('svetlo@example.org'))!;
    const reply = await fetch(stack.apiUrl(replyLink(staff).replace(/^http:\/\/[^/]+/, '')), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'zvecan.localhost' },
      body: new URLSearchParams({ outcome: 'answered', publicText: 'Ulična svetiljka kod džamije ne radi već nedelju dana.', answer: 'Svetiljka je zamenjena; hvala na prijavi.' }),
      redirect: 'manual',
    });
    expect(reply.status).toBe(303);
    // The reply's stream records write the public record; its own record asks for the build.
    await stack.poller.idle();
    await stack.poller.idle();
    await stack.rebuilder!.idle();
  }, 180_000);

  it('shows the same Cyrillic case on the live status page and in the archive', async () => {
    const live = await getPage(stack, 'zvecan', `/sr/status/${code}/`);
    const archived = await getPage(stack, 'zvecan', `/sr/archive/case/${code}/`);
    expect(live.status).toBe(200);
    expect(archived.status).toBe(200);

    const liveCase = renderedCase(live.body);
    // Written in Latin script, shown in Cyrillic: text, answer, timeline note and the name.
    expect(liveCase).toContain('<div class="prose" lang="sr-Cyrl"><p>Улична светиљка код џамије не ради већ недељу дана.</p></div>');
    expect(liveCase).toContain('<div class="prose" lang="sr-Cyrl"><p>Светиљка је замењена; хвала на пријави.</p></div>');
    expect(liveCase).toContain('<p lang="sr-Cyrl">Светиљка је замењена; хвала на пријави.</p>');
    expect(liveCase).toContain('Đorđe Njegoš'); // names and addresses stay as typed for Cyrillic readers
    expect(liveCase).toContain('state--met');
    expect(liveCase).not.toMatch(/Ulična|Svetiljka/);

    // The same markup, byte for byte, on both pages; and the same title.
    expect(renderedCase(archived.body)).toBe(liveCase);
    expect(h1(archived.body)).toBe(h1(live.body));
    // Each links to the other.
    expect(live.body).toContain(`href="/sr/archive/case/${code}/"`);
    expect(archived.body).toContain(`href="/sr/status/${code}/"`);
  });

  it('reads the same in Latin script on both pages for /sr-latn/ readers', async () => {
    const live = renderedCase((await getPage(stack, 'zvecan', `/sr-latn/status/${code}/`)).body);
    const archived = renderedCase((await getPage(stack, 'zvecan', `/sr-latn/archive/case/${code}/`)).body);
    expect(live).toContain('<div class="prose" lang="sr-Latn"><p>Ulična svetiljka kod džamije ne radi već nedelju dana.</p></div>');
    expect(archived).toBe(live);
  });
});
