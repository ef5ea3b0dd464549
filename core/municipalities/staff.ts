/**
 * Who may sign in to a municipality's staff workspace, and what they see: taken from the
 * municipality's config (content/<id>/municipality.yaml), never from a list of its own.
 *
 * - An **inbox member** is an address that receives cases: a category's inbox, the mayor's office
 *   (questions), the general contact address (cases of a category without its own inbox). They see
 *   the cases that are with their inbox now (a forwarded case moves to its new inbox).
 * - The **supervisor** (`supervisorInbox`) sees every case of the municipality and the log of
 *   staff actions.
 * - **Editors** (`editors`) may sign in to register cases received by phone, at the counter or by
 *   letter; they receive no cases of their own.
 *
 * One address may hold several roles. Addresses compare case-insensitively.
 */
import type { Municipality } from './schema.ts';

export interface StaffRoles {
  /** The address as the config writes it. */
  email: string;
  /** The inboxes whose cases this address sees and acts on (its own address, when it is one). */
  inboxes: string[];
  supervisor: boolean;
  editor: boolean;
}

const norm = (email: string) => email.trim().toLowerCase();

/** Every inbox cases of the municipality may be with: forwarding offers these. */
export function inboxesOf(m: Municipality): string[] {
  return [...new Set([...m.categories.map((c) => c.inbox), m.mayorInbox, m.contact.email].map(norm))];
}

/** The roles of an address in a municipality, or undefined when the config does not name it. */
export function staffRoles(m: Municipality, email: string): StaffRoles | undefined {
  const e = norm(email);
  if (!e) return undefined;
  const inboxes = inboxesOf(m).filter((i) => i === e);
  const supervisor = norm(m.supervisorInbox) === e;
  const editor = m.editors.some((x) => norm(x) === e);
  if (!inboxes.length && !supervisor && !editor) return undefined;
  return { email: e, inboxes, supervisor, editor };
}

/** Every address that may sign in (the public-byte scan looks for each of them in public files). */
export function staffAddresses(m: Municipality): string[] {
  return [...new Set([...inboxesOf(m), norm(m.supervisorInbox), ...m.editors.map(norm)])];
}
