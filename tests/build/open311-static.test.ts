// The static half of Open311 GeoReport v2 in every built site: discovery, the service list and
// the service definitions, in JSON and XML, held to the schemas; and the open-data page.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, siteIds, read, resolves } from '../helpers/dist.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { locales } from '../../core/locales.ts';
import { schemaErrors, xmlAsJson, elementNames, STANDARD_ELEMENTS, type SchemaName } from '../schemas/open311/index.ts';

/** A static Open311 document in both formats: the JSON valid, the XML well-formed, standard and saying the same. */
function both(site: string, stem: string, schema: SchemaName): unknown {
  const json = JSON.parse(read(site, `open311/v2/${stem}.json`)) as unknown;
  expect(schemaErrors(schema, json), `${site} ${stem}.json`).toEqual([]);
  const xml = read(site, `open311/v2/${stem}.xml`);
  expect(xmlAsJson(xml, schema), `${site} ${stem}.xml`).toEqual(json);
  expect([...elementNames(xml)].filter((e) => !STANDARD_ELEMENTS.has(e)), `${site} ${stem}.xml`).toEqual([]);
  return json;
}

describe.each(siteIds)('Open311 static files of %s', (site) => {
  const m = getMunicipality(site);

  it('has a discovery document naming this site’s endpoint', () => {
    const d = both(site, 'discovery', 'discovery') as { changeset: string; contact: string; endpoints: { url: string; specification: string; formats: string[] }[] };
    expect(d.endpoints).toHaveLength(1);
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `https://${m.domain}/open311/v2`, formats: ['text/xml', 'application/json'] });
    expect(d.contact).toContain(m.contact.email);
    expect(Date.parse(d.changeset)).not.toBeNaN();
  });

  it('lists one service per category, in Serbian Latin, each with its definition', () => {
    const services = both(site, 'services', 'services') as { service_code: string; service_name: string; metadata: boolean; keywords: string }[];
    expect(services.map((s) => s.service_code)).toEqual(m.categories.map((c) => c.code));
    for (const s of services) {
      expect(s.service_name, s.service_code).not.toMatch(/[\u0400-\u04FF]/);
      expect(s.keywords).toContain(m.categories.find((c) => c.code === s.service_code)!.name.sq);
      expect(both(site, `services/${s.service_code}`, 'service-definition')).toEqual({ service_code: s.service_code, attributes: [] });
    }
    // Nothing else is published under the endpoint: requests come from the function.
    const files = readdirSync(join(distDir, site, 'open311/v2'), { recursive: true }).map(String).sort();
    const expected = ['discovery.json', 'discovery.xml', 'services', 'services.json', 'services.xml', ...m.categories.flatMap((c) => [`services/${c.code}.json`, `services/${c.code}.xml`])].sort();
    expect(files).toEqual(expected);
    expect(existsSync(join(distDir, site, 'open311/v2/requests.json'))).toBe(false);
  });

  it('documents open data on a page in every locale, linked from the footer', () => {
    for (const l of locales) {
      const html = read(site, `${l.key}/open-data/index.html`);
      expect(html).toContain(`https://${m.domain}/open311/v2/`);
      for (const path of ['/open-data/cases.csv', '/open-data/cases.json', '/open311/v2/discovery.json', '/open311/v2/services.xml']) expect(html).toContain(`href="${path}"`);
      expect(html).toContain(`https://${m.domain}/open311/v2/requests.json?`);
      expect(html).toContain('CC BY 4.0');
      expect(read(site, `${l.key}/index.html`)).toContain(`href="/${l.key}/open-data/"`);
    }
    expect(resolves(site, '/open311/v2/services.json')).toBe(true);
  });
});
