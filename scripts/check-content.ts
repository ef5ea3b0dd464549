// Validates the Markdown of one or all municipalities without building: npx node scripts/check-content.ts [id]
import { fileURLToPath } from 'node:url';
import { collectionNames } from '../sites/content/schemas.ts';
import { readCollection, ContentError } from '../sites/content/source.ts';

const root = fileURLToPath(new URL('../content/', import.meta.url));
const folders = process.argv[2] ? [process.argv[2], 'shared'] : ['zvecan', 'severna-mitrovica', 'leposavic', 'zubin-potok', 'shared'];
let failed = false;
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
