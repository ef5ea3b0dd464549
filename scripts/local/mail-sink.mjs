// A mail sink that speaks enough of Resend's HTTP API for the Resend SDK, plus a mailbox to read
// what was "sent". Locally RESEND_BASE_URL points here (…/_mail/api), so the same adapter code
// runs as in AWS and nothing leaves the machine.
//
// Mounted into the local server (`handle` answers /_mail…) and runnable on its own port
// (`startMailSink`), which the fault tests stop and restart to play Resend being down.
//
//   POST /_mail/api/emails          Resend's send: { id }
//   POST /_mail/api/emails/batch    Resend's batch: { data: [{ id }] } (+ errors in permissive mode)
//   GET  /_mail/api/emails/<id>     Resend's retrieve
//   GET  /_mail/api/messages        every stored message as JSON, oldest first (?to=address filters)
//   GET  /_mail/api/messages/<id>   one message as JSON
//   DELETE /_mail/api/messages      forget everything (messages and idempotency keys)
//   GET  /_mail                     the mailbox, newest first (HTML, no JavaScript)
//   GET  /_mail/<id>                one message: headers, HTML version in a sandboxed iframe, text
//   GET  /_mail/<id>/html           the HTML version as a page of its own
//   POST /_mail/clear               the mailbox's "delete all" button
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';

/**
 * @typedef {object} Message
 * @property {string} id
 * @property {string} createdAt ISO time the sink accepted it
 * @property {string} from
 * @property {string[]} to
 * @property {string[]} cc
 * @property {string[]} bcc
 * @property {string[]} replyTo
 * @property {string} subject
 * @property {string | null} html
 * @property {string | null} text
 * @property {Record<string, string>} headers the email's own headers (the `headers` field), not the HTTP request's
 * @property {{ name: string, value: string }[]} tags
 * @property {{ filename: string | null, contentType: string | null, size: number | null }[]} attachments what was attached (content is not kept)
 * @property {string | null} scheduledAt
 * @property {string | null} idempotencyKey the request's Idempotency-Key header
 */

/**
 * @typedef {object} MailSink
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<boolean>} handle
 *   answers a request under /_mail and resolves true; resolves false (touching nothing) for any other path
 * @property {() => Message[]} messages copies, oldest first
 * @property {() => Promise<void>} clear forgets every message and idempotency key (and deletes their files)
 */

// Resend keeps idempotency keys for 24 hours.
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// Resend's limit for a whole request, attachments included.
const MAX_BODY_BYTES = 40 * 1024 * 1024;
const MAX_RECIPIENTS = 50;
const MAX_BATCH = 100;
const IDEMPOTENCY_FILE = 'idempotency.json';
const MESSAGE_FILE = /^[0-9a-f-]{36}\.json$/;

/** An error answered the way Resend answers: { statusCode, message, name }. */
class ResendError extends Error {
  /**
   * @param {number} statusCode
   * @param {string} name one of the SDK's RESEND_ERROR_CODE_KEY values
   * @param {string} message
   */
  constructor(statusCode, name, message) {
    super(message);
    this.statusCode = statusCode;
    this.code = name;
  }
  toJSON() {
    return { statusCode: this.statusCode, message: this.message, name: this.code };
  }
}

/**
 * @param {{ dataDir?: string }} [options] dataDir: keep messages as JSON files there (and load them now)
 * @returns {MailSink}
 */
