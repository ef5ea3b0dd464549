// Least privilege (finding 10 of issue 11): what each function may do, from the plain data module
// infra/permissions.ts that infra/functions.ts turns into IAM statements and links. The same rules
// run in `npm run check:infra` (infra/check.mjs); here they are spelled out one by one, and the
// checker is shown to catch each way of widening a grant.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { access, functionNames, leastPrivilegeViolations, totalReserved, type FunctionAccess, type FunctionName, type Grant } from '../../infra/permissions.ts';
import { tableDefinition } from '../../core/cases/table.ts';
import { sessionCookieName } from '../../functions/domain/staff-auth.ts';

const actions = (fn: FunctionName) => access[fn].grants.flatMap((g) => g.actions);
const targets = (fn: FunctionName) => access[fn].grants.flatMap((g) => g.on);
const holders = (secret: string) => functionNames.filter((fn) => (access[fn].secrets as readonly string[]).includes(secret));
const source = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('infra/permissions.ts', () => {
  it('keeps every rule', () => {
    expect(leastPrivilegeViolations()).toEqual([]);
  });

  it('the API (the public function) cannot delete, scan or use a wildcard, and holds no Resend key and no GitHub token', () => {
    expect(actions('api').filter((a) => /Delete|Scan|\*|BatchWrite/.test(a))).toEqual([]);
    expect(access.api.secrets).not.toContain('ResendApiKey');
    expect(access.api.secrets).not.toContain('GithubDispatchToken');
    // What it does need: the submission transaction and the rate-limit counters, conditional writes.
    expect([...new Set(actions('api'))].sort()).toEqual(['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 's3:GetObject', 's3:PutObject']);
    // Browsers upload through a presigned POST signed by this role: incoming/ only; the staff
    // pages and their private photos are the Portal's, so neither private/ nor the inbox index.
    expect(access.api.grants.filter((g) => g.actions.includes('s3:PutObject')).flatMap((g) => g.on)).toEqual(['uploads/incoming/*']);
    expect(new Set(targets('api'))).toEqual(new Set(['table', 'uploads/incoming/*']));
  });

  it('the Portal (staff workspace, reply and personal links, subscriptions) cannot delete, and holds no Resend key, GitHub token or link secret', () => {
    expect(actions('portal').filter((a) => /Delete|Scan|\*|BatchWrite/.test(a))).toEqual([]);
    expect(access.portal.secrets).toEqual(['HashSalt', 'OriginSecret']);
    // The staff inbox reads the open cases through their index, and nothing else new: sessions,
    // sign-in links, settings and the audit log are items of the table it may already write.
    expect(access.portal.grants.filter((g) => g.on.includes('index/open-by-due')).flatMap((g) => g.actions)).toEqual(['dynamodb:Query']);
    // The staff pages' links to private photos; it writes no object.
    expect(access.portal.grants.filter((g) => g.on.some((t) => t.startsWith('uploads/'))).flatMap((g) => g.actions)).toEqual(['s3:GetObject']);
    expect(new Set(targets('portal'))).toEqual(new Set(['table', 'index/open-by-due', 'uploads/private/*']));
  });

  it('the reads function only reads, the table and the public index, never gsi1 (private case items)', () => {
    expect(new Set(actions('reads'))).toEqual(new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']));
    expect(new Set(targets('reads'))).toEqual(new Set(['table', 'index/public-by-date']));
    expect(access.reads.secrets).toEqual(['OriginSecret']);
  });

  it('the photo function holds no secret: only the table and the bucket', () => {
    expect(access.photos.secrets).toEqual([]);
    expect(new Set(targets('photos').map((t) => t.split('/')[0]))).toEqual(new Set(['table', 'uploads', 'failures']));
    // It deletes objects (unpublished photos, photos taken off a case), never table items.
    expect(actions('photos').filter((a) => /Delete/.test(a))).toEqual(['s3:DeleteObject']);
  });

  it('only the functions that send email hold the Resend key, only those that ask for builds the GitHub token', () => {
    expect(holders('ResendApiKey')).toEqual(['stream', 'sweep']);
    expect(holders('GithubDispatchToken')).toEqual(['publish', 'sweep']);
    expect(holders('OriginSecret')).toEqual(['api', 'reads', 'portal']);
    expect(holders('HashSalt')).toEqual(['api', 'portal']);
  });

  it('CloudFront forwards the staff session cookie by the name the functions give it over HTTPS, to the workspace only', () => {
    const sites = source('infra/sites.ts');
    expect(sites).toContain(`const STAFF_SESSION_COOKIE = '${sessionCookieName(true)}';`);
    expect(sites).toMatch(/pathPattern: '\/\*\/staff\/\*', origin: 'portal', cached: false, cookies: true/);
    // The other behaviours' policy sends no cookie at all.
    expect(sites).toMatch(/ApiRequests[\s\S]*?cookieBehavior: 'none'/);
  });

  it('the stream function receives requests for sign-in links (the API that takes them can neither mail nor make links)', () => {
    expect(source('infra/functions.ts')).toMatch(/subscription\(\[\{ dynamodb: \{ NewImage: \{ type: \{ S: \['case', 'event', 'signin-request', 'subscription'\] \} \} \} \}\]\)/);
    expect(access.api.secrets).not.toContain('LinkSecret');
    expect(access.portal.secrets).not.toContain('LinkSecret');
  });

  it('only Publish publishes: the public records only (PUBLIC# partitions), each site\'s folder of the sites bucket, the distributions', () => {
    for (const fn of functionNames) if (fn !== 'publish') expect(targets(fn).filter((t) => t === 'sites/<id>/*' || t === 'distributions'), fn).toEqual([]);
    const table = access.publish.grants.filter((g) => g.on.includes('table'));
    expect(table.flatMap((g) => g.actions)).toEqual(['dynamodb:Query']);
    expect(table.map((g) => g.leadingKeys)).toEqual([['PUBLIC#*']]);
    expect(targets('publish').filter((t) => t.startsWith('index/'))).toEqual([]);
    expect(new Set(access.publish.grants.filter((g) => g.on.includes('sites/<id>/*')).flatMap((g) => g.actions))).toEqual(new Set(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']));
    expect(access.publish.grants.filter((g) => g.on.includes('distributions')).flatMap((g) => g.actions)).toEqual(['cloudfront:CreateInvalidation']);
    // No mailer, no link secret: it publishes and asks for builds.
    expect(access.publish.secrets).toEqual(['GithubDispatchToken']);
  });

  it('names only indexes the table has', () => {
    const indexes = tableDefinition.GlobalSecondaryIndexes.map((i) => `index/${i.IndexName}`);
    for (const fn of functionNames) for (const t of targets(fn)) if (t.startsWith('index/')) expect(indexes).toContain(t);
  });

  it('reserves concurrency for every function, leaving an account of 1,000 its 100 unreserved', () => {
    for (const fn of functionNames) expect(access[fn].reserved, fn).toBeGreaterThanOrEqual(1);
    expect(totalReserved()).toBeLessThanOrEqual(900);
    // Reads cannot take intake's share: each has its own.
    expect(access.reads.reserved).toBeGreaterThan(0);
    expect(access.api.reserved).toBeGreaterThan(0);
  });

  /** A copy of `access` with one function changed. */
  const widened = (fn: FunctionName, change: (a: { grants: Grant[]; secrets: string[]; reserved: number }) => void) => {
    const copy = structuredClone(access) as unknown as Record<FunctionName, { grants: Grant[]; secrets: string[]; reserved: number }>;
    change(copy[fn]);
    return copy as unknown as Record<FunctionName, FunctionAccess>;
  };
  const grant = (actions: string[], on: Grant['on'] = ['table']): Grant => ({ why: 'test', actions, on });

  it.each<[string, FunctionName, (a: { grants: Grant[]; secrets: string[]; reserved: number }) => void, RegExp]>([
    ['a delete for the API', 'api', (a) => a.grants.push(grant(['dynamodb:DeleteItem'])), /api may dynamodb:DeleteItem/],
    ['an S3 delete for the API', 'api', (a) => a.grants.push(grant(['s3:DeleteObject'], ['uploads/private/*'])), /api may s3:DeleteObject/],
    ['the Resend key for the API', 'api', (a) => a.secrets.push('ResendApiKey'), /api holds ResendApiKey/],
    ['the GitHub token for the API', 'api', (a) => a.secrets.push('GithubDispatchToken'), /api holds GithubDispatchToken/],
    ['a delete for the Portal', 'portal', (a) => a.grants.push(grant(['dynamodb:DeleteItem'])), /portal may dynamodb:DeleteItem/],
    ['the Resend key for the Portal', 'portal', (a) => a.secrets.push('ResendApiKey'), /portal holds ResendApiKey/],
    ['the link secret for the Portal', 'portal', (a) => a.secrets.push('LinkSecret'), /portal holds LinkSecret/],
    ['the origin secret off the Portal', 'portal', (a) => (a.secrets = a.secrets.filter((s) => s !== 'OriginSecret')), /portal lacks OriginSecret/],
    ['a wildcard', 'stream', (a) => a.grants.push(grant(['dynamodb:*'])), /wildcard/],
    ['s3:* for photos', 'photos', (a) => a.grants.push(grant(['s3:*'], ['uploads/public/*'])), /wildcard/],
    ['a Scan', 'sweep', (a) => a.grants.push(grant(['dynamodb:Scan'])), /Scan is never needed/],
    ['a write for reads', 'reads', (a) => a.grants.push(grant(['dynamodb:PutItem'])), /reads may dynamodb:PutItem/],
    ['gsi1 for reads', 'reads', (a) => a.grants.push(grant(['dynamodb:Query'], ['index/gsi1'])), /reads reaches index\/gsi1/],
    ['a secret for photos', 'photos', (a) => a.secrets.push('HashSalt'), /photos holds HashSalt/],
    ['the GitHub token for the email stream', 'stream', (a) => a.secrets.push('GithubDispatchToken'), /stream holds GithubDispatchToken/],
    ['the Resend key for Publish', 'publish', (a) => a.secrets.push('ResendApiKey'), /publish holds ResendApiKey/],
    ['the sites bucket for the API', 'api', (a) => a.grants.push(grant(['s3:PutObject'], ['sites/<id>/*'])), /api reaches sites\/<id>\/\*: only publish publishes/],
    ['invalidations for the sweep', 'sweep', (a) => a.grants.push(grant(['cloudfront:CreateInvalidation'], ['distributions'])), /sweep reaches distributions/],
    ['a table action on the distributions', 'publish', (a) => a.grants.push(grant(['dynamodb:Query'], ['distributions'])), /dynamodb:Query granted on distributions/],
    ['every partition for Publish', 'publish', (a) => delete (a.grants[0] as { leadingKeys?: readonly string[] }).leadingKeys, /publish reads the table beyond the public records/],
    ['a write of the table for Publish', 'publish', (a) => a.grants.push({ ...grant(['dynamodb:PutItem']), leadingKeys: ['PUBLIC#*'] }), /publish reads the table beyond the public records/],
    ['the origin secret off the API', 'api', (a) => (a.secrets = a.secrets.filter((s) => s !== 'OriginSecret')), /api lacks OriginSecret/],
    ['an S3 action on the table', 'sweep', (a) => a.grants.push(grant(['s3:GetObject'], ['table'])), /s3:GetObject granted on table/],
    ['no reserved concurrency', 'reads', (a) => (a.reserved = 0), /reads: no reserved concurrency/],
    ['too much reserved', 'reads', (a) => (a.reserved = 900), /unreserved/],
  ])('catches %s', (_name, fn, change, expected) => {
    expect(leastPrivilegeViolations(widened(fn, change)).join('\n')).toMatch(expected);
  });
});

describe('infra/functions.ts and infra/sites.ts use it', () => {
  const functions = source('infra/functions.ts').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

  it('links no table, bucket or queue (a link grants dynamodb:* or s3:* on all of it), only secrets from infra/permissions.ts', () => {
    expect(functions).not.toMatch(/\blink:\s*\[[^\]]*\b(table|uploads|streamFailures)\b/);
    expect(functions).toMatch(/link: a\.secrets\.map\(\(name\) => secrets\.byName\[name\]\)/);
    for (const fn of functionNames) expect(functions.includes(`accessOf('${fn}')`) || functions.includes(`streamFunction('${fn}'`), fn).toBe(true);
  });

  it('makes the Publish function in infra/sites.ts, after the bucket and the distributions it publishes to', () => {
    expect(functions).toMatch(/export function subscribePublisher\(targets: PublishTargets\)[\s\S]*?streamFunction\('publish', [^)]*targets\)/);
    expect(functions).toMatch(/SITES_BUCKET: targets\.bucketName, SITE_DISTRIBUTIONS:/);
    const sites = source('infra/sites.ts');
    expect(sites).toMatch(/export const publisher = subscribePublisher\(\{\s*bucketName: siteBucket\.name,\s*bucketArn: siteBucket\.arn,/);
    // Each site's folder, never the whole bucket.
    expect(functions).toMatch(/\$interpolate`\$\{targets\.bucketArn\}\/\$\{target\.slice\('sites\/'\.length\)\.replace\('<id>', s\.id\)\}`/);
  });

  it('gives the origin secret to the functions as a secret, not as an environment variable', () => {
    expect(functions).not.toMatch(/ORIGIN_SECRET/);
    expect(source('infra/secrets.ts')).toMatch(/new sst\.Secret\('OriginSecret'/);
  });

  it('routes each path to the function whose entry serves it: Portal paths and /api/cases/* before /api/*', async () => {
    const sites = source('infra/sites.ts');
    const paths = [...sites.matchAll(/\{ pathPattern: '([^']+)', origin: '(\w+)'/g)].map((m) => [m[1]!, m[2]!] as const);
    const origin = (p: string) => paths.find(([pattern]) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(p))?.[1];
    // CloudFront takes the first pattern that matches, as this does.
    expect(origin('/api/reports')).toBe('api');
    expect(origin('/api/questions')).toBe('api');
    expect(origin('/api/uploads')).toBe('api');
    expect(origin('/api/cases/ZV-ABCD-2345')).toBe('reads');
    expect(origin('/open311/v2/requests.json')).toBe('reads');
    expect(origin('/sr/status/ZV-ABCD-2345/')).toBe('reads');
    for (const p of ['/api/reply/tok', '/api/reply/tok/contact', '/api/follow', '/api/alerts', '/api/subscriptions/tok', '/api/unsubscribe/tok', '/sr/staff/', '/sq/staff/cases/ZV-ABCD-2345/answer/', '/sr/staff/status/x', '/sr/my-case/tok/', '/sr/feedback/tok/solved/yes/', '/sr-latn/alerts/']) expect(origin(p), p).toBe('portal');
    // Every function CloudFront reaches is defined from its entry file.
    const functions = source('infra/functions.ts');
    expect(functions).toMatch(/new sst\.aws\.Function\('Api'[\s\S]*?prebuilt\('http'\)/);
    expect(functions).toMatch(/new sst\.aws\.Function\('Reads'[\s\S]*?prebuilt\('http'\)/);
    expect(functions).toMatch(/new sst\.aws\.Function\('Portal'[\s\S]*?prebuilt\('portal'\)/);
    const { FUNCTIONS } = await import('../../scripts/build-functions.mjs');
    for (const name of ['http', 'portal', 'stream', 'sweep']) expect(FUNCTIONS).toContain(name);
  });

  it('routes /api/cases/* to the reads function before /api/* goes to the API, and caches Open311 lists as the function says', () => {
    const sites = source('infra/sites.ts');
    expect(sites.indexOf("'/api/cases/*'")).toBeGreaterThan(-1);
    expect(sites.indexOf("'/api/cases/*'")).toBeLessThan(sites.indexOf("'/api/*'"));
    expect(sites).toMatch(/pathPattern: '\/open311\/v2\/requests\*', origin: 'reads', cached: true/);
    expect(sites).toMatch(/minTtl: 0,/);
  });
});
