// Validates the Markdown of one or all municipalities without building: npx node scripts/check-content.ts [id]
import { fileURLToPath } from 'node:url';
import { collectionNames } from '../sites/content/schemas.ts';
import { readCollection, ContentError } from '../sites/content/source.ts';
import { siteIds } from './lib/sites.mjs';

// The municipalities' facts (content/<id>/municipality.yaml over content/shared/): loading the
// registry validates them all and throws every mistake with its file, field and fix.
try {
  await import('../core/municipalities/index.ts');
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}

// The response templates (content/shared/responses/, content/<id>/responses/): loading them checks
// every file against the categories and outcomes, and throws every mistake with its file and field.
let responsesFailed = false;
try {
  const { loadResponses } = await import('../core/responses/index.ts');
  const { shared, byMunicipality } = loadResponses();
  const own = [...byMunicipality.keys()];
  console.log(`responses: ${shared.length} shared template(s) ok${own.length ? `, with the own templates of ${own.join(', ')}` : ''}`);
} catch (e) {
  if ((e as Error).name !== 'ResponseDataError') throw e;
  responsesFailed = true;
  console.error((e as Error).message);
}

const root = fileURLToPath(new URL('../content/', import.meta.url));
const folders = process.argv[2] ? [process.argv[2], 'shared'] : [...siteIds, 'shared'];
let failed = responsesFailed;
for (const folder of folders) {
  for (const c of collectionNames) {
    try {
      const files = readCollection(root, folder, c);
      if (files.length) console.log(`${folder}/${c}: ${files.length} file(s) ok`);
    } catch (e) {
      if (!(e instanceof ContentError)) throw e;
      failed = true;
      console.error(e.message);
    }
  }
}
process.exit(failed ? 1 : 0);