export function createMailSink({ dataDir } = {}) {
  const dir = dataDir === undefined ? null : resolve(dataDir);
  /** @type {Message[]} oldest first */
  let store = [];
  /**
   * Key → the first successful request made with it.
   * @type {Map<string, { fingerprint: string, status: number, body: unknown, at: number }>}
   */
  let idempotency = new Map();
  /** Keys whose first request is being handled (Resend answers 409 concurrent_idempotent_requests). */
  const inFlight = new Set();

  if (dir) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      if (!MESSAGE_FILE.test(name)) continue;
      try {
        store.push(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      } catch {
        // A half-written file from a crash: skip it rather than refuse to start.
      }
    }
    store.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    try {
      idempotency = new Map(Object.entries(JSON.parse(readFileSync(join(dir, IDEMPOTENCY_FILE), 'utf8'))));
    } catch {
      // none yet
    }
  }

  /**
   * Writes atomically (temp file, then rename), so a crash never leaves half a message.
   * @param {string} name
   * @param {unknown} value
   */
  async function save(name, value) {
    if (!dir) return;
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    await writeFile(tmp, JSON.stringify(value, null, 2));
    await rename(tmp, join(dir, name));
  }

  /** Stores run one after another, so concurrent requests cannot interleave their writes. */
  let storing = Promise.resolve();
  /**
   * @param {Message[]} messages
   * @returns {Promise<void>}
   */
  function keep(messages) {
    const done = storing.then(async () => {
      // Stored order is createdAt order (the files are sorted by it on load), so messages of one
      // batch, or of one millisecond, get distinct increasing times.
      let last = store.at(-1)?.createdAt ?? '';
      for (const m of messages) {
        if (m.createdAt <= last) m.createdAt = new Date(Date.parse(last) + 1).toISOString();
        last = m.createdAt;
        await save(`${m.id}.json`, m);
      }
      store.push(...messages);
    });
    storing = done.catch(() => {});
    return done;
  }

  async function clear() {
    const old = store;
    store = [];
    idempotency = new Map();
    if (dir) {
      await Promise.all(old.map((m) => rm(join(dir, `${m.id}.json`), { force: true })));
      await rm(join(dir, IDEMPOTENCY_FILE), { force: true });
    }
  }

  /**
   * Runs `send` unless the Idempotency-Key was already used: then answers what the first request
   * got, and stores nothing. Only successful requests claim a key, as with Resend.
   *
   * @param {import('node:http').IncomingMessage} req
   * @param {string} path
   * @param {unknown} payload
   * @param {() => Promise<{ status: number, body: unknown }>} send
   * @returns {Promise<{ status: number, body: unknown }>}
   */
  async function idempotent(req, path, payload, send) {
    const key = header(req, 'idempotency-key');
    if (key === undefined) return send();
    if (key.length < 1 || key.length > 256) {
      throw new ResendError(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
    }
    const fingerprint = createHash('sha256').update(`${path}\n${canonicalJson(payload)}`).digest('hex');
    const now = Date.now();
    const seen = idempotency.get(key);
    if (seen && now - seen.at < IDEMPOTENCY_TTL_MS) {
      if (seen.fingerprint !== fingerprint) {
        throw new ResendError(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
      }
      return { status: seen.status, body: seen.body };
    }
    if (inFlight.has(key)) {
      throw new ResendError(409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.');
    }
    inFlight.add(key);
    try {
      const result = await send();
      for (const [k, v] of idempotency) if (now - v.at >= IDEMPOTENCY_TTL_MS) idempotency.delete(k);
      idempotency.set(key, { fingerprint, status: result.status, body: result.body, at: now });
      await save(IDEMPOTENCY_FILE, Object.fromEntries(idempotency));
      return result;
    } finally {
      inFlight.delete(key);
    }
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string[]} parts path segments after /_mail/api
   * @param {URL} url
   */
  async function api(req, res, parts, url) {
    const method = req.method ?? 'GET';
    const [first, second, third] = parts;
    try {
      if (first === 'emails' && (second === undefined || second === 'batch') && third === undefined) {
        if (method !== 'POST') throw new ResendError(405, 'method_not_allowed', 'Method is not allowed for the requested path.');
        checkApiKey(req);
        const payload = await readJson(req);
        const batch = second === 'batch';
        const idempotencyKey = header(req, 'idempotency-key') ?? null;
        const result = await idempotent(req, url.pathname, payload, async () => {
          if (!batch) {
            const message = toMessage(payload, idempotencyKey, false);
            await keep([message]);
            return { status: 200, body: { id: message.id } };
          }
          if (!Array.isArray(payload)) throw new ResendError(422, 'validation_error', 'The request body must be an array of emails.');
          if (payload.length < 1 || payload.length > MAX_BATCH) {
            throw new ResendError(422, 'validation_error', `A batch must contain between 1 and ${MAX_BATCH} emails.`);
          }
          // Strict (the SDK's default): one invalid email fails the batch. Permissive: the valid
          // ones are sent and the others listed in `errors`.
          const permissive = header(req, 'x-batch-validation') === 'permissive';
          /** @type {Message[]} */
          const messages = [];
          /** @type {{ index: number, message: string }[]} */
          const errors = [];
          payload.forEach((email, index) => {
            try {
              messages.push(toMessage(email, idempotencyKey, true));
            } catch (e) {
              if (!permissive || !(e instanceof ResendError)) throw e;
              errors.push({ index, message: e.message });
            }
          });
          await keep(messages);
          const data = messages.map((m) => ({ id: m.id }));
          return { status: 200, body: permissive ? { data, errors } : { data } };
        });
        return sendJson(res, result.status, result.body);
      }
      if (first === 'emails' && second && third === undefined && method === 'GET') {
        checkApiKey(req);
        const m = store.find((x) => x.id === second);
        if (!m) throw new ResendError(404, 'not_found', 'Email not found');
        return sendJson(res, 200, {
          object: 'email', id: m.id, to: m.to, from: m.from, created_at: m.createdAt, subject: m.subject, html: m.html,
          text: m.text, bcc: m.bcc, cc: m.cc, reply_to: m.replyTo, last_event: 'delivered', scheduled_at: m.scheduledAt, tags: m.tags,
        });
      }
      if (first === 'messages' && third === undefined) {
        if (second === undefined && method === 'GET') {
          const to = url.searchParams.get('to')?.toLowerCase();
          const data = to ? store.filter((m) => [...m.to, ...m.cc, ...m.bcc].some((a) => addressOf(a) === to)) : store;
          return sendJson(res, 200, { object: 'list', data });
        }
        if (second === undefined && method === 'DELETE') {
          const deleted = store.length;
          await clear();
          return sendJson(res, 200, { deleted });
        }
        if (second !== undefined && method === 'GET') {
          const m = store.find((x) => x.id === second);
          return m ? sendJson(res, 200, m) : sendJson(res, 404, new ResendError(404, 'not_found', 'Message not found'));
        }
        throw new ResendError(405, 'method_not_allowed', 'Method is not allowed for the requested path.');
      }
      throw new ResendError(404, 'not_found', 'The requested endpoint does not exist.');
    } catch (e) {
      if (e instanceof ResendError) return sendJson(res, e.statusCode, e);
      console.error('mail sink:', /** @type {Error} */ (e).message);
      return sendJson(res, 500, { statusCode: 500, message: 'Internal server error', name: 'internal_server_error' });
    }
  }

  /** @type {MailSink['handle']} */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/_mail' && !url.pathname.startsWith('/_mail/')) return false;
    const parts = url.pathname.split('/').filter(Boolean).slice(1).map((p) => decodeURIComponent(p));
    if (parts[0] === 'api') {
      await api(req, res, parts.slice(1), url);
      return true;
    }
    const method = req.method ?? 'GET';
    if (parts[0] === 'clear' && parts.length === 1 && method === 'POST') {
      await clear();
      res.writeHead(303, { Location: '/_mail' }).end();
      return true;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed');
      return true;
    }
    if (parts.length === 0) {
      sendHtml(res, 200, mailboxPage([...store].reverse()), method);
      return true;
    }
    const message = store.find((m) => m.id === parts[0]);
    if (!message || parts.length > 2 || (parts[1] !== undefined && parts[1] !== 'html')) {
      sendHtml(res, 404, notFoundPage(), method);
      return true;
    }
    if (parts[1] === 'html') {
      // The email on a page of its own: no scripts, links open normally.
      res.setHeader('Content-Security-Policy', `sandbox ${SANDBOX}`);
      sendHtml(res, 200, message.html ?? `<pre>${escapeHtml(message.text ?? '')}</pre>`, method);
      return true;
    }
    sendHtml(res, 200, messagePage(message), method);
    return true;
  }

  return {
    handle,
    messages: () => store.map((m) => structuredClone(m)),
    clear,
  };
}

/**
 * @typedef {object} MailSinkServer
 * @property {string} url base for RESEND_BASE_URL, e.g. http://127.0.0.1:PORT/_mail/api
 * @property {string} mailboxUrl e.g. http://127.0.0.1:PORT/_mail
 * @property {number} port
 * @property {MailSink} sink
 * @property {() => Promise<void>} stop closes every connection; the port is free when it resolves
 */

/**
 * Runs a mail sink on its own HTTP server on 127.0.0.1.
 *
 * @param {{ port?: number, dataDir?: string, sink?: MailSink }} [options]
 *   port: 0 (default) picks a free one. sink: serve an existing sink (so its messages and
 *   idempotency keys survive a stop/start without a dataDir).
 * @returns {Promise<MailSinkServer>}
 */
export async function startMailSink({ port = 0, dataDir, sink } = {}) {
  const theSink = sink ?? createMailSink(dataDir === undefined ? {} : { dataDir });
  const server = createServer(async (req, res) => {
    // No keep-alive: the fault tests stop and restart this server, and a client (the SDK's fetch)
    // would otherwise reuse a pooled socket the restart killed and fail its first request with
    // "other side closed" even though the sink is up again.
    res.setHeader('Connection', 'close');
    if (!(await theSink.handle(req, res))) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found: the mailbox is at /_mail');
    }
  });
  await new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => res(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const base = `http://127.0.0.1:${address.port}`;
  /** @type {Promise<void> | null} */
  let stopping = null;
  const stop = () =>
    (stopping ??= new Promise((res, rej) => {
      server.close((err) => (err ? rej(err) : res()));
      // Drop requests still in progress too, so clients see Resend "down" at once.
      server.closeAllConnections();
    }));
  return { url: `${base}/_mail/api`, mailboxUrl: `${base}/_mail`, port: address.port, sink: theSink, stop };
}

// --- Resend's request format ---------------------------------------------------------------

/** @param {import('node:http').IncomingMessage} req */
function checkApiKey(req) {
  const auth = header(req, 'authorization');
  if (!auth) {
    throw new ResendError(401, 'missing_api_key', 'Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY');
  }
  // Any key is accepted, but it must look like one: catches a config that sends "Bearer undefined".
  if (!/^Bearer re_\S+$/.test(auth)) throw new ResendError(403, 'invalid_api_key', 'API key is invalid');
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {string} name lower case
 */
function header(req, name) {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<unknown>}
 */
async function readJson(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ResendError(413, 'validation_error', 'The request body is larger than 40 MB.');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ResendError(422, 'validation_error', 'The request body is not valid JSON.');
  }
}

const ADDRESS_FORMAT = 'The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/**
 * "Name <a@b.c>" or "a@b.c" → "a@b.c" (lower case), or null when it is neither.
 * @param {string} value
 */
function addressOf(value) {
  const m = /^\s*(?:[^<>]*<([^<>]+)>|([^<>]+))\s*$/.exec(value);
  const address = (m?.[1] ?? m?.[2] ?? '').trim();
  return EMAIL.test(address) ? address.toLowerCase() : null;
}

/**
 * Validates one email of Resend's API shape and turns it into a stored Message. Throws
 * ResendError 422 the way Resend does: missing_required_field or validation_error.
 *
 * @param {unknown} body
 * @param {string | null} idempotencyKey
 * @param {boolean} inBatch
 * @returns {Message}
 */
function toMessage(body, idempotencyKey, inBatch) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ResendError(422, 'validation_error', 'The request body must be a JSON object.');
  }
  const b = /** @type {Record<string, unknown>} */ (body);
  /** @param {string} field */
  const missing = (field) => b[field] === undefined || b[field] === null || b[field] === '' || (Array.isArray(b[field]) && b[field].length === 0);
  for (const field of ['from', 'to', 'subject']) {
    if (missing(field)) throw new ResendError(422, 'missing_required_field', `Missing \`${field}\` field.`);
  }
  if (missing('html') && missing('text') && missing('template')) {
    throw new ResendError(422, 'missing_required_field', 'Missing `html` or `text` field.');
  }
  if (typeof b.from !== 'string' || !addressOf(b.from)) throw new ResendError(422, 'validation_error', `Invalid \`from\` field. ${ADDRESS_FORMAT}`);
  if (typeof b.subject !== 'string') throw new ResendError(422, 'validation_error', 'The `subject` field must be a `string`.');
  for (const field of ['html', 'text']) {
    if (!missing(field) && typeof b[field] !== 'string') throw new ResendError(422, 'validation_error', `The \`${field}\` field must be a \`string\`.`);
  }
  /** @param {string} field */
  const addresses = (field) => {
    const v = b[field];
    if (v === undefined || v === null) return [];
    const list = Array.isArray(v) ? v : [v];
    if (list.some((a) => typeof a !== 'string' || !addressOf(a))) throw new ResendError(422, 'validation_error', `Invalid \`${field}\` field. ${ADDRESS_FORMAT}`);
    if (list.length > MAX_RECIPIENTS) throw new ResendError(422, 'validation_error', `Too many recipients in the \`${field}\` field: the maximum is ${MAX_RECIPIENTS}.`);
    return /** @type {string[]} */ (list);
  };
  const to = addresses('to');
  const cc = addresses('cc');
  const bcc = addresses('bcc');
  const replyTo = addresses('reply_to');

  /** @type {Record<string, string>} */
  const headers = {};
  if (b.headers !== undefined) {
    if (!b.headers || typeof b.headers !== 'object' || Array.isArray(b.headers)) {
      throw new ResendError(422, 'validation_error', 'The `headers` field must be an object.');
    }
    for (const [k, v] of Object.entries(b.headers)) {
      if (typeof v !== 'string') throw new ResendError(422, 'validation_error', `The \`headers.${k}\` field must be a \`string\`.`);
      headers[k] = v;
    }
  }
  /** @type {{ name: string, value: string }[]} */
  const tags = [];
  if (b.tags !== undefined) {
    if (!Array.isArray(b.tags)) throw new ResendError(422, 'validation_error', 'The `tags` field must be an array.');
    for (const t of b.tags) {
      const ok = (/** @type {unknown} */ s) => typeof s === 'string' && s.length > 0 && s.length <= 256 && /^[A-Za-z0-9_-]+$/.test(s);
      if (!t || !ok(t.name) || !ok(t.value)) {
        throw new ResendError(422, 'validation_error', 'Tags should only contain ASCII letters, numbers, underscores, or dashes, and be at most 256 characters.');
      }
      tags.push({ name: t.name, value: t.value });
    }
  }
  if (inBatch && b.attachments !== undefined) throw new ResendError(422, 'validation_error', 'The `attachments` field is not supported for batch emails.');
  if (inBatch && b.scheduled_at !== undefined) throw new ResendError(422, 'validation_error', 'The `scheduled_at` field is not supported for batch emails.');
  const attachments = Array.isArray(b.attachments)
    ? b.attachments.map((/** @type {Record<string, unknown>} */ a) => ({
        filename: typeof a?.filename === 'string' ? a.filename : null,
        contentType: typeof a?.content_type === 'string' ? a.content_type : null,
        size: typeof a?.content === 'string' ? Math.floor((a.content.length * 3) / 4) : null,
      }))
    : [];

  return {
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    from: b.from,
    to,
    cc,
    bcc,
    replyTo,
    subject: b.subject,
    html: typeof b.html === 'string' ? b.html : null,
    text: typeof b.text === 'string' ? b.text : null,
    headers,
    tags,
    attachments,
    scheduledAt: typeof b.scheduled_at === 'string' ? b.scheduled_at : null,
    idempotencyKey,
  };
}

