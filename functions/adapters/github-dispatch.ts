import type { Config } from '../config.ts';
import type { Publisher } from '../domain/ports.ts';

export class DispatchError extends Error {
  override name = 'DispatchError';
}

/**
 * The Publisher in AWS: asks GitHub Actions to build and deploy one municipality's site, with a
 * `workflow_dispatch` of .github/workflows/publish.yml naming the municipality and the stage.
 * The stream handler asks once per municipality per batch, and the workflow's concurrency group
 * per municipality coalesces a burst of dispatches into one build, so nothing is deduplicated
 * here (a stream record's time is rounded down to the second: skipping by time could lose a
 * change).
 *
 * Every failure throws (network, timeout, any non-2xx answer, missing settings): the stream
 * handler then fails its batch and Lambda retries it, so a GitHub outage delays a rebuild but
 * never loses it.
 */
export class GitHubDispatchPublisher implements Publisher {
  constructor(
    private readonly settings: Config['dispatch'],
    private readonly opts: { timeoutMs?: number; log?: (line: string) => void } = {},
  ) {}

  async requestBuild(municipality: string, changedAt: Date): Promise<void> {
    const { apiUrl, repository, workflow, ref, stage, token } = this.settings;
    if (!repository || !token) throw new DispatchError('dispatch: DISPATCH_REPOSITORY and the GithubDispatchToken secret must be set');
    const url = `${apiUrl}/repos/${repository}/actions/workflows/${encodeURIComponent(workflow)}/dispatches`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'user-agent': 'e-opstine-publisher',
          'x-github-api-version': '2022-11-28',
        },
        // workflow_dispatch inputs are strings.
        body: JSON.stringify({ ref, inputs: { municipality, stage, changed_at: changedAt.toISOString() } }),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new DispatchError(`dispatch: ${municipality}: GitHub unreachable (${(e as Error).message})`);
    }
    if (!res.ok) {
      // GitHub explains 401/403/404/422 in `message`; never echo the token.
      const detail = (await res.text().catch(() => '')).slice(0, 300);
      throw new DispatchError(`dispatch: ${municipality}: GitHub answered ${res.status} ${detail}`);
    }
    await res.body?.cancel().catch(() => {});
    this.opts.log?.(`dispatch: build of ${municipality} (${stage}) requested`);
  }
}
