// The benchmark report's submissions and Open311 sections (scripts/lib/bench-report.mjs): the
// breakdown of a submission's time and of an Open311 list query's, and the floors they are held to.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport } from '../../scripts/lib/bench-report.mjs';

const p = (p50: number, p99: number) => ({ p50, p99, mean: p50 });
const machine = { date: '2026-11-28T16:00:00.000Z', argv: '--only=submissions,open311', cpu: 'test CPU', cores: 2, memoryGb: 8, os: 'linux', loadAverageAtStart: '0.50', node: 'v24', astro: '7', lighthouse: '13' };
const stamp = { measuredAt: machine.date, machine: { loadAverageAtStart: '0.50' } };

function submissions(oursInStack: number, oursAlone: number) {
  return {
    ...stamp,
    sequential: { count: 200, ok: 200, errors: 0, perSecond: 30, p50: 31, p99: 80, max: 90, breakdown: { requests: 200, dynamoCallsPerRequest: 3, total: p(31, 80), client: p(2, 13), server: p(29, 70), dynamo: p(27, 60), wire: p(24, 55), sdk: p(2.5, 9), ours: p(oursInStack, 8) } },
    ourCodeAlone: { runs: 2000, p50: oursAlone, p99: 0.4, max: 1, meanMs: 0.2, cpuMsPerRequest: 0.25, storeCallsPerRequest: 3 },
    load: { count: 1000, ok: 1000, errors: 0, errorReasons: {}, perSecond: 40, p50: 1000, p99: 2000, max: 2500, concurrency: 50 },
    accepted: 1220, casesInTable: 1220, emailsDelivered: 2440, emailsExpected: 2440, mailDrainMs: 30000, consistent: true,
  };
}

const breakdown = (dynamo: number, wire: number, ours: number) => ({ dynamo: p(dynamo, dynamo * 2), wire: p(wire, wire * 2), ours: p(ours, ours * 2) });
const open311 = {
  ...stamp, cases: 10000, municipality: 'zvecan', inWindow: 306, sameAnswer: true,
  before: { runs: 10, p50: 1783, p99: 2002, max: 2100, itemsReadPerQuery: 10000, errors: 0, breakdown: breakdown(1774, 1747, 10.9) },
  afterWholeRecords: { runs: 100, p50: 30, p99: 46.6, max: 50, itemsReadPerQuery: 306, errors: 0, breakdown: breakdown(23.6, 22, 6.2) },
  after: { runs: 100, p50: 26.6, p99: 40.4, max: 45, itemsReadPerQuery: 306, errors: 2, breakdown: breakdown(20.1, 18.9, 6.1) },
};

function render(sections: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'bench-report-'));
  try {
    writeReport({ machine, timings: {}, sections }, { root });
    return readFileSync(join(root, 'docs', 'benchmarks.md'), 'utf8');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('benchmark report: submissions and Open311', () => {
  it('shows where a sequential submission spends its time, and our code against its floor', () => {
    const md = render({ submissions: submissions(1.64, 0.18) });
    expect(md).toContain('| — — round trips to DynamoDB Local | 24.0 | 55.0 |');
    expect(md).toContain('| — — the SDK (marshalling, signing, parsing) | 2.50 | 9.00 |');
    expect(md).toMatch(/\| — \*\*our code\*\* [^|]*\| 1\.64 \| 8\.00 \|/);
    expect(md).toMatch(/\*\*our code alone\*\*[^|]*\| 0\.18 \| 0\.40 \|/);
    expect(md).toContain('**1.64 ms** in the stack (met), **0.18 ms** alone (met)');
    expect(render({ submissions: submissions(2.4, 0.18) })).toContain('**2.40 ms** in the stack (**not met**)');
  });

  it('still renders a submissions section measured before the breakdown existed', () => {
    const old = submissions(1, 1) as Record<string, unknown>;
    delete old.ourCodeAlone;
    const md = render({ submissions: old });
    expect(md).toContain('## Submissions under load');
    expect(md).not.toContain('part of a sequential submission');
  });

  it('shows the Open311 query three ways, where the time goes, and queries asked again', () => {
    const md = render({ open311 });
    expect(md).toContain('| the index, whole records (until issue 14) | 100 | 30.0 | 46.6 | 306 |');
    expect(md).toContain('| **after** (public-by-date index, the fields an answer shows) | 100 (and 2 failed, asked again) | **26.6** | **40.4** | 306 |');
    expect(md).toContain('| after | 20.1 / 40.2 | 18.9 / 37.8 | 6.1 / 12.2 |');
    expect(md).toContain('All give the same answer: yes');
  });
});
