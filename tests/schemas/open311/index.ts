/**
 * The Open311 GeoReport v2 JSON Schemas of this folder, compiled, and a reader that turns the
 * XML form of a document back into its JSON form, so both formats are held to one schema.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const dir = fileURLToPath(new URL('./', import.meta.url));
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) ajv.addSchema(JSON.parse(readFileSync(`${dir}${file}`, 'utf8')));

export type SchemaName = 'discovery' | 'services' | 'service-definition' | 'requests' | 'request' | 'errors';
const compiled = new Map<SchemaName, ValidateFunction>();

/** The schema's complaints about a document, empty when it is valid. */
export function schemaErrors(name: SchemaName, doc: unknown): string[] {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.getSchema(`urn:e-opstine:open311:${name}`)!;
    compiled.set(name, validate);
  }
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** The root element of each document, and the element of one item of each list (the standard's names). */
export const ROOTS: Record<SchemaName, string> = {
  discovery: 'discovery', services: 'services', 'service-definition': 'service_definition', requests: 'service_requests', request: 'service_requests', errors: 'errors',
};
const LIST_ITEM: Record<string, string> = {
  services: 'service', service_requests: 'request', errors: 'error', endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value',
};
const BOOLEANS = new Set(['metadata', 'variable', 'required']);
const NUMBERS = new Set(['lat', 'long', 'order']);

/** Every element name the standard defines for these documents. */
export const STANDARD_ELEMENTS = new Set([
  ...Object.values(ROOTS), ...Object.values(LIST_ITEM), ...Object.keys(LIST_ITEM),
  'changeset', 'contact', 'key_service', 'specification', 'url', 'type',
  'service_code', 'service_name', 'description', 'metadata', 'keywords', 'group',
  'variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'key', 'name',
  'service_request_id', 'status', 'status_notes', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime',
  'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
]);

const decodeNumeric = (s: string) => s.replace(/&#(x[0-9a-f]+|\d+);/gi, (_m, n: string) => String.fromCodePoint(n[0] === 'x' || n[0] === 'X' ? parseInt(n.slice(1), 16) : Number(n)));

/** The element names used in a document, in order of appearance. */
export function elementNames(xml: string): Set<string> {
  return new Set([...xml.matchAll(/<([a-zA-Z_][\w.-]*)[\s/>]/g)].map((m) => m[1]!));
}

/**
 * Reads an Open311 XML document as its JSON form (the standard's "Spark" mapping): a list
 * element becomes an array of its items, true/false and the numeric fields become booleans and
 * numbers. Throws when the XML is not well-formed or lacks the declaration.
 */
export function xmlAsJson(xml: string, name: SchemaName): unknown {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  if (!/^<\?xml version="1\.0" encoding="utf-8"\?>/i.test(xml)) throw new Error('no XML declaration with encoding="utf-8"');
  const parser = new XMLParser({ ignoreDeclaration: true, parseTagValue: false, trimValues: false, ignoreAttributes: true, isArray: (tag) => Object.values(LIST_ITEM).includes(tag) });
  const doc = parser.parse(xml) as Record<string, unknown>;
  const roots = Object.keys(doc);
  if (roots.length !== 1 || roots[0] !== ROOTS[name]) throw new Error(`root element is ${roots.join(', ')}, not ${ROOTS[name]}`);

  const convert = (tag: string, value: unknown, parent?: string): unknown => {
    if (tag in LIST_ITEM) {
      if (value === '' || value === undefined) return [];
      const items = (value as Record<string, unknown>)[LIST_ITEM[tag]!];
      return ((items as unknown[]) ?? []).map((item) => convert(LIST_ITEM[tag]!, item, tag));
    }
    if (typeof value === 'string') {
      const text = decodeNumeric(value);
      if (BOOLEANS.has(tag)) return text === 'true' ? true : text === 'false' ? false : text;
      if (NUMBERS.has(tag) || (tag === 'code' && parent === 'error')) return text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
      return text;
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, convert(k, v, tag)]));
    }
    return value;
  };
  return convert(ROOTS[name], doc[ROOTS[name]]);
}
