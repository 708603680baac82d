/**
 * `npm start`: builds the workbook if needed, then serves it on http://127.0.0.1:<PORT> with the local
 * runner and prints the URL with this start's access token.
 *
 *   PORT=4310            port (default 4310; 0 picks a free one)
 *   --host <addr>        listen elsewhere than loopback (prints a warning: anyone who can reach it and
 *                        holds the token can run code on this machine)
 *   WORKBOOK_TOKEN=...   fix the token instead of a random one (tests, workshops behind a proxy)
 *   --no-build           serve dist/ as it is
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LessonError, loadLessonSources } from '../site/build/lesson-loader.ts';
import { createToken } from './auth.ts';
import { ensureBuild } from './ensure-build.ts';
import { startRunner } from './server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist');
const args = process.argv.slice(2);
const hostArg = args.indexOf('--host');
const host = hostArg >= 0 ? (args[hostArg + 1] ?? '127.0.0.1') : '127.0.0.1';
const port = Number(process.env.PORT ?? 4310);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(2);
}

try {
  const lessons = loadLessonSources(process.env.WORKBOOK_LESSONS_DIR ? path.resolve(process.env.WORKBOOK_LESSONS_DIR) : path.join(root, 'lessons'));
  if (!args.includes('--no-build')) await ensureBuild(root, distDir, (m) => console.log(m));
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const token = process.env.WORKBOOK_TOKEN || createToken();
  const runner = await startRunner({ host, port, token, distDir, lessons, nodeModulesDir: path.join(root, 'node_modules'), version });
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
    console.warn(`\n⚠  Listening on ${host}, not only on this machine. Anyone who can reach it and has the token can run code here.\n`);
  }
  console.log(`\nRust Backend Workbook is running with the local runner (${lessons.length} lessons).`);
  console.log(`Open: ${runner.url}?token=${token}\n`);
  console.log('Press Ctrl+C to stop.');
  const shutdown = () => {
    void runner.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (e) {
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
