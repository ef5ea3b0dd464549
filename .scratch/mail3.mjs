import { startMailSink } from '../scripts/local/mail-sink.mjs';
const s = await startMailSink({ dataDir: '.scratch/mail' });
const send = async () => { try { const r = await fetch(s.url + '/emails', { method: 'POST', headers: { Authorization: 'Bearer re_x', 'Content-Type': 'application/json', 'Idempotency-Key': 'k1' }, body: JSON.stringify({ from: 'E-opštine <noreply@ezvecan.com>', to: 'a@b.com', subject: 'Hi', html: '<!doctype html><html><head><title>x</title></head><body><a href="http://zvecan.localhost:4321/sr/">link</a></body></html>', text: 'hi', tags: [{ name: 'kind', value: 'staff' }] }) }); return r.status + ' ' + await r.text(); } catch (e) { return 'ERR ' + e.message + ' ' + e.cause?.code + ' ' + e.cause?.message; } };
console.log(await send());
await s.stop();
