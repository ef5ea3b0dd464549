/**
 * The single DynamoDB table: its keys, indexes, stream and TTL. Local setup and the SST module both
 * create the table from this one description.
 *
 * - `gsi1` lists a municipality's private case items by creation time (the overdue sweep).
 * - `public-by-date` lists a municipality's Open311 service requests by Open311 status and
 *   creation time (GET Service Requests), so a query reads only the records of its window. It is
 *   sparse: only the public records that Open311 shows carry its keys (`publicByDateKeys`); the
 *   private case items never do, so a function allowed to query this index alone cannot list them.
 * - `open-by-due` lists a municipality's open cases (received, in progress) by the time they fall
 *   due, for the staff workspace's inbox. It is sparse too: a case item carries its keys only while
 *   it is open (`openByDueKeys`), so a closed case leaves the index and the inbox reads only what
 *   still waits for staff, however large the archive.
 */
import { open311Status, openStatuses, type Status } from './statuses.ts';

export const PUBLIC_BY_DATE_INDEX = 'public-by-date';
export const OPEN_BY_DUE_INDEX = 'open-by-due';

export const tableDefinition = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'gsi1pk', AttributeType: 'S' },
    { AttributeName: 'gsi1sk', AttributeType: 'S' },
    { AttributeName: 'pubpk', AttributeType: 'S' },
    { AttributeName: 'pubsk', AttributeType: 'S' },
    { AttributeName: 'openpk', AttributeType: 'S' },
    { AttributeName: 'opensk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'gsi1',
      KeySchema: [
        { AttributeName: 'gsi1pk', KeyType: 'HASH' },
        { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
    {
      IndexName: PUBLIC_BY_DATE_INDEX,
      KeySchema: [
        { AttributeName: 'pubpk', KeyType: 'HASH' },
        { AttributeName: 'pubsk', KeyType: 'RANGE' },
      ],
      // The whole record: a listing answers from the index alone, with no read per item.
      Projection: { ProjectionType: 'ALL' },
    },
    {
      IndexName: OPEN_BY_DUE_INDEX,
      KeySchema: [
        { AttributeName: 'openpk', KeyType: 'HASH' },
        { AttributeName: 'opensk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
  BillingMode: 'PAY_PER_REQUEST',
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
} as const;

/** The attribute holding each item's expiry (seconds since epoch), for DynamoDB's TTL. */
export const TTL_ATTRIBUTE = 'ttl';

/** What the index keys are made of: fields of the public record (core/cases/public.ts). */
export interface IndexedPublicRecord {
  municipality: string;
  code: string;
  kind: 'report' | 'question';
  status: Status;
  createdAt: string;
  demo?: boolean | undefined;
}

/** The partition of `public-by-date` that holds a municipality's service requests. */
export const publicByDatePk = (municipality: string) => `PUBLICBYDATE#${municipality}`;

// Sort keys compare as strings, so every time is written the same way: UTC, milliseconds,
// four-digit year (toISOString), clamped to what four digits can say.
const FIRST = Date.parse('0000-01-01T00:00:00.000Z');
const LAST = Date.parse('9999-12-31T23:59:59.999Z');

/** A time as it sorts in `pubsk`: `2026-03-01T08:00:00.000Z`, always 24 characters. */
export function sortableTime(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`sortableTime: not a time: ${String(at)}`);
  return new Date(Math.min(Math.max(ms, FIRST), LAST)).toISOString();
}

/**
 * The `public-by-date` keys of a public record: `PUBLICBYDATE#<municipality>` and
 * `<open|closed>#<createdAt in UTC>#<code>`, or undefined for a record Open311 does not show
 * (questions and demo cases, as isServiceRequest in core/cases/open311.ts says), which then stays
 * out of the index. The status comes first so that "status=open" is one key range.
 */
export function publicByDateKeys(pub: IndexedPublicRecord): { pubpk: string; pubsk: string } | undefined {
  if (pub.kind !== 'report' || pub.demo) return undefined;
  return { pubpk: publicByDatePk(pub.municipality), pubsk: `${open311Status(pub.status)}#${sortableTime(pub.createdAt)}#${pub.code}` };
}

/**
 * The inclusive key range of one Open311 status between two times: every `pubsk` of a record
 * created at `from` … `to` (both included) in that status, whatever its code.
 */
export function publicByDateRange(status: 'open' | 'closed', from: Date, to: Date): { lo: string; hi: string } {
  // Codes are letters, digits and "-", all below "~".
  return { lo: `${status}#${sortableTime(from)}#`, hi: `${status}#${sortableTime(to)}#~` };
}

/** What the `open-by-due` keys are made of: fields of the case item (core/cases/model.ts). */
export interface IndexedOpenCase {
  municipality: string;
  code: string;
  status: Status;
  deadlineAt: string;
  resolutionDueAt?: string | undefined;
}

/** When an open case falls due: the first-answer deadline while received, the resolution deadline once in progress. */
export function dueAtOf(c: IndexedOpenCase): string {
  return c.status === 'in_progress' && c.resolutionDueAt ? c.resolutionDueAt : c.deadlineAt;
}

/**
 * The `open-by-due` keys of a case item: `OPEN#<municipality>` and `<due time in UTC>#<code>`
 * while the case is open, undefined once it is closed (then the keys are removed and the case
 * leaves the index).
 */
export function openByDueKeys(c: IndexedOpenCase): { openpk: string; opensk: string } | undefined {
  if (!openStatuses.includes(c.status)) return undefined;
  return { openpk: `OPEN#${c.municipality}`, opensk: `${sortableTime(dueAtOf(c))}#${c.code}` };
}
