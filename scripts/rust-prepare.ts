/**
 * `npm run rust:prepare [-- --debian] [-- --only <lesson-id>[,<id>…]] [-- --verbose]`: builds every
 * Rust exercise's dependencies into slot 0 of the runner's cache (.cache/rust-runner, or
 * WORKBOOK_RUST_CACHE) ahead of the first run, through the runner's own code path (runner/cargo/
 * cargo-run.ts: the same sandbox, slot, commands and environment, so the fingerprints match): `cargo
 * test --no-run` and `cargo check --all-targets` on the starter crate. One line per lesson with what
 * it compiled and the seconds taken; exit code 1 when a lesson's starter did not build.
 *
 * The starters are meant to fail their tests, not to fail building; a build error is reported. Run it
 * while `npm start` is not running cargo for the same lesson: slot 0 is locked only inside one process.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LessonError, loadLessonSources } from '../contracts/lesson-loader.ts';
import { isRustLessonOwnedPath } from '../contracts/lesson-schema.ts';
import type { RunExit } from '../contracts/project.ts';
import { startCargoRun, type CargoCommand } from '../runner/cargo/cargo-run.ts';
import { crateSourceFrom, describeSource } from '../runner/cargo/crate-source.ts';
import { createRustTrack } from '../runner/cargo/rust-track.ts';
import { describeSandbox } from '../runner/sandbox.ts';
import { detectSeatBelts } from '../runner/seat-belts.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const only = argv.flatMap((a, i) => (a === '--only' ? (argv[i + 1] ?? '').split(',') : a.startsWith('--only=') ? a.slice(7).split(',') : [])).filter(Boolean);
const verbose = argv.includes('--verbose');

try {
  const lessons = loadLessonSources(path.join(root, 'lessons')).filter((l) => l.rustExercise && (only.length === 0 || only.includes(l.id)));
  const unknown = only.filter((id) => !lessons.some((l) => l.id === id));
  if (unknown.length) {
    console.error(`No Rust exercise in lesson(s): ${unknown.join(', ')}`);
    process.exit(2);
  }
  const source = crateSourceFrom(argv, process.env);
  const track = await createRustTrack({ source });
  if (!track.info.available || !track.tools) {
    console.error(`Cannot prepare the Rust exercises: ${track.info.available ? 'no toolchain' : `${track.info.reason}. ${track.info.install}`}`);
    process.exit(1);
  }
  const { sandbox } = await detectSeatBelts();
  console.log(`${track.info.cargo}; crates: ${describeSource(source)}; cache: ${track.slots.cacheRoot}`);
  console.log(describeSandbox(sandbox));
  let failed = 0;
  for (const lesson of lessons) {
    const exercise = lesson.rustExercise!;
    const files = Object.fromEntries(Object.entries(exercise.starter).filter(([name]) => !isRustLessonOwnedPath(name)));
    const parts: string[] = [];
    let ok = true;
    for (const command of ['build-tests', 'diagnose'] as CargoCommand[]) {
      const started = performance.now();
      const compiled: string[] = [];
      let errors = 0;
      let output = '';
      const run = await startCargoRun({
        lessonId: lesson.id,
        exercise,
        script: command,
        files,
        tools: track.tools,
        source,
        slots: track.slots,
        slotIndex: 0,
        runRoot: os.tmpdir(),
        limits: { coldBuildSeconds: 1800, warmBuildSeconds: 1800 },
        runTimeoutMs: 60_000,
        outputLimitBytes: 4 * 1024 * 1024,
        emit(e) {
          if (e.type === 'progress') compiled.push(e.crate);
          else if (e.type === 'diagnostics') errors = e.diagnostics.filter((d) => d.severity === 'error').length;
          else if (e.type === 'output') {
            output += e.data;
            if (verbose) process.stderr.write(e.data);
          }
        },
      });
      const exit: RunExit = await run.exit;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const what = command === 'build-tests' ? 'cargo test --no-run' : 'cargo check --all-targets';
      if (exit.code !== 0 || exit.reason) {
        ok = false;
        parts.push(`${what} FAILED in ${seconds}s (${exit.message ?? `exit ${exit.code ?? exit.signal}`}${errors ? `, ${errors} errors` : ''})`);
        if (!verbose) console.error(output.split('\n').slice(-30).join('\n'));
      } else parts.push(`${what}: ${compiled.length} crates compiled in ${seconds}s`);
    }
    if (!ok) failed++;
    console.log(`${ok ? 'OK  ' : 'FAIL'} ${lesson.id}: ${parts.join('; ')}`);
  }
  console.log(`${lessons.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
} catch (e) {
  if (e instanceof LessonError) {
    console.error(`A lesson is broken: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