/**
 * JSON with object keys sorted, so the same payload gives the same fingerprint.
 * @param {unknown} value
 * @returns {string}
 */
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

// --- The mailbox pages -----------------------------------------------------------------------

// No allow-scripts and no allow-same-origin: the email cannot run code or touch this origin.
// Its links (absolute http://<site>.localhost:<port>/… URLs) open in the whole tab
// (top navigation on a click) or in a new tab that is a normal, unsandboxed page, so the staff
// reply page works when opened from here.
const SANDBOX = 'allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation';

/** @param {string} s */
function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** @param {string} iso */
function formatDate(iso) {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.slice(0, 19).replace('T', ' '))} UTC</time>`;
}

/**
 * @param {string} title
 * @param {string} body
 */
function page(title, body) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Mailbox · E-opštine local</title>
<style>
  body{font-family:system-ui,sans-serif;line-height:1.5;max-width:64rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fff}
  a{color:#0b5394} a:focus-visible,button:focus-visible{outline:3px solid #0b5394;outline-offset:2px}
  table{border-collapse:collapse;width:100%} caption{text-align:left;font-weight:600;padding:.5rem 0}
  th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #ccc} th{background:#f2f2f2}
  dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem} dt{font-weight:600} dd{margin:0;overflow-wrap:anywhere}
  iframe{width:100%;height:70vh;border:1px solid #999;resize:vertical;background:#fff}
  pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:1rem;border:1px solid #ddd}
  button{font:inherit;padding:.25rem .75rem}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** @param {Message[]} newestFirst */
function mailboxPage(newestFirst) {
  const rows = newestFirst
    .map(
      (m) => `<tr>
  <td>${formatDate(m.createdAt)}</td>
  <td>${escapeHtml(m.to.join(', '))}</td>
  <td><a href="/_mail/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a></td>
