/**
 * npm run bench [-- options]
 *   --quick              short configuration for CI (well under 30 s)
 *   --suite NAME         concurrency | wasm (comma-separated or repeated)
 *   --workload ID        only these workload ids (comma-separated), e.g. fnv1a,cpu-primes
 *   --approach NAME      only these approach names (comma-separated)
 *   --time MS            tinybench time budget per approach
 *   --json FILE          also write the report as JSON
 *   --no-native          do not build or run the native Rust bench
 * Progress goes to stderr, the table and summary to stdout. Exit code 1 when an approach failed
 * (output mismatch or error); skipped approaches do not fail the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createNodePlatform } from '../engine/platform-node.ts';
import { runBenchmarks, selectWorkloads, type BenchConfig, type Suite } from '../index.ts';
import { formatEnvironment, formatMs, formatResults, formatSummary } from './format.ts';

const SUITES: Suite[] = ['concurrency', 'wasm'];

function list(values: string[] | undefined): string[] | undefined {
  const items = values?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      suite: { type: 'string', multiple: true },
      workload: { type: 'string', multiple: true },
      approach: { type: 'string', multiple: true },
      time: { type: 'string' },
      json: { type: 'string' },
      'no-native': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run bench -- [--quick] [--suite concurrency|wasm] [--workload ID] [--approach NAME] [--time MS] [--json FILE] [--no-native]');
    return 0;
  }
  const suites = list(values.suite);
  const unknownSuite = suites?.find((s) => !SUITES.includes(s as Suite));
  if (unknownSuite) throw new Error(`unknown suite ${unknownSuite}; use ${SUITES.join(' or ')}`);
  const workloadIds = list(values.workload);
  const workloads = selectWorkloads({ ...(suites ? { suites: suites as Suite[] } : {}), ...(workloadIds ? { workloadIds } : {}) });
  if (workloads.length === 0) throw new Error('no workload matches the filters');

  const config: Partial<BenchConfig> = { profile: values.quick ? 'quick' : 'default' };
  if (values.time !== undefined) {
    const timeMs = Number(values.time);
    if (!(timeMs > 0)) throw new Error(`--time needs a positive number of milliseconds, got ${values.time}`);
    config.timeMs = timeMs;
  }

  const started = performance.now();
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ncancelling after the current approach...\n');
    controller.abort();
  });
  const approaches = list(values.approach);
  const report = await runBenchmarks({
    platform: createNodePlatform({ disableNative: values['no-native'] }),
    workloads,
    config,
    ...(approaches ? { approaches } : {}),
    signal: controller.signal,
    onProgress(event) {
      if (event.type === 'environment') console.log(`${formatEnvironment(event.environment)}\n`);
      if (event.type === 'result') {
        const r = event.result;
        const figure = r.ok && r.latency ? `${formatMs(r.latency.mean)} ms ±${r.latency.rme.toFixed(1)}% (${r.samples} samples)` : `${r.skipped ? 'skipped' : 'FAILED'}: ${r.error}`;
        process.stderr.write(`[${event.index + 1}/${event.total}] ${r.workload} · ${r.label}: ${figure}\n`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;

  console.log(`\n${formatResults(report.results)}\n`);
  const summary = formatSummary(report.summary);
  if (summary) console.log(`${summary}\n`);
  console.log(`vs base = baseline time / this time (p99 for event-loop workloads); flags mark figures not to trust (see labs/README.md).`);
  console.log(`${report.results.length} results in ${seconds.toFixed(1)} s (${report.config.profile} profile, time ${report.config.timeMs} ms per approach)${report.aborted ? ', CANCELLED' : ''}.`);

  if (values.json) {
    const file = resolve(values.json);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
  const failed = report.results.filter((r) => !r.ok && !r.skipped);
  if (failed.length > 0) {
    console.error(`${failed.length} approach(es) failed: ${failed.map((r) => `${r.workload}/${r.label}`).join(', ')}`);
    return 1;
  }
  return report.aborted ? 130 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
