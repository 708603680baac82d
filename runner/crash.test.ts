import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { processWatchAvailable } from './process-watch.ts';
import type { RunningRunner } from './server.ts';
import { expectCleanRunRoot, leftoverProcesses, liveRun, processesTagged, project, psRunLines, startTestRunner, testLesson, type TestRunner } from './test-support.ts';

/**
 * Issue 15, item 4: a runner killed with SIGKILL in the middle of four runs, each of which started
 * processes of another kind (a plain child, a setsid daemon, a detached child with an empty
 * environment in /, a double fork through `env -i setsid`). After a restart on the same run folder
 * no process of those runs may be left, counted by the runs' marker, their folders and a tag in
 * every process's argv. Once with the sandbox as this machine has it, once with WORKBOOK_SANDBOX=off.
 */
const lesson = testLesson('93-crash', { timeouts: { run: 120 } });
const REPO = path.resolve('.');
const scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'crash-test-')));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** A real runner in a child process (the same startRunner `npm start` uses), on a run folder of its own. */
async function childRunner(runRoot: string, env: Record<string, string>): Promise<{ child: ChildProcess; t: TestRunner }> {
  const script = path.join(scratch, `runner-${children.length}.mts`);
  writeFileSync(
    script,
    `import { startTestRunner, testLesson } from ${JSON.stringify(path.join(REPO, 'runner/test-support.ts'))};
     const t = await startTestRunner([testLesson(${JSON.stringify(lesson.id)}, { timeouts: { run: 120 } })], { runRoot: ${JSON.stringify(runRoot)} });
     console.log(JSON.stringify({ port: t.runner.port, token: t.token, host: t.host }));
     setInterval(() => {}, 1000);\n`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the child runner exited (${code})`)));
  });
  const { port, token, host } = JSON.parse(line) as { port: number; token: string; host: string };
  return { child, t: { runner: { port } as RunningRunner, token, host, runRoot, close: async () => undefined } };
}

function mains(tag: string): string[] {
  const node = (code: string) => `'${process.execPath}', ['-e', 'setInterval(()=>{},1e3) // ${tag} ${code}']`;
  const keep = `console.log('up'); setInterval(() => {}, 1000);`;
  return [
    `import { spawn } from 'node:child_process'; spawn(${node('plain')}, { stdio: 'ignore' }); ${keep}`,
    `import { spawn } from 'node:child_process'; spawn(${node('setsid')}, { stdio: 'ignore', detached: true }).unref(); ${keep}`,
    `import { spawn } from 'node:child_process'; spawn(${node('stripped')}, { stdio: 'ignore', detached: true, env: {}, cwd: '/' }).unref(); ${keep}`,
    `import { spawn } from 'node:child_process'; spawn('/bin/sh', ['-c', "cd / && env -i setsid ${process.execPath} -e 'setInterval(()=>{},1e3) // ${tag} double' &"], { stdio: 'ignore' }); ${keep}`,
  ];
}

async function crashMidRun(env: Record<string, string>) {
  const runRoot = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runner-test-')));
  const tag = `crash-${process.pid}-${children.length}`;
  const { child, t } = await childRunner(runRoot, env);
  const runs = mains(tag).map((main) => liveRun(t, { lessonId: lesson.id, script: 'run', files: project(main) }));
  for (const run of runs) await run.waitFor((e) => e.type === 'output' && e.data.includes('up'));
  // Counted as the four node escapees (argv[0] = node): the double fork's `sh -c`, `env` and `setsid`
  // carry the tag too for a moment, so a count of every tagged process can read 4 while one escapee
  // has not started yet and 3 a moment later.
  await expect.poll(() => processesTagged(tag, process.execPath).length, { timeout: 10_000 }).toBe(4);
  const before = { tagged: processesTagged(tag, process.execPath).length, marked: leftoverProcesses(runRoot).length };

  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  for (const run of runs) await run.done;
  // What is still alive once the dead runner's runs had a moment to end by themselves.
  let left = [...processesTagged(tag), ...leftoverProcesses(runRoot)];
  for (let i = 0; i < 30 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = [...processesTagged(tag), ...leftoverProcesses(runRoot)];
  }
  const afterCrash = new Set(left).size;

  // The restart sweeps the run folders (and whatever of their processes it still finds).
  const restarted = await startTestRunner([lesson], { runRoot });
  await restarted.close();
  const clean = await expectCleanRunRoot(runRoot);
  return { before, afterCrash, afterRestart: [...processesTagged(tag), ...clean.processes], dirs: clean.dirs };
}

describe.runIf(processWatchAvailable)('kill -9 of the runner in the middle of four runs', { timeout: 90_000 }, () => {
  it('with the sandbox as detected here: nothing of the runs is left after the restart', async () => {
    const r = await crashMidRun({});
    console.log(`crash.test.ts (sandbox as detected): before the kill ${JSON.stringify(r.before)}, alive after it ${r.afterCrash}, after the restart ${r.afterRestart.length}`);
    expect(r.before.tagged).toBe(4);
    expect(r.afterRestart, psRunLines()).toEqual([]);
    expect(r.dirs).toEqual([]);
  });

  it('without the sandbox (WORKBOOK_SANDBOX=off): nothing of the runs is left after the restart', async () => {
    const r = await crashMidRun({ WORKBOOK_SANDBOX: 'off' });
    console.log(`crash.test.ts (WORKBOOK_SANDBOX=off): before the kill ${JSON.stringify(r.before)}, alive after it ${r.afterCrash}, after the restart ${r.afterRestart.length}`);
    expect(r.before.tagged).toBe(4);
    expect(r.afterRestart, psRunLines()).toEqual([]);
    expect(r.dirs).toEqual([]);
  });
});
