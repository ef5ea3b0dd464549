import { DynamoDBClient, TransactionCanceledException, ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, PutCommand, DeleteCommand, BatchGetCommand, type BatchGetCommandOutput, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Config } from '../config.ts';
import type { CaseEvent, CaseRecord, ContactRecord, Photo } from '../../core/cases/model.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import { CodeCollisionError, UnavailableError } from '../domain/errors.ts';
import type {
  AuditEntry, CaseQuery, CitizenLinkRecord, CaseStore, ChangeOp, CurrentLink, DueItem, FeedbackLink, LinkPurpose, NewCase, NoticeRecord, Redaction, ReplyChange, ReplyGuard, ServiceRequestQuery,
  SessionRecord, SignInRecord, SignInRequest, StaffPrefs, StoredChange, StreamRecord, TokenRecord,
} from '../domain/ports.ts';
import type { DigestDue, DigestEntry, Subscription, SubscriptionToken } from '../domain/ports.ts';
import { TTL_ATTRIBUTE, PUBLIC_BY_DATE_INDEX, OPEN_BY_DUE_INDEX, openByDueKeys, publicByDateKeys, publicByDatePk, publicByDateRange } from '../../core/cases/table.ts';

const casePk = (code: string) => `CASE#${code}`;
/** The public projection lives in one partition per municipality: the build reads only that. */
const PUBLIC_PREFIX = 'PUBLIC#';
const publicPk = (municipality: string) => `${PUBLIC_PREFIX}${municipality}`;
const eventSk = (at: string) => `EVENT#${at}#${Math.random().toString(36).slice(2, 8)}`;
const streamOps: Record<string, ChangeOp> = { INSERT: 'insert', MODIFY: 'modify', REMOVE: 'remove' };

