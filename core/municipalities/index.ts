import type { Municipality } from './schema.ts';
import { readMunicipalitySources } from './files.ts';
import { resolveMunicipalities } from './resolve.ts';

/**
 * Every municipality the platform serves: one per content/<id>/municipality.yaml, read and
 * validated when this module loads (a mistake stops the build or the function with the file,
 * the field and the fix). Adding one is a folder of content; no code.
 */
export const municipalities: readonly Municipality[] = resolveMunicipalities(readMunicipalitySources());

export const municipalityIds = municipalities.map((m) => m.id);

export function getMunicipality(id: string): Municipality {
  const found = municipalities.find((m) => m.id === id);
  if (!found) {
    throw new Error(`Unknown municipality "${id}". Known: ${municipalityIds.join(', ')}. Set SITE to one of them.`);
  }
  return found;
}