</tr>`,
    )
    .join('\n');
  const list = newestFirst.length
    ? `<table>
<caption>${newestFirst.length} message${newestFirst.length === 1 ? '' : 's'}, newest first</caption>
<thead><tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<form method="post" action="/_mail/clear"><p><button type="submit">Delete all messages</button></p></form>`
    : '<p>No messages yet. Emails the platform sends appear here.</p>';
  return page(
    'All messages',
    `<h1>Mailbox</h1>
<p>Every email the local platform sends lands here instead of going out. <a href="/_mail">Refresh</a> · <a href="/_mail/api/messages">JSON</a></p>
${list}`,
  );
}

/** @param {Message} m */
function messagePage(m) {
  /** @param {string} label @param {string} value */
  const row = (label, value) => (value ? `<dt>${label}</dt><dd>${value}</dd>` : '');
  const headerList = Object.entries(m.headers).map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(v)}`).join('<br>');
  const html = m.html
    ? `<section aria-labelledby="html-version">
<h2 id="html-version">HTML version</h2>
<p><a href="/_mail/${encodeURIComponent(m.id)}/html">Open the HTML version on its own page</a></p>
<iframe title="HTML version of the email" sandbox="${SANDBOX}" srcdoc="${escapeHtml(withTopTarget(m.html))}"></iframe>
</section>`
    : '';
  const text = m.text
    ? `<section aria-labelledby="text-version">
<h2 id="text-version">Text version</h2>
<pre>${escapeHtml(m.text)}</pre>
</section>`
    : '';
  return page(
    m.subject || '(no subject)',
    `<p><a href="/_mail">← All messages</a></p>
<h1>${escapeHtml(m.subject || '(no subject)')}</h1>
<dl>
${row('From', escapeHtml(m.from))}
${row('To', escapeHtml(m.to.join(', ')))}
${row('Cc', escapeHtml(m.cc.join(', ')))}
${row('Bcc', escapeHtml(m.bcc.join(', ')))}
${row('Reply-To', escapeHtml(m.replyTo.join(', ')))}
${row('Received', formatDate(m.createdAt))}
${row('Tags', escapeHtml(m.tags.map((t) => `${t.name}=${t.value}`).join(', ')))}
${row('Headers', headerList)}
${row('Attachments', escapeHtml(m.attachments.map((a) => a.filename ?? '(unnamed)').join(', ')))}
${row('Idempotency key', escapeHtml(m.idempotencyKey ?? ''))}
${row('Id', escapeHtml(m.id))}
</dl>
${html}
${text}`,
  );
}

