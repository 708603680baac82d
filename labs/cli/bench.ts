/**
 * npm run bench [-- options]
 *   --quick              short configuration for CI (well under 30 s)
 *   --suite NAME         concurrency | wasm (comma-separated or repeated)
 *   --workload ID        only these workload ids (comma-separated), e.g. fnv1a,cpu-primes
 *   --approach NAME      only these approach names (comma-separated)
 *   --time MS            tinybench time budget per approach
 *   --json FILE          also write the report as JSON
 *   --no-native          do not build or run the native Rust bench
 *   --repeat N           run the plan N times; report each ratio per run, its median and spread, and flag
 *                        spreads above 10 % (unstable-ratio); the table shows the last run with median ratios
 *   --crosscheck         afterwards, measure the Wasm suite again with a plain loop (crosscheck/): every
 *                        approach in a fresh worker of its own, all warmed up, then short slices of each
 *                        in turn (rotated order), ratio of the pooled 10th percentiles; print both ratios side by
 *                        side; without --suite or --workload this runs the wasm suite only
 * Progress goes to stderr, the table and summary to stdout. Exit code 1 when an approach failed
 * (output mismatch or error); skipped approaches do not fail the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createNodePlatform } from '../engine/platform-node.ts';
import { runBenchmarks, selectWorkloads, type BenchConfig, type Suite } from '../index.ts';
import { CROSSCHECK_TOLERANCE, compareWithLab, type PlainMeasurement } from '../crosscheck/compare.ts';
import { runCrosscheck } from '../crosscheck/crosscheck.ts';
import { PLAIN_LOOP_DEFAULTS } from '../crosscheck/plain-loop.ts';
import { combineRuns, RATIO_SPREAD_LIMIT } from '../engine/repeat.ts';
import type { RunReport } from '../engine/types.ts';
import { formatCrosscheck, formatEnvironment, formatMs, formatRatioRuns, formatResults, formatSummary } from './format.ts';

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
      repeat: { type: 'string' },
      crosscheck: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(
      [
        'usage: npm run bench -- [--quick] [--suite concurrency|wasm] [--workload ID] [--approach NAME] [--time MS] [--json FILE] [--no-native] [--repeat N] [--crosscheck]',
        '  --repeat N     run N times; print every ratio per run with its median and spread (flag unstable-ratio above 10 %)',
        `  --crosscheck   then measure the Wasm suite with a plain loop, no tinybench: each approach in a fresh worker of its own (${PLAIN_LOOP_DEFAULTS.warmup} warm-up calls and at least ${PLAIN_LOOP_DEFAULTS.warmupMs} ms), then ${PLAIN_LOOP_DEFAULTS.slices} rounds of one slice of ≥ ${PLAIN_LOOP_DEFAULTS.sliceMs} ms per approach, interleaved in rotated order; ratio = baseline / approach of the 10th percentiles of all pooled calls; print both ratios with their difference`,
      ].join('\n'),
    );
    return 0;
  }
  const repeat = values.repeat === undefined ? 1 : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat needs a whole number of runs, got ${values.repeat}`);
  const suites = list(values.suite) ?? (values.crosscheck && !values.workload ? ['wasm'] : undefined);
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
  const platform = createNodePlatform({ disableNative: values['no-native'] });
  const reports: RunReport[] = [];
  for (let run = 1; run <= repeat && !controller.signal.aborted; run++) {
    if (repeat > 1) process.stderr.write(`--- run ${run} of ${repeat} ---\n`);
    reports.push(
      await runBenchmarks({
        platform,
        workloads,
        config,
        ...(approaches ? { approaches } : {}),
        signal: controller.signal,
        onProgress(event) {
          if (event.type === 'environment' && run === 1) console.log(`${formatEnvironment(event.environment)}\n`);
          if (event.type === 'round' && event.round === 1) process.stderr.write(`${event.workload}: every approach prepared and checked; measuring them in ${event.rounds} interleaved rounds\n`);
          if (event.type === 'result') {
            const r = event.result;
            const figure = r.ok && r.latency ? `${formatMs(r.latency.mean)} ms ±${r.latency.rme.toFixed(1)}% (${r.samples} samples)` : `${r.skipped ? 'skipped' : 'FAILED'}: ${r.error}`;
            process.stderr.write(`[${event.index + 1}/${event.total}] ${r.workload} · ${r.label}: ${figure}\n`);
          }
        },
      }),
    );
  }
  const report = combineRuns(reports);
  const seconds = (performance.now() - started) / 1000;

  console.log(`\n${formatResults(report.results)}\n`);
  const summary = formatSummary(report.summary);
  if (summary) console.log(`${summary}\n`);
  if (repeat > 1) {
    const runs = formatRatioRuns(report.results, RATIO_SPREAD_LIMIT);
    if (runs) console.log(`${runs}\n`);
  }
  console.log(`vs base = baseline time / this time (p10 for the Wasm suite, p99 for event-loop workloads${repeat > 1 ? `; the median over ${reports.length} runs` : ''}); flags mark figures not to trust (see labs/README.md).`);
  console.log(`${report.results.length} results in ${seconds.toFixed(1)} s (${reports.length} run${reports.length > 1 ? 's' : ''}, ${report.config.profile} profile, time ${report.config.timeMs} ms per approach)${report.aborted ? ', CANCELLED' : ''}.`);

  let crosscheck: ReturnType<typeof compareWithLab> | undefined;
  // For the JSON: the method and every approach's pooled p10 and median, calls and per-slice medians (the baseline's too).
  let plainLoop: { options: typeof PLAIN_LOOP_DEFAULTS; measurements: PlainMeasurement[] } | undefined;
  if (values.crosscheck && !controller.signal.aborted) {
    const checkStarted = performance.now();
    const { measurements, errors } = await runCrosscheck({ platform, workloads, signal: controller.signal, onProgress: (line) => process.stderr.write(`${line}\n`) });
    crosscheck = compareWithLab(report.results, measurements);
    plainLoop = { options: PLAIN_LOOP_DEFAULTS, measurements };
    console.log(
      `\nCross-check: the same kernels and wasm exports in a plain loop, no tinybench (each approach in a fresh worker of its own, ${PLAIN_LOOP_DEFAULTS.warmup} warm-up calls and at least ${PLAIN_LOOP_DEFAULTS.warmupMs} ms; then ${PLAIN_LOOP_DEFAULTS.slices} rounds of one slice of ≥ ${PLAIN_LOOP_DEFAULTS.sliceMs} ms per approach, interleaved, starting order rotated each round; ratio = baseline / approach of the 10th percentiles of all pooled calls), ${((performance.now() - checkStarted) / 1000).toFixed(1)} s:`,
    );
    console.log(formatCrosscheck(crosscheck, CROSSCHECK_TOLERANCE));
    const disagree = crosscheck.filter((r) => r.agrees === false);
    console.log(disagree.length === 0 ? `All ${crosscheck.length} ratios agree within ${CROSSCHECK_TOLERANCE * 100} %.` : `${disagree.length} of ${crosscheck.length} ratios differ by more than ${CROSSCHECK_TOLERANCE * 100} %: ${disagree.map((r) => `${r.workload}/${r.label}`).join(', ')}.`);
    for (const error of errors) console.error(`cross-check: ${error}`);
  }

  if (values.json) {
    const file = resolve(values.json);
    mkdirSync(dirname(file), { recursive: true });
    const output = repeat > 1 || crosscheck ? { ...report, ...(repeat > 1 ? { runs: reports } : {}), ...(crosscheck ? { crosscheck, crosscheckPlainLoop: plainLoop } : {}) } : report;
    writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
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
