/**
 * `npm start`: builds the workbook if needed, then serves it on http://127.0.0.1:<PORT> (and [::1])
 * with the local runner and prints the URL with the access token. Options: runner/cli-args.ts USAGE.
 * The token is kept across restarts (runner/token-store.ts), so an open page reconnects by itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LessonError, loadLessonSources } from '../contracts/lesson-loader.ts';
import { crateSourceFrom } from './cargo/crate-source.ts';
import { describeRustToolchain } from './cargo/toolchain.ts';
import { exposureRefusal, exposureWarning, parseCliArgs, USAGE } from './cli-args.ts';
import { BuildError, ensureBuild } from './ensure-build.ts';
import { describeCgroup } from './cgroup.ts';
import { describeReaper } from './reaper.ts';
import { describeSandbox, pidNamespaceWanted } from './sandbox.ts';
import { detectSeatBelts } from './seat-belts.ts';
import { startRunner } from './server.ts';
import { defaultStateDir, loadOrCreateToken } from './token-store.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist');
const parsed = parseCliArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(`${parsed.error}\n\n${USAGE}`);
  process.exit(2);
}
const { args } = parsed;
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(process.env.PORT ?? 4310);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(2);
}

try {
  const lessons = loadLessonSources(process.env.WORKBOOK_LESSONS_DIR ? path.resolve(process.env.WORKBOOK_LESSONS_DIR) : path.join(root, 'lessons'));
  // In a child process (ensure-build.ts): the build's memory is not kept by the runner.
  if (args.build) await ensureBuild(root, distDir, (m) => console.log(m));
  else if (!existsSync(path.join(distDir, 'index.html'))) {
    console.error(`--no-build: there is no built workbook in ${distDir} (no index.html). Run \`npm run build\` first, or start without --no-build.`);
    process.exit(2);
  }
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const fixed = process.env.WORKBOOK_TOKEN;
  const stored = fixed ? undefined : loadOrCreateToken(defaultStateDir(), { renew: args.newToken });
  const token = fixed || stored!.token;
  if (fixed && !/^[A-Za-z0-9_\-.~+/=]{1,200}$/.test(fixed)) {
    console.error('WORKBOOK_TOKEN may only hold letters, digits and -._~+/= (at most 200)');
    process.exit(2);
  }
  const { sandbox, cgroup, reaper } = await detectSeatBelts();
  const refusal = exposureRefusal(args, sandbox.kind === 'bubblewrap', sandbox.kind === 'none' ? sandbox.install : '');
  if (refusal) {
    console.error(refusal);
    process.exit(2);
  }
  const rust = { source: crateSourceFrom(args.debian ? ['--debian'] : [], process.env) };
  const runner = await startRunner({ host: args.host, port, token, distDir, lessons, nodeModulesDir: path.join(root, 'node_modules'), version, rust });
  if (args.exposed) console.warn(exposureWarning(args.host, runner.port));
  console.log(`\nRust Backend Workbook is running with the local runner (${lessons.length} lessons).`);
  console.log(`Listening on ${runner.addresses.join(' and ')}.`);
  console.log(`${describeSandbox(sandbox)}${cgroup ? ` ${describeCgroup(cgroup)}` : ''}`);
  // The sandbox's PID namespace does the reaper's work; without it, say what ends a run's leftovers.
  if (reaper && (sandbox.kind !== 'bubblewrap' || !pidNamespaceWanted())) console.log(describeReaper(reaper));
  if (runner.info.rust) console.log(describeRustToolchain(runner.info.rust));
  if (stored?.note) console.warn(`Note: ${stored.note}`);
  if (stored?.source === 'saved') console.log(`Access token: the saved one (${stored.file}); \`npm start -- --new-token\` replaces it.`);
  if (stored?.source === 'new') console.log(`Access token: a new one, saved in ${stored.file}.`);
  console.log(`Open: ${runner.url}?token=${token}\n`);
  if (args.exposed) {
    const remote = runner.hosts.filter((h) => !/^(127\.0\.0\.1|localhost|\[::1\]):/.test(h));
    if (remote.length) console.log(`From other machines: ${remote.map((h) => `http://${h}/?token=…`).join('  ')}\n`);
  }
  console.log('Press Ctrl+C to stop.');
  let closing = false;
  const shutdown = () => {
    if (closing) process.exit(1); // a second Ctrl+C does not wait
    closing = true;
    void runner.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', shutdown);
} catch (e) {
  if (e instanceof BuildError) {
    console.error(`Could not build the workbook: ${e.message}`);
    process.exit(1);
  }
  if (e instanceof LessonError) {
    console.error(`A lesson is broken: ${e.message}`);
    process.exit(1);
  }
  if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use. Start with another one: PORT=4311 npm start`);
    process.exit(1);
  }
  throw e;
}