/** Network and throttling failures mean "try again later"; anything else is a bug. */
function isTransient(e: unknown): boolean {
  const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = err.$metadata?.httpStatusCode ?? 0;
  return (
    status >= 500 ||
    !!err.$retryable ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(err.code ?? '') ||
    ['TimeoutError', 'ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'InternalServerError', 'ServiceUnavailable'].includes(err.name ?? '') ||
    /ECONNREFUSED|socket hang up|ECONNRESET/.test(String((e as Error)?.message))
  );
}

/** The table behind the CaseStore port; the only module that knows its key layout. */
export class DynamoCaseStore implements CaseStore {
  readonly doc: DynamoDBDocumentClient;

  constructor(private readonly config: Config, client?: DynamoDBClient) {
    const base =
      client ??
      new DynamoDBClient({
        region: config.region,
        ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
        maxAttempts: 2,
        requestHandler: { requestTimeout: 5000, connectionTimeout: 2000 },
      });
    // The SDK's logger middleware copies every answer through its sensitive-data filter for a
    // logger that drops it (the default one): a third of the SDK's time on a 300-item Open311
    // list. Nothing here reads the SDK's log; errors reach us as exceptions.
    if (!client) base.middlewareStack.remove('loggerMiddleware');
    this.doc = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
  }

  private get table() {
    return this.config.tableName;
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isTransient(e)) throw new UnavailableError(e);
      throw e;
    }
  }

  /**
   * Writes a new case in one transaction with its idempotency record, contact and first event.
   * Returns the code of the case the key already made when the key was used before.
   */
  async createCase(input: NewCase): Promise<{ created: boolean; code: string }> {
    const { record, contact, event } = input;
    const nowSec = Math.floor(input.now.getTime() / 1000);
    try {
      await this.run(() =>
        this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table,
                  Item: { pk: `IDEM#${input.idempotencyKey}`, sk: 'IDEM', type: 'idempotency', code: record.code, [TTL_ATTRIBUTE]: nowSec + 24 * 3600 },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              { Put: { TableName: this.table, Item: caseItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: this.table, Item: { pk: casePk(record.code), sk: 'CONTACT', type: 'contact', ...contact, [TTL_ATTRIBUTE]: input.contactTtl } } },
              ...this.eventPuts(event),
            ],
          }),
        ),
      );
      return { created: true, code: record.code };
    } catch (e) {
      if (e instanceof TransactionCanceledException) {
        const reasons = e.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') {
          const existing = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `IDEM#${input.idempotencyKey}`, sk: 'IDEM' }, ConsistentRead: true })));
          if (existing.Item) return { created: false, code: String(existing.Item.code) };
        }
        if (reasons[1]?.Code === 'ConditionalCheckFailed') throw new CodeCollisionError();
        if (reasons.some((r) => r.Code === 'TransactionConflict')) throw new UnavailableError(e);
      }
      throw e;
    }
  }

  async getCase(code: string): Promise<CaseRecord | undefined> {
    // Strongly consistent: the stream handler reads right after a write, and must see it.
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: casePk(code), sk: 'CASE' }, ConsistentRead: true })));
    return r.Item ? stripKeys<CaseRecord>(r.Item) : undefined;
  }

  /** The case and its timeline, oldest event first. The contact item is never read here. */
  async getCaseWithEvents(code: string): Promise<{ record: CaseRecord; events: CaseEvent[] } | undefined> {
    const [rec, evs] = await Promise.all([
      // Strongly consistent: the public record is written from this right after the change.
      this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: casePk(code), sk: 'CASE' }, ConsistentRead: true }))),
      this.run(() =>
        this.doc.send(
          new QueryCommand({
            TableName: this.table,
            ConsistentRead: true,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
            ExpressionAttributeValues: { ':pk': casePk(code), ':ev': 'EVENT#' },
          }),
        ),
      ),
    ]);
    if (!rec.Item) return undefined;
    return { record: stripKeys<CaseRecord>(rec.Item), events: (evs.Items ?? []).map((i) => stripKeys<CaseEvent>(i)) };
  }

  async getContact(code: string): Promise<ContactRecord | undefined> {
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: casePk(code), sk: 'CONTACT' } })));
    return r.Item ? stripKeys<ContactRecord>(r.Item) : undefined;
  }

  /**
   * Stores a token by its hash and, with `link`, makes it the case's live link of its purpose
   * (`CASE#<code>` / `LINK#<purpose>`) in the same transaction, replacing the one before; `due`
   * is written with them (the sweep's look at the link when it expires).
   */
  async putToken(hash: string, token: TokenRecord, ttl: number, link?: { linkId: string; mailKey: string }, due?: DueItem): Promise<void> {
    const tokenItem = { pk: `TOKEN#${hash}`, sk: 'TOKEN', type: 'token', ...token, [TTL_ATTRIBUTE]: ttl };
    if (!link) {
      await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: tokenItem })));
      return;
    }
    const current: CurrentLink = { purpose: token.purpose, hash, linkId: link.linkId, inbox: token.inbox ?? '', issuedAt: token.issuedAt ?? new Date().toISOString(), expiresAt: token.expiresAt, mailKey: link.mailKey };
    await this.run(() =>
      this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: tokenItem } },
            // Kept as long as the token: after that no link of the case is live anyway.
            { Put: { TableName: this.table, Item: { pk: casePk(token.code), sk: linkSk(token.purpose), type: 'link', code: token.code, ...current, [TTL_ATTRIBUTE]: ttl } } },
            ...(due ? [{ Put: { TableName: this.table, Item: dueItem(due) } }] : []),
          ],
        }),
      ),
    );
  }

  async getCurrentLink(code: string, purpose: LinkPurpose): Promise<CurrentLink | undefined> {
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: casePk(code), sk: linkSk(purpose) }, ConsistentRead: true })));
    if (!r.Item) return undefined;
    const { code: _code, ...link } = stripKeys<CurrentLink & { code: string }>(r.Item);
    return link;
  }

  /** Records that the email with the live link went out; nothing when another link replaced it meanwhile. */
  async markLinkSent(code: string, purpose: LinkPurpose, hash: string, at: Date): Promise<void> {
    try {
      await this.run(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: casePk(code), sk: linkSk(purpose) },
            UpdateExpression: 'SET sentAt = :at',
            ConditionExpression: '#hash = :hash',
            ExpressionAttributeNames: { '#hash': 'hash' },
            ExpressionAttributeValues: { ':at': at.toISOString(), ':hash': hash },
          }),
        ),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async getToken(hash: string): Promise<TokenRecord | undefined> {
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `TOKEN#${hash}`, sk: 'TOKEN' }, ConsistentRead: true })));
    return r.Item ? stripKeys<TokenRecord>(r.Item) : undefined;
  }

  /**
   * Applies a staff reply: uses the token up (only if unused and unexpired), updates the case and
   * adds the event, all or nothing. Returns false when the token was no longer valid.
   */
  async reply(tokenHash: string, code: string, change: ReplyChange, event: CaseEvent, now: Date, guard: ReplyGuard): Promise<boolean> {
    const update = caseUpdate(change, code, event.municipality);
    try {
      await this.run(() =>
        this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: { pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' },
                  UpdateExpression: 'SET usedAt = :now',
                  ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :now AND code = :code',
                  ExpressionAttributeValues: { ':now': now.toISOString(), ':code': code },
                },
              },
              {
                Update: {
                  TableName: this.table,
                  Key: { pk: casePk(code), sk: 'CASE' },
                  ...update,
                  // Still in the status the staff page showed: a link racing another, or a case
                  // closed meanwhile, changes nothing.
                  ConditionExpression: 'attribute_exists(pk) AND #status = :guardStatus',
                  ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':guardStatus': guard.status },
                },
              },
              ...this.eventPuts(event),
              {
                // Still the case's live link of its purpose (or, for a link issued before live
                // links were recorded, no live link at all).
                ConditionCheck: {
                  TableName: this.table,
                  Key: { pk: casePk(code), sk: linkSk(guard.purpose) },
                  ConditionExpression: 'attribute_not_exists(pk) OR #hash = :hash',
                  ExpressionAttributeNames: { '#hash': 'hash' },
                  ExpressionAttributeValues: { ':hash': tokenHash },
                },
              },
            ],
          }),
        ),
      );
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
      // Another write to the same case at the same moment: nothing was written; try again.
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'TransactionConflict')) throw new UnavailableError(e);
      throw e;
    }
    return true;
  }

  async addEvent(event: CaseEvent): Promise<void> {
    const puts = this.eventPuts(event);
    if (puts.length === 1) await this.run(() => this.doc.send(new PutCommand(puts[0]!.Put)));
    else await this.run(() => this.doc.send(new TransactWriteCommand({ TransactItems: puts })));
  }

  /**
   * An event's item, and its entry in the municipality's log of staff actions when it names who
   * acted (`via`): written together, so no staff action goes unlogged.
   */
  private eventPuts(event: CaseEvent) {
    const puts = [{ Put: { TableName: this.table, Item: { pk: casePk(event.code), sk: eventSk(event.at), type: 'event', ...event } as Record<string, unknown> } }];
    // The log is of staff actions: a citizen's own steps (their personal link) are not one.
    if (event.via && event.via !== 'citizen') puts.push({ Put: { TableName: this.table, Item: auditItem(event) } });
    return puts;
  }

  /** Writes a case whole after a workspace action, with its events and scheduled work, only if unchanged since read. */
  async saveCase(next: CaseRecord, expectedUpdatedAt: string, events: CaseEvent[], due: DueItem[] = []): Promise<boolean> {
    try {
      await this.run(() =>
        this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table,
                  Item: caseItem(next),
                  ConditionExpression: 'attribute_exists(pk) AND updatedAt = :expected',
                  ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
                },
              },
              ...events.flatMap((e) => this.eventPuts(e)),
              ...due.map((d) => ({ Put: { TableName: this.table, Item: dueItem(d) } })),
            ],
          }),
        ),
      );
      return true;
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'TransactionConflict')) throw new UnavailableError(e);
      throw e;
    }
  }

  /** A municipality's open cases, soonest due first, through the sparse `open-by-due` index. */
  async *listOpen(municipality: string): AsyncGenerator<CaseRecord[]> {
    yield* this.pages(
      {
        IndexName: OPEN_BY_DUE_INDEX,
        KeyConditionExpression: 'openpk = :pk',
        ExpressionAttributeValues: { ':pk': `OPEN#${municipality}` },
      },
      (i) => stripKeys<CaseRecord>(i),
    );
  }

  /** The municipality's log of staff actions, newest first. */
  async listAudit(municipality: string, opts: { limit: number; before?: string | undefined }): Promise<{ entries: AuditEntry[]; next?: string | undefined }> {
    const r = await this.run(() =>
      this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: opts.before ? 'pk = :pk AND sk < :before' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': auditPk(municipality), ...(opts.before ? { ':before': opts.before } : {}) },
          ScanIndexForward: false,
          Limit: opts.limit,
          ConsistentRead: true,
        }),
      ),
    );
    const items = r.Items ?? [];
    const entries = items.map((i) => {
      const { pk: _pk, sk: _sk, type: _type, [TTL_ATTRIBUTE]: _ttl, ...entry } = i;
      return entry as AuditEntry;
    });
    return { entries, ...(r.LastEvaluatedKey && items.length ? { next: String(items[items.length - 1]!.sk) } : {}) };
  }

  async putSignInRequest(request: SignInRequest): Promise<void> {
    const ttl = Math.floor(Date.parse(request.requestedAt) / 1000) + 86_400;
    await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: `SIGNINREQ#${request.id}`, sk: 'SIGNINREQ', type: 'signin-request', ...request, [TTL_ATTRIBUTE]: ttl } })));
  }

  async putCitizenLink(hash: string, record: CitizenLinkRecord): Promise<void> {
    try {
      await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: `CITIZEN#${hash}`, sk: 'CITIZEN', type: 'citizen-link', ...record }, ConditionExpression: 'attribute_not_exists(pk)' })));
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return;
      throw e;
    }
  }

  async getCitizenLink(hash: string): Promise<CitizenLinkRecord | undefined> {
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `CITIZEN#${hash}`, sk: 'CITIZEN' }, ConsistentRead: true })));
    return r.Item ? stripKeys<CitizenLinkRecord>(r.Item) : undefined;
  }

  async putSignIn(hash: string, record: SignInRecord): Promise<void> {
    const ttl = Math.floor(Date.parse(record.expiresAt) / 1000) + 3600;
    await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: `SIGNIN#${hash}`, sk: 'SIGNIN', type: 'signin', ...record, [TTL_ATTRIBUTE]: ttl } })));
  }

  async getSignIn(hash: string): Promise<SignInRecord | undefined> {
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `SIGNIN#${hash}`, sk: 'SIGNIN' }, ConsistentRead: true })));
    return r.Item ? stripKeys<SignInRecord>(r.Item) : undefined;
  }

  /** Marks a sign-in link used, only if it is unused and unexpired: one POST in a race wins. */
  async useSignIn(hash: string, now: Date): Promise<SignInRecord | undefined> {
    try {
      const r = await this.run(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `SIGNIN#${hash}`, sk: 'SIGNIN' },
            UpdateExpression: 'SET usedAt = :now',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :now',
            ExpressionAttributeValues: { ':now': now.toISOString() },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return r.Attributes ? stripKeys<SignInRecord>(r.Attributes) : undefined;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return undefined;
      throw e;
    }
  }

  async putSession(hash: string, record: SessionRecord): Promise<void> {
    const ttl = Math.floor(Date.parse(record.expiresAt) / 1000) + 3600;
    await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: `SESSION#${hash}`, sk: 'SESSION', type: 'session', ...record, [TTL_ATTRIBUTE]: ttl } })));
  }

  async getSession(hash: string): Promise<SessionRecord | undefined> {
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `SESSION#${hash}`, sk: 'SESSION' }, ConsistentRead: true })));
    return r.Item ? stripKeys<SessionRecord>(r.Item) : undefined;
  }

  /** Ends a session by expiring it now: an update, since the API function deletes nothing (infra/permissions.ts). */
  async endSession(hash: string, now: Date): Promise<void> {
    try {
      await this.run(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `SESSION#${hash}`, sk: 'SESSION' },
            UpdateExpression: 'SET expiresAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':now': now.toISOString() },
          }),
        ),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async getStaffPrefs(municipality: string, email: string): Promise<StaffPrefs | undefined> {
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: staffPk(municipality, email), sk: 'PREFS' } })));
    return r.Item ? { locale: r.Item.locale as StaffPrefs['locale'] } : undefined;
  }

  async putStaffPrefs(municipality: string, email: string, prefs: StaffPrefs): Promise<void> {
    await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: staffPk(municipality, email), sk: 'PREFS', type: 'staff', locale: prefs.locale } })));
  }

  /** Sets the contact item's TTL; an item already gone (erased, expired) is not made again. */
  async setContactExpiry(code: string, ttl: number): Promise<void> {
    try {
      await this.run(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: casePk(code), sk: 'CONTACT' },
            UpdateExpression: 'SET #ttl = :ttl',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':ttl': ttl },
          }),
        ),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /**
   * Removes a case's personal data in one transaction: the case's own wording (and, for erasure,
   * the public wording and the place), the name, the photos taken off; the contact's details (the
   * item is overwritten with none, expiring at once); and the event that says so. False when the
   * case is missing or carries the mark already.
   */
  async redact(code: string, redaction: Redaction, event: CaseEvent): Promise<boolean> {
    const sets = ['#text = :text', 'showName = :false', 'photos = :photos', `${redaction.mark} = :at`];
    const values: Record<string, unknown> = { ':text': redaction.text, ':false': false, ':photos': redaction.photos, ':at': redaction.at };
    if (redaction.publicText !== undefined) {
      sets.push('publicText = :publicText');
      values[':publicText'] = redaction.publicText;
    }
    if (redaction.address !== undefined && !redaction.dropPlace) {
      sets.push('address = :address');
      values[':address'] = redaction.address;
    }
    const removes = ['publicName', ...(redaction.dropPlace ? ['address', 'publicAddress', 'lat', 'lng'] : [])];
    try {
      await this.run(() =>
        this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: { pk: casePk(code), sk: 'CASE' },
                  UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
                  ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(${redaction.mark})`,
                  ExpressionAttributeNames: { '#text': 'text' },
                  ExpressionAttributeValues: values,
                },
              },
              // Overwritten, not deleted: the API function (erasure from the staff page) may not
              // delete (infra/permissions.ts). What is left holds nothing personal and expires now.
              { Put: { TableName: this.table, Item: { pk: casePk(code), sk: 'CONTACT', type: 'contact', code, [TTL_ATTRIBUTE]: Math.floor(Date.parse(redaction.at) / 1000) } } },
              ...this.eventPuts(event),
            ],
          }),
        ),
      );
      return true;
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw e;
    }
  }

  async putDue(item: DueItem): Promise<void> {
    await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: dueItem(item) })));
  }

  /** One key range of one partition: only what is due, oldest first. */
  async *listDue(now: Date): AsyncGenerator<DueItem[]> {
    yield* this.pages(
      {
        KeyConditionExpression: 'pk = :pk AND sk <= :to',
        ExpressionAttributeValues: { ':pk': DUE_PK, ':to': `${now.toISOString()}#~` },
        ConsistentRead: true,
      },
      (i) => ({ kind: i.kind as DueItem['kind'], code: String(i.code), at: String(i.at), ...(i.ref ? { ref: String(i.ref) } : {}) }),
    );
  }

  async deleteDue(item: DueItem): Promise<void> {
    await this.run(() => this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: DUE_PK, sk: dueSk(item) } })));
  }

  async putFeedbackLink(hash: string, link: FeedbackLink): Promise<void> {
    const ttl = Math.floor(Date.parse(link.expiresAt) / 1000) + 86_400;
    await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: `FEEDBACK#${hash}`, sk: 'FEEDBACK', type: 'feedback-link', ...link, [TTL_ATTRIBUTE]: ttl } })));
  }

  async getFeedbackLink(hash: string): Promise<FeedbackLink | undefined> {
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `FEEDBACK#${hash}`, sk: 'FEEDBACK' }, ConsistentRead: true })));
    return r.Item ? stripKeys<FeedbackLink>(r.Item) : undefined;
  }

  /** The answers on the case and the event, together; no audit entry (a citizen's, not staff's). */
  async recordFeedback(code: string, feedback: NonNullable<CaseRecord['feedback']>, event: CaseEvent): Promise<boolean> {
    try {
      await this.run(() =>
        this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: { pk: casePk(code), sk: 'CASE' },
                  UpdateExpression: 'SET feedback = :f',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':f': feedback },
                },
              },
              { Put: { TableName: this.table, Item: { pk: casePk(code), sk: eventSk(event.at), type: 'event', ...event } } },
            ],
          }),
        ),
      );
      return true;
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw e;
    }
  }

  /**
   * Records one processed photo by its place in the list, leaving its publication flag alone
   * (staff may change that at the same time).
   */
  async markPhoto(code: string, index: number, photoId: string, state: Photo['state'], variants: NonNullable<Photo['variants']>): Promise<void> {
    await this.run(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: casePk(code), sk: 'CASE' },
          UpdateExpression: `SET photos[${index}].#state = :state, photos[${index}].variants = :variants`,
          ConditionExpression: `photos[${index}].id = :id`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':state': state, ':variants': variants, ':id': photoId },
        }),
      ),
    );
  }

  /**
   * Sets or clears a photo's `publicCopy` by its place in the list, if it is still that photo
   * (and, to set it, still chosen for publication). Like markPhoto, it leaves `updatedAt` alone:
   * the photo handler's bookkeeping is not a change staff made.
   */
  async markPhotoCopy(code: string, index: number, photoId: string, copied: boolean): Promise<boolean> {
    try {
      await this.run(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: casePk(code), sk: 'CASE' },
            UpdateExpression: copied ? `SET photos[${index}].publicCopy = :true` : `REMOVE photos[${index}].publicCopy`,
            ConditionExpression: copied ? `photos[${index}].id = :id AND photos[${index}].published = :true` : `photos[${index}].id = :id`,
            ExpressionAttributeValues: copied ? { ':id': photoId, ':true': true } : { ':id': photoId },
          }),
        ),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** The public record of a case, as last written; undefined when it is not published. */
  async getPublic(municipality: string, code: string): Promise<PublicCase | undefined> {
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: publicPk(municipality), sk: code } })));
    return r.Item ? (r.Item.record as PublicCase) : undefined;
  }

  /**
   * Writes the public record unless it is unchanged, so the stream sees a change (and a site
   * rebuild is asked for) only when something public changed. Returns whether it wrote. A
   * service request also carries its `public-by-date` keys (core/cases/table.ts), which follow
   * its status; the digest covers them, since they are made from the record.
   */
  async putPublic(record: PublicCase, digest: string): Promise<boolean> {
    try {
      await this.run(() =>
        this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: { pk: publicPk(record.municipality), sk: record.code, type: 'public', digest, record, ...publicByDateKeys(record) },
            ConditionExpression: 'attribute_not_exists(digest) OR digest <> :digest',
            ExpressionAttributeValues: { ':digest': digest },
          }),
        ),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Withdraws a case from public view (rejected as spam). Returns whether there was one. */
  async deletePublic(municipality: string, code: string): Promise<boolean> {
    const r = await this.run(() => this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: publicPk(municipality), sk: code }, ReturnValues: 'ALL_OLD' })));
    return !!r.Attributes;
  }

  /** Every public record of a municipality, page by page (the build and the open-data API). */
  async *listPublic(municipality: string): AsyncGenerator<PublicCase[]> {
    yield* this.pages(
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': publicPk(municipality) },
        ProjectionExpression: '#record',
        ExpressionAttributeNames: { '#record': 'record' },
      },
      (i) => i.record as PublicCase,
    );
  }

  /**
   * Open311's service requests of a municipality in one Open311 status created between
   * `query.from` and `query.to` (inclusive), newest first, page by page (DynamoDB's pages of up to
   * 1 MB, or `query.pageSize` items), through the `public-by-date` index: a key range, so only the
   * records of the window are read, never the municipality's whole partition. The caller stops
   * reading when it has enough.
   */
  async *listServiceRequests(municipality: string, query: ServiceRequestQuery): AsyncGenerator<PublicCase[]> {
    const { lo, hi } = publicByDateRange(query.status, query.from, query.to);
    // The whole record, or only the fields asked for (`record.code, record.status, …`): a record's
    // public timeline is about a third of it, and DynamoDB's time and the SDK's grow with what is sent.
    const fields = query.fields?.length ? query.fields : undefined;
    const projection = fields
      ? { ProjectionExpression: fields.map((_, i) => `#record.#f${i}`).join(', '), ExpressionAttributeNames: { '#record': 'record', ...Object.fromEntries(fields.map((f, i) => [`#f${i}`, f])) } }
      : { ProjectionExpression: '#record', ExpressionAttributeNames: { '#record': 'record' } };
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.run(() =>
        this.doc.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: PUBLIC_BY_DATE_INDEX,
            KeyConditionExpression: 'pubpk = :pk AND pubsk BETWEEN :lo AND :hi',
            ExpressionAttributeValues: { ':pk': publicByDatePk(municipality), ':lo': lo, ':hi': hi },
            ...projection,
            ScanIndexForward: false,
            ...(query.pageSize ? { Limit: query.pageSize } : {}),
            ExclusiveStartKey: start,
          }),
        ),
      );
      yield (page.Items ?? []).map((i) => i.record as PublicCase);
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /**
   * The public records of these codes in a municipality (those that exist; in no set order), read
   * by key 100 at a time: as many reads as codes, whatever the partition holds.
   */
  async getPublicMany(municipality: string, codes: readonly string[]): Promise<PublicCase[]> {
    const out: PublicCase[] = [];
    const unique = [...new Set(codes)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((code) => ({ pk: publicPk(municipality), sk: code }));
      // DynamoDB may leave some keys unprocessed under load: ask again for those, a little later.
      for (let attempt = 0; keys?.length; attempt++) {
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        if (attempt > 8) throw new UnavailableError(new Error('getPublicMany: keys left unprocessed'));
        const request: Record<string, unknown>[] = keys;
        const r: BatchGetCommandOutput = await this.run(() =>
          this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: request, ProjectionExpression: '#record', ExpressionAttributeNames: { '#record': 'record' } } } })),
        );
        for (const item of r.Responses?.[this.table] ?? []) out.push(item.record as PublicCase);
        keys = r.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return out;
  }

  /** A query's results page by page, each item mapped. */
  private async *pages<T>(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>, map: (item: Record<string, unknown>) => T): AsyncGenerator<T[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.run(() => this.doc.send(new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey: start })));
      yield (page.Items ?? []).map(map);
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /**
   * Counts one more request in a fixed window; false when the limit is reached. The counter
   * expires with its window.
   */
  async hit(key: string, windowEnd: number, limit: number): Promise<boolean> {
    try {
      await this.run(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `RATE#${key}#${windowEnd}`, sk: 'RATE' },
            UpdateExpression: 'ADD hits :one SET #ttl = :ttl, #type = :type',
            ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE, '#type': 'type' },
            ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': windowEnd, ':type': 'rate' },
          }),
        ),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Takes one request off a window's counter, never below zero; a counter already gone stays gone. */
  async giveBack(key: string, windowEnd: number): Promise<void> {
    try {
      await this.run(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `RATE#${key}#${windowEnd}`, sk: 'RATE' },
            UpdateExpression: 'ADD hits :minus',
            ConditionExpression: 'hits > :zero',
            ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
          }),
        ),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /**
   * A municipality's cases created since `query.createdSince` (ISO time) in `query.status` with
   * their deadline at or before `query.deadlineBy`, page by page, read through gsi1
   * (`MUNI#<id>`, `<createdAt>#<code>`) so the sweep never scans the table. Which cases are
   * overdue is the domain's to say (overdueQuery in functions/domain/overdue.ts).
   */
  async *listCases(municipality: string, query: CaseQuery): AsyncGenerator<CaseRecord[]> {
    yield* this.pages(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :muni AND gsi1sk >= :since',
        FilterExpression: '#status = :status AND #deadline <= :deadlineBy',
        ExpressionAttributeNames: { '#status': 'status', '#deadline': query.deadline ?? 'deadlineAt' },
        ExpressionAttributeValues: { ':muni': `MUNI#${municipality}`, ':since': query.createdSince, ':status': query.status, ':deadlineBy': query.deadlineBy },
      },
      (i) => stripKeys<CaseRecord>(i),
    );
  }

  /**
   * Claims the sending of one overdue notice of a case (item `CASE#<code>` / `SWEEP#<kind>`):
   * true for the one caller that may send it. False when it was sent already or another sweep
   * holds a fresh claim; a claim left unsent before `staleBefore` (a sweep that died between
   * claiming and sending) may be taken over, and the mail's idempotency key keeps that from
   * mailing twice.
   */
  async claimNotice(code: string, kind: string, now: Date, staleBefore: Date): Promise<boolean> {
    try {
      await this.run(() =>
        this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: { pk: casePk(code), sk: `SWEEP#${kind}`, type: 'sweep', code, kind, claimedAt: now.toISOString() },
            ConditionExpression: 'attribute_not_exists(pk) OR (attribute_not_exists(sentAt) AND claimedAt < :stale)',
            ExpressionAttributeValues: { ':stale': staleBefore.toISOString() },
          }),
        ),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Records that a claimed notice went out, and to whom (a municipal inbox, not personal data). */
  async markNoticeSent(code: string, kind: string, sentAt: Date, to: string): Promise<void> {
    await this.run(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: casePk(code), sk: `SWEEP#${kind}` },
          UpdateExpression: 'SET sentAt = :at, sentTo = :to',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': sentAt.toISOString(), ':to': to },
        }),
      ),
    );
  }

  /** Gives a claim back after a failed send, so the next sweep tries again at once. */
  async releaseNotice(code: string, kind: string): Promise<void> {
    try {
      await this.run(() =>
        this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: casePk(code), sk: `SWEEP#${kind}` }, ConditionExpression: 'attribute_not_exists(sentAt)' })),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /** The overdue notices recorded for a case, by kind. */
  async getNotices(code: string): Promise<Partial<Record<string, NoticeRecord>>> {
    const r = await this.run(() =>
      this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sweep)',
          ExpressionAttributeValues: { ':pk': casePk(code), ':sweep': 'SWEEP#' },
          ConsistentRead: true,
        }),
      ),
    );
    return Object.fromEntries((r.Items ?? []).map((i) => [String(i.kind), { claimedAt: String(i.claimedAt), ...(i.sentAt ? { sentAt: String(i.sentAt) } : {}), ...(i.sentTo ? { sentTo: String(i.sentTo) } : {}) }]));
  }

  // Subscriptions (functions/domain/subscriptions.ts): `SUB#<scope>` / `<id>` holds the address;
  // `SUBTOKEN#<hash>` the links; `SUBDIGEST#<id>` / `<at>#<code>#<event>` a digest's lines;
  // `DIGEST` / `<at>#<scope>#<id>` when a digest is due (one key range for the sweep).
  async putSubscription(sub: Subscription): Promise<void> {
    const ttl = Math.floor(Date.parse(sub.requestedAt) / 1000) + 7 * 86_400;
    await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: `SUB#${sub.scope}`, sk: sub.id, type: 'subscription', ...sub, [TTL_ATTRIBUTE]: ttl } })));
  }

  async getSubscription(scope: string, id: string): Promise<Subscription | undefined> {
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `SUB#${scope}`, sk: id }, ConsistentRead: true })));
    return r.Item ? stripKeys<Subscription>(r.Item) : undefined;
  }

  async confirmSubscription(scope: string, id: string, at: Date): Promise<Subscription | undefined> {
    try {
      const r = await this.run(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `SUB#${scope}`, sk: id },
            UpdateExpression: 'SET confirmedAt = if_not_exists(confirmedAt, :at) REMOVE #ttl',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(unsubscribedAt)',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':at': at.toISOString() },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return r.Attributes ? stripKeys<Subscription>(r.Attributes) : undefined;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return undefined;
      throw e;
    }
  }

  async endSubscription(scope: string, id: string, at: Date): Promise<boolean> {
    try {
      await this.run(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `SUB#${scope}`, sk: id },
            UpdateExpression: 'SET unsubscribedAt = :at, #ttl = :ttl REMOVE email',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(unsubscribedAt)',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':at': at.toISOString(), ':ttl': Math.floor(at.getTime() / 1000) },
          }),
        ),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async listSubscriptions(scope: string): Promise<Subscription[]> {
    const out: Subscription[] = [];
    for await (const page of this.pages({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `SUB#${scope}` }, ConsistentRead: true }, (i) => stripKeys<Subscription>(i))) out.push(...page);
    return out;
  }

  async putSubscriptionToken(hash: string, token: SubscriptionToken): Promise<void> {
    const ttl = token.expiresAt ? { [TTL_ATTRIBUTE]: Math.floor(Date.parse(token.expiresAt) / 1000) + 86_400 } : {};
    await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: `SUBTOKEN#${hash}`, sk: 'SUBTOKEN', type: 'subscription-token', ...token, ...ttl } })));
  }

  async getSubscriptionToken(hash: string): Promise<SubscriptionToken | undefined> {
    const r = await this.run(() => this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `SUBTOKEN#${hash}`, sk: 'SUBTOKEN' }, ConsistentRead: true })));
    return r.Item ? stripKeys<SubscriptionToken>(r.Item) : undefined;
  }

  async addDigestEntry(due: DigestDue, entry: DigestEntry): Promise<void> {
    await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: `SUBDIGEST#${due.id}`, sk: digestSk(entry), type: 'digest-entry', ...entry } })));
    await this.run(() => this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: 'DIGEST', sk: `${due.at}#${due.scope}#${due.id}`, type: 'digest-due', ...due } })));
  }

  async listDigestsDue(now: Date): Promise<DigestDue[]> {
    const out: DigestDue[] = [];
    for await (const page of this.pages({ KeyConditionExpression: 'pk = :pk AND sk <= :now', ExpressionAttributeValues: { ':pk': 'DIGEST', ':now': `${now.toISOString()}#~` }, ConsistentRead: true }, (i) => stripKeys<DigestDue>(i))) out.push(...page);
    return out;
  }

  async listDigestEntries(id: string): Promise<DigestEntry[]> {
    const out: DigestEntry[] = [];
    for await (const page of this.pages({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `SUBDIGEST#${id}` }, ConsistentRead: true }, (i) => stripKeys<DigestEntry>(i))) out.push(...page);
    return out;
  }

  async clearDigest(due: DigestDue, entries: DigestEntry[]): Promise<void> {
    for (const e of entries) await this.run(() => this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: `SUBDIGEST#${due.id}`, sk: digestSk(e) } })));
    await this.run(() => this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: 'DIGEST', sk: `${due.at}#${due.scope}#${due.id}` } })));
  }

  /**
   * What a record of the table's stream is about, for the stream and photo handlers: a case, an
   * event of its timeline, or a public record (by municipality and code, read from its keys). The
   * rest (contacts, tokens, counters, idempotency and sweep records) is no handler's business.
   */
  decodeChange(record: StreamRecord): StoredChange | undefined {
    const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
    if (!image) return undefined;
    const item = unmarshall(image as Record<string, AttributeValue>) as Record<string, unknown>;
    const op = streamOps[record.eventName ?? ''] ?? 'modify';
    if (item.type === 'public') {
      const seconds = record.dynamodb?.ApproximateCreationDateTime;
      return {
        kind: 'public',
        op,
        municipality: String(item.pk).slice(PUBLIC_PREFIX.length),
        code: String(item.sk),
        demo: !!(item.record as { demo?: boolean } | undefined)?.demo,
        at: seconds === undefined ? undefined : new Date(seconds * 1000),
      };
    }
    if (item.type === 'case') {
      const old = record.dynamodb?.OldImage;
      return { kind: 'case', op, record: stripKeys<CaseRecord>(item), previous: old && record.dynamodb?.NewImage ? stripKeys<CaseRecord>(unmarshall(old as Record<string, AttributeValue>)) : undefined };
    }
    if (item.type === 'event') return { kind: 'event', op, event: stripKeys<CaseEvent>(item), id: String(item.sk) };
    if (item.type === 'signin-request') return { kind: 'signin-request', op, request: stripKeys<SignInRequest>(item) };
    if (item.type === 'subscription') return { kind: 'subscription', op, subscription: stripKeys<Subscription>(item) };
    return undefined;
  }
}

