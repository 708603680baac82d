/**
 * `npm run mutation [-- <lesson-id>…]`: mutation testing of every lesson's Check with StrykerJS.
 * For each lesson, Stryker mutates what the learner writes: the lines of solution/ that differ from
 * starter/ (the code the exercise asks for, not the scaffolding around it), on a copy of
 * starter + solution, and runs the lesson's Check once per mutant through the same code path as the
 * runner (scripts/lib/mutation-check.ts). A mutant the Check does not notice "survived".
 *
 * A surviving mutant is either a missing test (add one) or equivalent: it changes the code without
 * changing anything a caller can observe. Equivalent ones are listed with their reason in the
 * lesson's `mutants.yaml` (file, mutator, replacement, optionally `code`: part of the original line, and
 * reason) and leave the score; one listed there
 * that no longer survives is reported as stale. Prints per lesson: killed / total, the score, each
 * unexplained survivor; exits 1 when a lesson is below TARGET.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadLessonSources, type LessonSource } from '../contracts/lesson-loader.ts';
import { changedLineRanges } from './lib/mutation-ranges.ts';

const TARGET = 85;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = path.join(root, '.cache', 'mutation');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

const equivalentSchema = z.array(
  z.strictObject({
    file: z.string(),
    mutator: z.string(),
    replacement: z.string(),
    /** Part of the original line, when file + mutator + replacement alone could name several mutants. */
    code: z.string().optional(),
    reason: z.string().min(10),
  }),
);
type Equivalent = z.infer<typeof equivalentSchema>[number];

interface Survivor {
  file: string;
  line: number;
  column: number;
  mutator: string;
  replacement: string;
  original: string;
}

export interface LessonScore {
  id: string;
  killed: number;
  survivors: Survivor[];
  equivalent: number;
  stale: Equivalent[];
  /** killed / (all - equivalent), in percent. */
  score: number;
}

function loadEquivalents(lesson: LessonSource): Equivalent[] {
  const file = path.join(lesson.dir, 'mutants.yaml');
  if (!existsSync(file)) return [];
  const parsed = equivalentSchema.safeParse(parseYaml(readFileSync(file, 'utf8')) ?? []);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

const sameMutant = (e: Equivalent, s: Survivor) =>
  e.file === s.file && e.mutator === s.mutator && e.replacement.trim() === s.replacement.trim() && (e.code === undefined || s.original.includes(e.code));

async function mutateLesson(lesson: LessonSource): Promise<LessonScore> {
  const { Stryker } = await import('@stryker-mutator/core');
  const dir = path.join(cacheRoot, lesson.id);
  rmSync(dir, { recursive: true, force: true });
  const files = { ...lesson.starter, ...lesson.solution };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  const mutate = Object.keys(lesson.solution)
    .filter((p) => p.startsWith('src/') && p.endsWith('.ts'))
    .flatMap((p) => changedLineRanges(lesson.starter[p] ?? '', lesson.solution[p]!).map(([from, to]) => `${p}:${from}-${to}`));
  const before = process.cwd();
  process.chdir(dir);
  let results;
  try {
    const stryker = new Stryker({
      testRunner: 'command',
      commandRunner: { command: `${JSON.stringify(process.execPath)} ${JSON.stringify(tsx)} ${JSON.stringify(path.join(root, 'scripts', 'lib', 'mutation-check.ts'))} ${lesson.id}` },
      mutate,
      coverageAnalysis: 'off',
      checkers: [],
      reporters: ['json'],
      jsonReporter: { fileName: path.join(dir, 'report.json') },
      concurrency: Number(process.env.WORKBOOK_MUTATION_CONCURRENCY ?? 2),
      disableTypeChecks: false,
      timeoutMS: 10_000,
      logLevel: 'warn' as never, // LogLevel is an ambient const enum, which verbatimModuleSyntax cannot import
      fileLogLevel: 'off' as never,
      tempDirName: '.stryker-tmp',
      cleanTempDir: true,
      plugins: [],
    });
    results = await stryker.runMutationTest();
  } finally {
    process.chdir(before);
  }
  const equivalents = loadEquivalents(lesson);
  const survivors: Survivor[] = [];
  let killed = 0;
  let equivalent = 0;
  const matched = new Set<Equivalent>();
  for (const r of results) {
    if (r.status === 'Killed' || r.status === 'Timeout') {
      killed++;
      continue;
    }
    if (r.status !== 'Survived' && r.status !== 'NoCoverage') continue; // CompileError, RuntimeError, Ignored
    const file = path.relative(dir, path.resolve(dir, r.fileName)).split(path.sep).join('/');
    const original = lineOf(files[file] ?? '', r.location.start.line);
    const s: Survivor = { file, line: r.location.start.line, column: r.location.start.column + 1, mutator: r.mutatorName, replacement: r.replacement ?? '', original };
    const known = equivalents.find((e) => sameMutant(e, s));
    if (known) {
      matched.add(known);
      equivalent++;
    } else survivors.push(s);
  }
  const counted = killed + survivors.length;
  return {
    id: lesson.id,
    killed,
    survivors,
    equivalent,
    stale: equivalents.filter((e) => !matched.has(e)),
    score: counted === 0 ? 100 : Math.floor((killed / counted) * 1000) / 10,
  };
}

function lineOf(text: string, line: number): string {
  return (text.split('\n')[line - 1] ?? '').trim();
}

async function main() {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const lessons = loadLessonSources(path.join(root, 'lessons')).filter((l) => only.length === 0 || only.some((o) => l.id.includes(o)));
  const scores: LessonScore[] = [];
  for (const lesson of lessons) {
    const started = Date.now();
    const s = await mutateLesson(lesson);
    scores.push(s);
    const seconds = Math.round((Date.now() - started) / 1000);
    const mark = s.score >= TARGET ? 'PASS' : 'FAIL';
    console.log(`${mark} ${s.id}: ${s.score}% (${s.killed} of ${s.killed + s.survivors.length} killed, ${s.equivalent} equivalent, ${seconds} s)`);
    for (const v of s.survivors) console.log(`     survived ${v.file}:${v.line}:${v.column} ${v.mutator}: \`${v.original}\` -> \`${v.replacement.replace(/\s+/g, ' ').slice(0, 120)}\``);
    for (const e of s.stale) console.log(`     stale entry in mutants.yaml (no longer survives): ${e.file} ${e.mutator} ${e.replacement}`);
  }
  const killed = scores.reduce((n, s) => n + s.killed, 0);
  const counted = scores.reduce((n, s) => n + s.killed + s.survivors.length, 0);
  const below = scores.filter((s) => s.score < TARGET);
  console.log(`\nOverall: ${counted ? Math.floor((killed / counted) * 1000) / 10 : 100}% (${killed} of ${counted} mutants killed); ${below.length} of ${scores.length} lessons below ${TARGET}%`);
  process.exitCode = below.length ? 1 : 0;
}

await main();