/**
 * Makes links in the framed email navigate the whole tab (a link without a target would
 * otherwise open inside the small iframe). Put after <head> when there is one, so a leading
 * doctype keeps the email in standards mode.
 *
 * @param {string} html
 */
function withTopTarget(html) {
  const base = '<base target="_top">';
  const head = /<head(\s[^>]*)?>/i.exec(html);
  return head ? `${html.slice(0, head.index + head[0].length)}${base}${html.slice(head.index + head[0].length)}` : `${base}${html}`;
}

function notFoundPage() {
  return page('Not found', '<h1>No such message</h1><p><a href="/_mail">All messages</a></p>');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} html
 * @param {string} method
 */
function sendHtml(res, status, html, method) {
  const body = Buffer.from(html);
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(method === 'HEAD' ? undefined : body);
}

// Standalone: `npx node scripts/local/mail-sink.mjs [port] [dataDir]` runs it until Ctrl-C.
if (process.argv[1] && import.meta.filename === resolve(process.argv[1])) {
  const s = await startMailSink({ port: Number(process.argv[2] ?? 4525), ...(process.argv[3] ? { dataDir: process.argv[3] } : {}) });
  console.log(`Mail sink: RESEND_BASE_URL=${s.url}\nMailbox: ${s.mailboxUrl}\nCtrl-C stops.`);
  const stop = () => void s.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