/** SET what the reply gives, REMOVE an answer or referral it takes away; the `open-by-due` keys follow the status. */
function caseUpdate(change: ReplyChange, code: string, municipality: string) {
  const sets = ['#status = :status', 'publicText = :publicText', 'photos = :photos', 'updatedAt = :updatedAt'];
  const removes: string[] = [];
  const values: Record<string, unknown> = { ':status': change.status, ':publicText': change.publicText, ':photos': change.photos, ':updatedAt': change.updatedAt };
  if (change.closedAt) {
    sets.push('closedAt = :closedAt');
    values[':closedAt'] = change.closedAt;
  } else removes.push('closedAt');
  if (change.firstAnsweredAt) {
    // Set once: the first answer's time stays the first when staff reply again.
    sets.push('firstAnsweredAt = if_not_exists(firstAnsweredAt, :firstAnsweredAt)');
    values[':firstAnsweredAt'] = change.firstAnsweredAt;
  }
  // A reply never leaves a case `received`: open means in progress, due at its resolution deadline.
  const open = change.resolutionDueAt ? openByDueKeys({ municipality, code, status: change.status, deadlineAt: change.resolutionDueAt, resolutionDueAt: change.resolutionDueAt }) : undefined;
  if (open) {
    sets.push('openpk = :openpk', 'opensk = :opensk');
    values[':openpk'] = open.openpk;
    values[':opensk'] = open.opensk;
  } else removes.push('openpk', 'opensk');
  for (const field of ['answer', 'answers', 'referral', 'plannedAt', 'resolutionDueAt', 'resolvedAt'] as const) {
    if (change[field] !== undefined) {
      sets.push(`${field} = :${field}`);
      values[`:${field}`] = change[field];
    } else removes.push(field);
  }
  return {
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: values,
  };
}

