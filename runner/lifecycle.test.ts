import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processWatchAvailable } from './process-watch.ts';
import { RUN_MARKER } from './run-dir.ts';
import { exitOf, expectCleanRunRoot, isRunning, leftoverProcesses, liveRun, project, psRunLines, request, startTestRunner, testLesson, type TestRunner } from './test-support.ts';

/**
 * The end of a run, whichever way it comes: Stop, the page closing its stream, the runner shutting
 * down, or the runner having crashed earlier (its leftovers are swept at the next start). Each time
 * every process of the run is gone and its directory removed.
 */
const lesson = testLesson('96-lifecycle', { timeouts: { run: 120 } });
const runners: TestRunner[] = [];
const forever = project(`
  import { spawn } from 'node:child_process';
  spawn('sleep', ['300'], { stdio: 'ignore' });
  console.log('up ' + process.pid);
  setInterval(() => {}, 1000);
`);

afterAll(async () => {
  for (const t of runners) {
    await t.close();
    const left = await expectCleanRunRoot(t.runRoot);
    expect(left, `left behind:\n${psRunLines()}`).toEqual({ processes: [], dirs: [] });
  }
});

async function started(t: TestRunner) {
  const run = liveRun(t, { lessonId: lesson.id, script: 'run', files: forever });
  const first = await run.waitFor((e) => e.type === 'output' && e.data.includes('up'));
  const pid = Number(/up (\d+)/.exec((first as { data: string }).data)?.[1]);
  const runId = (run.events.find((e) => e.type === 'started') as { runId: string }).runId;
  return { run, pid, runId };
}

// The run's processes are found by its marker (leftoverProcesses), never by a pid it printed: inside
// the sandbox's PID namespace that number names something else on the host.
describe('every way a run ends leaves nothing behind', { timeout: 60_000 }, () => {
  it('Stop kills the whole process tree and removes the directory', async () => {
    const t = await startTestRunner([lesson]);
    runners.push(t);
    const { run, pid, runId } = await started(t);
    expect(leftoverProcesses(t.runRoot).length).toBeGreaterThanOrEqual(2); // node and its sleep
    const res = await request(t.runner.port, { method: 'POST', path: `/api/runs/${runId}/stop`, headers: { host: t.host, authorization: `Bearer ${t.token}` } });
    expect(res.json()).toEqual({ stopped: true });
    expect(exitOf(await run.done)).toMatchObject({ reason: 'stopped', signal: 'SIGKILL' });
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => leftoverProcesses(t.runRoot).length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => readdirSync(t.runRoot).length, { timeout: 10_000 }).toBe(0);
  });

  it('closing the page (the stream) stops the run', async () => {
    const t = await startTestRunner([lesson]);
    runners.push(t);
    const { run, pid } = await started(t);
    run.abort();
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => leftoverProcesses(t.runRoot).length, { timeout: 20_000 }).toBe(0);
    await expect.poll(() => t.runner.manager.activeCount, { timeout: 20_000 }).toBe(0);
  });

  it('shutting the runner down ends its runs with a message and kills their processes', async () => {
    const t = await startTestRunner([lesson]);
    const { run, pid } = await started(t);
    await t.close();
    const exit = exitOf(await run.done);
    expect(exit).toMatchObject({ reason: 'error', message: 'the local runner was shut down' });
    expect(pid).toBeGreaterThan(0);
    expect(await expectCleanRunRoot(t.runRoot)).toEqual({ processes: [], dirs: [] });
  });

  it.runIf(processWatchAvailable)('a runner that starts sweeps the runs a crashed runner left behind', async () => {
    const runRoot = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runner-test-')));
    // A run directory whose owner is dead, and a process of that run still going.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    const abandoned = path.join(runRoot, 'workbook-run-abandoned');
    mkdirSync(path.join(abandoned, 'project'), { recursive: true });
    writeFileSync(path.join(abandoned, '.owner'), String(dead.pid));
    const orphan = spawn('sleep', ['300'], { cwd: path.join(abandoned, 'project'), detached: true, stdio: 'ignore', env: { ...process.env, [RUN_MARKER]: abandoned } });
    orphan.unref();
    // And one whose owner is alive (this process): it must be left alone.
    const alive = path.join(runRoot, 'workbook-run-alive');
    mkdirSync(path.join(alive, 'project'), { recursive: true });
    writeFileSync(path.join(alive, '.owner'), String(process.pid));

    const t = await startTestRunner([lesson], { runRoot });
    runners.push(t);
    await expect.poll(() => isRunning(orphan.pid!), { timeout: 10_000 }).toBe(false);
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(alive)).toBe(true);
    rmSync(alive, { recursive: true });
  });
});
