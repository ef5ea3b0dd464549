import type { Municipality } from './schema.ts';
import zvecan from './zvecan.ts';
import severnaMitrovica from './severna-mitrovica.ts';
import leposavic from './leposavic.ts';
import zubinPotok from './zubin-potok.ts';

/** Every municipality the platform serves. Adding one is a file here and a content folder. */
export const municipalities: readonly Municipality[] = [zvecan, severnaMitrovica, leposavic, zubinPotok];

export const municipalityIds = municipalities.map((m) => m.id);

export function getMunicipality(id: string): Municipality {
  const found = municipalities.find((m) => m.id === id);
  if (!found) {
    throw new Error(`Unknown municipality "${id}". Known: ${municipalityIds.join(', ')}. Set SITE to one of them.`);
  }
  return found;
}