/** The live reply link of a case for a purpose (functions/domain/tokens.ts). */
const linkSk = (purpose: LinkPurpose) => `LINK#${purpose}`;

/**
 * Scheduled work for the sweep lives in one partition sorted by time, so "everything due by now"
 * is one key range, whatever the table holds. Little is written to it (a few items per case).
 */
const DUE_PK = 'DUE';
const dueSk = (d: DueItem) => `${d.at}#${d.kind}#${d.code}#${d.ref ?? ''}`;
const dueItem = (d: DueItem) => ({ pk: DUE_PK, sk: dueSk(d), type: 'due', kind: d.kind, code: d.code, at: d.at, ...(d.ref ? { ref: d.ref } : {}) });

const digestSk = (e: Pick<DigestEntry, 'at' | 'code' | 'eventId'>) => `${e.at}#${e.code}#${e.eventId}`;

function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, openpk: _o1, opensk: _o2, type: _type, [TTL_ATTRIBUTE]: _ttl, ...rest } = item;
  return rest as T;
}

/** The case item: the record with its keys, gsi1's (by creation) and, while open, `open-by-due`'s. */
function caseItem(record: CaseRecord): Record<string, unknown> {
  return { pk: casePk(record.code), sk: 'CASE', type: 'case', gsi1pk: `MUNI#${record.municipality}`, gsi1sk: `${record.createdAt}#${record.code}`, ...openByDueKeys(record), ...record };
}

/** A municipality's log of staff actions: one partition, sorted by time. */
const auditPk = (municipality: string) => `AUDIT#${municipality}`;
/** Kept two years: long enough for any complaint about how a case was handled. */
const AUDIT_DAYS = 730;
function auditItem(e: CaseEvent): Record<string, unknown> {
  const entry: AuditEntry = {
    at: e.at, code: e.code, change: e.change, status: e.status, via: e.via!,
    ...(e.actor ? { actor: e.actor } : {}), ...(e.linkId ? { linkId: e.linkId } : {}), ...(e.inbox ? { inbox: e.inbox } : {}), ...(e.toInbox ? { toInbox: e.toInbox } : {}),
  };
  return { pk: auditPk(e.municipality), sk: `${e.at}#${e.code}#${Math.random().toString(36).slice(2, 8)}`, type: 'audit', ...entry, [TTL_ATTRIBUTE]: Math.floor(Date.parse(e.at) / 1000) + AUDIT_DAYS * 86_400 };
}

/** A member of staff's own choices, by municipality and address (lowercase). */
const staffPk = (municipality: string, email: string) => `STAFF#${municipality}#${email.trim().toLowerCase()}`;
