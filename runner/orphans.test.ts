import { readdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunExit } from '../contracts/project.ts';
import { killProcesses, processWatchAvailable } from './process-watch.ts';
import { startProjectRun } from './project-run.ts';
import { resetSandboxDetection } from './sandbox.ts';
import { detectSeatBelts, resetSeatBeltDetection } from './seat-belts.ts';
import { leftoverProcesses, NODE_MODULES, PACKAGE_JSON, processesTagged, psRunLines } from './test-support.ts';

/**
 * Issue 15, item 3: a process a run detaches just before its main process exits, with a stripped
 * environment (no run marker) and outside the run's folder (cd /), must not outlive the run. The
 * sandbox's PID namespace ends it; without the sandbox the run's subreaper (reaper.ts) does. Such a
 * process carries nothing the runner could find it by, so the tests find it by a tag in its argv.
 */
const runRoot = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'orphans-test-')));
let serial = 0;

/** The probe's two escapees, each started right before the run's only process exits. */
function escapees(): { files: Record<string, string>; command: string; tags: string[] } {
  const n = `${process.pid}${++serial}`;
  const nodeTag = `escapee-${n}`;
  const sleepTag = `1000.${n}`;
  const main = `
    const { spawn } = require('node:child_process');
    spawn(process.execPath, ['-e', 'setInterval(()=>{},1e3) // ${nodeTag}'], { detached: true, stdio: 'ignore', env: {}, cwd: '/' }).unref();
    spawn('/bin/sh', ['-c', "cd / && env -i setsid sh -c 'exec sleep ${sleepTag}' &"], { stdio: 'ignore' });
    console.log('detached');
  `;
  return { files: { 'main.cjs': main }, command: 'node main.cjs', tags: [nodeTag, `sleep\0${sleepTag}`] };
}

async function runEscapees(): Promise<{ exit: RunExit; output: string; tags: string[] }> {
  const { files, command, tags } = escapees();
  let output = '';
  const run = await startProjectRun({ files: { 'package.json': PACKAGE_JSON, ...files }, command, timeoutMs: 20_000, outputLimitBytes: 1 << 20, nodeModulesDir: NODE_MODULES, runRoot, onOutput: (c) => (output += c) });
  return { exit: await run.exit, output, tags };
}

/** Still alive a moment after the run ended (the kernel's kills are not instant). */
async function survivors(tags: string[]): Promise<number[]> {
  let left = tags.flatMap((t) => processesTagged(t));
  for (let i = 0; i < 20 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = tags.flatMap((t) => processesTagged(t));
  }
  return left;
}

async function withEnv<T>(env: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetSandboxDetection();
    resetSeatBeltDetection();
  };
  apply(env);
  try {
    return await body();
  } finally {
    apply(before);
  }
}

afterEach(() => {
  expect(leftoverProcesses(runRoot), psRunLines()).toEqual([]);
});

afterAll(() => {
  expect(readdirSync(runRoot)).toEqual([]);
  rmSync(runRoot, { recursive: true, force: true });
});

describe.runIf(processWatchAvailable)('a detached, stripped, relocated grandchild does not outlive its run', { timeout: 60_000 }, () => {
  it('with the sandbox (bubblewrap, PID namespace): the namespace ends it', async () => {
    const belts = await detectSeatBelts();
    if (belts.sandbox.kind !== 'bubblewrap') return void console.log(`orphans.test.ts: no sandbox here (${belts.sandbox.reason})`);
    const r = await runEscapees();
    expect(r.output).toContain('detached');
    expect(r.exit).toMatchObject({ code: 0, signal: null });
    expect(await survivors(r.tags)).toEqual([]);
  });

  it('without the sandbox (WORKBOOK_SANDBOX=off): the run’s subreaper ends it, and the run keeps its exit status', async () => {
    await withEnv({ WORKBOOK_SANDBOX: 'off' }, async () => {
      const belts = await detectSeatBelts();
      expect(belts.sandbox.kind).toBe('none');
      if (belts.reaper?.kind !== 'subreaper') return void console.log(`orphans.test.ts: no subreaper here (${belts.reaper?.reason})`);
      const r = await runEscapees();
      expect(r.output).toContain('detached');
      expect(r.exit).toMatchObject({ code: 0, signal: null });
      expect(await survivors(r.tags)).toEqual([]);
      // The command's own status comes through the reaper: an exit code, and a crash as its signal.
      let out = '';
      const crash = await startProjectRun({ files: { 'package.json': PACKAGE_JSON }, command: `node -e "process.exitCode = 7"`, timeoutMs: 20_000, outputLimitBytes: 1 << 20, nodeModulesDir: NODE_MODULES, runRoot, onOutput: (c) => (out += c) });
      expect(await crash.exit).toMatchObject({ code: 7, signal: null });
      const abort = await startProjectRun({ files: { 'package.json': PACKAGE_JSON }, command: `node -e "process.abort()"`, timeoutMs: 20_000, outputLimitBytes: 1 << 20, nodeModulesDir: NODE_MODULES, runRoot, onOutput: (c) => (out += c) });
      expect(await abort.exit).toMatchObject({ code: null, signal: 'SIGABRT' });
    });
  });

  it('without the sandbox, Stop ends an escapee the watchdog never saw', async () => {
    await withEnv({ WORKBOOK_SANDBOX: 'off' }, async () => {
      if ((await detectSeatBelts()).reaper?.kind !== 'subreaper') return;
      const tag = `stop-escapee-${process.pid}${++serial}`;
      // The escapee's parent exits at once (double fork); the run's main process keeps going until Stop.
      const main = `
        const { spawn } = require('node:child_process');
        spawn('/bin/sh', ['-c', "cd / && env -i setsid ${process.execPath} -e 'setInterval(()=>{},1e3) // ${tag}' &"], { stdio: 'ignore' });
        console.log('up'); setInterval(() => {}, 1000);
      `;
      let output = '';
      const run = await startProjectRun({ files: { 'package.json': PACKAGE_JSON, 'main.cjs': main }, command: 'node main.cjs', timeoutMs: 20_000, outputLimitBytes: 1 << 20, nodeModulesDir: NODE_MODULES, runRoot, onOutput: (c) => (output += c) });
      // Both: the escapee exists and the main process is still running (it printed after spawning).
      await expect.poll(() => processesTagged(tag, process.execPath).length === 1 && output.includes('up'), { timeout: 10_000 }).toBe(true);
      run.stop();
      expect(await run.exit).toMatchObject({ reason: 'stopped', signal: 'SIGKILL' });
      expect(await survivors([tag])).toEqual([]);
    });
  });

  it('with neither (WORKBOOK_SANDBOX=off WORKBOOK_REAPER=off) it survives: what the reaper is for', async () => {
    await withEnv({ WORKBOOK_SANDBOX: 'off', WORKBOOK_REAPER: 'off' }, async () => {
      const belts = await detectSeatBelts();
      expect(belts.reaper).toEqual({ kind: 'none', reason: 'turned off by WORKBOOK_REAPER=off' });
      const r = await runEscapees();
      const left = await survivors(r.tags);
      killProcesses(left);
      expect(left.length).toBeGreaterThanOrEqual(1);
    });
  });
});
