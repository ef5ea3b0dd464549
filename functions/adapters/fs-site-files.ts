import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SiteFile, SiteFiles } from '../../core/archive/publish.ts';

/**
 * A site's served tree on disk (dist/<id>/ locally, a build's output folder in the full build).
 * Each file is written beside itself and renamed over the old one (rename(2) replaces it in one
 * step), so the local server sends the old page or the new one, never half of one. `atomic: false`
 * writes in place: for a fresh output folder nobody serves yet (the full build).
 */
export class FsSiteFiles implements SiteFiles {
  private readonly made = new Set<string>();
  private serial = 0;

  private readonly root: string;
  private readonly opts: { atomic?: boolean; concurrency?: number };

  constructor(root: string, opts: { atomic?: boolean; concurrency?: number } = {}) {
    this.root = root;
    this.opts = opts;
  }

  async readText(path: string): Promise<string | undefined> {
    return readFile(join(this.root, path), 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
  }

  private async dir(path: string): Promise<void> {
    const d = dirname(path);
    if (this.made.has(d)) return;
    await mkdir(d, { recursive: true });
    this.made.add(d);
  }

  async write(files: readonly SiteFile[]): Promise<void> {
    const atomic = this.opts.atomic ?? true;
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const f = files[next++]!;
        const target = join(this.root, f.path);
        await this.dir(target);
        if (!atomic) {
          await writeFile(target, f.body);
          continue;
        }
        const temp = `${target}.${process.pid}.${++this.serial}.tmp`;
        await writeFile(temp, f.body);
        await rename(temp, target);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency ?? 16, files.length) }, worker));
  }

  async remove(paths: readonly string[]): Promise<void> {
    await Promise.all(paths.map((p) => rm(join(this.root, p), { force: true })));
  }
}
