import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectFiles } from '../contracts/project.ts';
import { findProcesses, killProcesses } from './process-watch.ts';
import { checkProjectPaths } from './safe-path.ts';

/**
 * One temporary directory per run, laid out so that the project cannot write into the shared
 * node_modules even through the symlink that provides it:
 *
 *   workbook-run-XXXXXX/      (realpath; the marker in every process's environment names it)
 *     .owner                  pid of the runner that made it, for the sweep after a crash
 *     node_modules -> <root>/node_modules    found by Node's resolution from project/
 *     project/                the learner's files; the working directory; writable
 *     tmp/                    TMPDIR and HOME; writable
 *
 * Node's permission model checks the path as written, not where a symlink leads, so a write allowed
 * in `project/` cannot reach `../node_modules` (see seat-belts.ts).
 */
export const RUN_DIR_PREFIX = 'workbook-run-';

export interface RunDir {
  root: string;
  project: string;
  tmp: string;
  nodeModules: string;
}

export class BadProjectError extends Error {}

export async function createRunDir(runRoot: string, files: ProjectFiles, nodeModulesDir: string): Promise<RunDir> {
  const problem = checkProjectPaths(Object.keys(files));
  if (problem) throw new BadProjectError(problem);
  const root = await realpath(await mkdtemp(path.join(runRoot, RUN_DIR_PREFIX)));
  const dir: RunDir = { root, project: path.join(root, 'project'), tmp: path.join(root, 'tmp'), nodeModules: await realpath(nodeModulesDir) };
  try {
    await writeFile(path.join(root, '.owner'), String(process.pid));
    await mkdir(dir.project);
    await mkdir(dir.tmp);
    for (const [file, text] of Object.entries(files)) {
      const target = path.join(dir.project, file);
      await mkdir(path.dirname(target), { recursive: true });
      // 'wx' refuses to follow or replace anything already there.
      await writeFile(target, text, { flag: 'wx' });
    }
    await symlink(dir.nodeModules, path.join(root, 'node_modules'), 'dir');
  } catch (e) {
    await removeRunDir(root);
    throw e;
  }
  return dir;
}

export async function removeRunDir(root: string): Promise<void> {
  // Retries: a process killed a moment ago may still be closing files in it.
  await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }).catch(() => undefined);
}

/**
 * After a runner crash (or SIGKILL) its runs' directories and processes are left behind. At start,
 * every run directory in `runRoot` whose owner is no longer alive is swept: its processes (found by
 * the marker or by working directory) are killed and the directory removed. Returns how many.
 */
export async function sweepAbandonedRunDirs(runRoot: string): Promise<number> {
  let swept = 0;
  const entries = await readdir(runRoot).catch(() => [] as string[]);
  for (const name of entries) {
    if (!name.startsWith(RUN_DIR_PREFIX)) continue;
    const root = path.join(runRoot, name);
    const owner = Number(await readFile(path.join(root, '.owner'), 'utf8').catch(() => 'NaN'));
    if (!Number.isInteger(owner) || isAlive(owner) || !existsSync(path.join(root, 'project'))) continue;
    const real = await realpath(root).catch(() => root);
    killProcesses(findProcesses((env, cwd) => env.includes(`${RUN_MARKER}=${real}\0`) || cwd.startsWith(`${real}/`)));
    await removeRunDir(root);
    swept++;
  }
  return swept;
}

/** The environment variable every process of a run inherits; its value is the run directory. */
export const RUN_MARKER = 'WORKBOOK_RUN_DIR';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
