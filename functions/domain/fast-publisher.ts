/**
 * The publisher of the stream function in AWS (functions/stream.ts): the fast publish path first
 * (functions/domain/fast-publish.ts: the changed cases' pages, the lists, the feeds and the
 * sitemap straight into the served site, seconds), then the backstop, a full build of the site
 * (GitHub Actions' workflow_dispatch: minutes), which publishes everything else (statistics, open
 * data, the archive's front page and map) and the same archive bytes again.
 *
 * The fast path never fails the stream batch: its error is logged and the build publishes the
 * change anyway. The backstop's failure does fail it (Lambda retries the batch, which runs the
 * fast path again: it writes only what still differs).
 */
import type { PublishResult } from '../../core/archive/publish.ts';
import type { Publisher } from './ports.ts';

export type FastPublishFn = (municipality: string, codes: readonly string[]) => Promise<PublishResult & { cases?: number; readMs?: number }>;

export class FastPathPublisher implements Publisher {
  private readonly fast: FastPublishFn;
  private readonly backstop: Publisher;
  private readonly log: (line: string) => void;

  constructor(fast: FastPublishFn, backstop: Publisher, log: (line: string) => void = () => {}) {
    this.fast = fast;
    this.backstop = backstop;
    this.log = log;
  }

  async requestBuild(municipality: string, changedAt: Date, codes: readonly string[] = []): Promise<void> {
    if (codes.length) {
      try {
        const r = await this.fast(municipality, codes);
        this.log(
          `publish: ${municipality}: fast path ${r.written.length} written, ${r.removed.length} removed of ${r.rendered} rendered` +
            `${r.cases === undefined ? '' : ` from ${r.cases} records`} in ${r.ms.total + (r.readMs ?? 0)} ms (read ${r.readMs ?? '?'}, shells ${r.ms.read}, render ${r.ms.render}, write ${r.ms.write})`,
        );
      } catch (e) {
        this.log(`publish: ${municipality}: fast path failed, the build publishes the change: ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    await this.backstop.requestBuild(municipality, changedAt, codes);
  }
}
