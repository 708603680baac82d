import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processWatchAvailable } from './process-watch.ts';
import { detectSeatBelts } from './seat-belts.ts';
import { exitOf, expectCleanRunRoot, leftoverProcesses, outputOf, postRun, project, psRunLines, request, startTestRunner, testLesson, type TestRunner } from './test-support.ts';

/**
 * Runaway code: each of these is the learner's own program (the files of the request), started by
 * the lesson's fixed script, and each must end within its limit with the runner still healthy and
 * no process left behind. Limits are generous; nothing here depends on exact timings.
 */
const lesson = testLesson('91-runaway', { timeouts: { run: 60, check: 60 } });
let t: TestRunner;

beforeAll(async () => {
  t = await startTestRunner([lesson], { limits: { maxProcesses: 40, memoryLimitBytes: 600 * 1024 * 1024 } });
});

afterAll(async () => {
  await t.close();
  const left = await expectCleanRunRoot(t.runRoot);
  expect(left, `left behind:\n${psRunLines()}`).toEqual({ processes: [], dirs: [] });
});

async function run(main: string, timeoutSeconds?: number, extra = {}) {
  const started = performance.now();
  const res = await postRun(t, { lessonId: lesson.id, script: 'run', files: project(main, extra), ...(timeoutSeconds ? { timeoutSeconds } : {}) });
  expect(res.status).toBe(200);
  const events = res.events();
  return { events, exit: exitOf(events), output: outputOf(events), seconds: (performance.now() - started) / 1000 };
}

async function expectHealthy() {
  const info = await request(t.runner.port, { path: '/api/info', headers: { host: t.host, authorization: `Bearer ${t.token}` } });
  expect(info.status).toBe(200);
  const hello = await run(`console.log('still here')`);
  expect(hello.output).toContain('still here');
  expect(hello.exit.code).toBe(0);
}

describe('runaway code is contained', { timeout: 90_000 }, () => {
  it('an infinite loop is killed at the wall-clock limit', async () => {
    const r = await run(`console.log('spinning'); for (;;) {}`, 2);
    expect(r.exit).toMatchObject({ reason: 'timeout', signal: 'SIGKILL' });
    expect(r.exit.message).toBe('the run reached its time limit of 2 s and was stopped');
    expect(r.output.endsWith(`[${r.exit.message}]\n`)).toBe(true);
    expect(r.seconds).toBeLessThan(30);
  });

  it('endless output stops at the cap with a visible "[output truncated]"', async () => {
    const r = await run(`const line = 'y'.repeat(99) + '\\n'; for (;;) process.stdout.write(line);`);
    expect(r.exit, JSON.stringify(r.exit)).toMatchObject({ reason: 'output-limit' });
    expect(r.output).toContain('[output truncated]');
    expect(r.exit.message).toBe('the run printed more than 1 MiB of output and was stopped');
    expect(r.output.endsWith('\n[output truncated]\n\n[the run printed more than 1 MiB of output and was stopped]\n')).toBe(true);
    const kept = r.output.replace('\n[output truncated]\n\n[the run printed more than 1 MiB of output and was stopped]\n', '');
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(1024 * 1024);
    expect(Buffer.byteLength(kept)).toBeGreaterThan(1000 * 1024);
  });

  it('a 1 GB allocation is refused (per-process memory limit) and the runner carries on', async () => {
    const r = await run(`
      try { const b = Buffer.alloc(1e9, 1); console.log('ALLOCATED', b.length); }
      catch (e) { console.log('REFUSED', e.message); }
    `);
    const belts = await detectSeatBelts();
    if (belts.processMemoryLimit) {
      expect(r.output).toContain('REFUSED');
      expect(r.output).not.toContain('ALLOCATED');
    } else {
      // Without RLIMIT_DATA (macOS) only the memory watchdog or nothing stands in the way.
      expect(r.exit.code === 0 || r.exit.reason === 'error').toBe(true);
    }
    await expectHealthy();
  });

  it('a 1 GB allocation nobody catches ends the run with the per-process limit in words', async () => {
    const belts = await detectSeatBelts();
    const r = await run(`console.log('allocating'); const b = Buffer.alloc(1e9, 1); console.log(b.length);`);
    expect(r.exit.code).not.toBe(0);
    if (belts.processMemoryLimit) {
      expect(r.exit.message).toBe('a process of the run ran out of memory: each process may use 768 MiB; it asked for more and was stopped');
      expect(r.output).toMatch(/RangeError/);
      expect(r.output.endsWith(`[${r.exit.message}]\n`)).toBe(true);
    }
  });

  it('a JS heap that grows without end dies at its limit and the output says why', async () => {
    const r = await run(`const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random()));`);
    expect(r.exit.code === 0).toBe(false);
    // V8 stops at its heap limit; on a slow machine the run's memory watchdog may get there first.
    expect(r.exit.message).toMatch(/^a process of the run ran out of memory: it used more than its 512 MiB of JS heap and was stopped$|^the run used more than 600 MiB of memory \(all its processes together\) and was stopped$/);
    // The last words are ours, after V8's own report.
    expect(r.output.endsWith(`[${r.exit.message}]\n`)).toBe(true);
    expect(r.seconds).toBeLessThan(50);
  });

  it.runIf(processWatchAvailable)('many processes that each stay under the per-process limit are stopped by the memory watchdog', async () => {
    const child = `const b = Buffer.alloc(250e6, 1); setInterval(() => b[0]++, 100);`;
    const r = await run(`
      import { spawn } from 'node:child_process';
      for (let i = 0; i < 4; i++) spawn(process.execPath, ['src/hog.js'], { stdio: 'ignore' });
      setInterval(() => {}, 1000);
    `, 40, { 'src/hog.js': child });
    expect(r.exit.reason).toBe('error');
    expect(r.exit.message).toBe('the run used more than 600 MiB of memory (all its processes together) and was stopped');
    expect(r.output.endsWith(`[${r.exit.message}]\n`)).toBe(true);
  });

  it('a fork loop is stopped (process watchdog, and RLIMIT_NPROC where the kernel applies it)', async () => {
    // Bounded even if every limit failed: at most 400 short-lived `sleep`s, then it idles.
    const r = await run(`
      import { spawn } from 'node:child_process';
      let n = 0;
      const more = () => { for (let i = 0; i < 20 && n < 400; i++, n++) { try { spawn('sleep', ['30'], { stdio: 'ignore' }).on('error', () => {}); } catch {} } if (n < 400) setTimeout(more, 10); };
      more();
      setInterval(() => {}, 1000);
    `, 40);
    if (processWatchAvailable) {
      expect(r.exit.reason).toBe('error');
      expect(r.exit.message).toBe('the run started more than 40 processes at once and was stopped');
      expect(r.output.endsWith(`[${r.exit.message}]\n`)).toBe(true);
    } else {
      expect(r.exit.reason).toBe('timeout');
    }
    expect(r.seconds).toBeLessThan(45);
    await expectHealthy();
  });

  it('processes that leave the process group (setsid) are killed when the run ends', async () => {
    const r = await run(`
      import { spawn } from 'node:child_process';
      const c = spawn('sleep', ['120'], { detached: true, stdio: 'ignore' });
      c.unref();
      console.log('escaped ' + c.pid);
    `);
    expect(r.exit.code).toBe(0);
    const pid = Number(/escaped (\d+)/.exec(r.output)?.[1]);
    expect(pid).toBeGreaterThan(0);
    // Found by the run's marker, not by that pid: inside the sandbox's PID namespace the run sees
    // its own numbers, which name other processes (or none) on the host.
    await expect.poll(() => leftoverProcesses(t.runRoot).length, { timeout: 10_000, interval: 100 }).toBe(0);
  });

  it('a crash is reported with the signal that killed the process', async () => {
    const r = await run(`console.log('about to abort'); process.abort();`);
    expect(r.output).toContain('about to abort');
    expect(r.exit.signal).toBe('SIGABRT');
    expect(r.exit.code).toBeNull();
    expect(r.exit.reason).toBeUndefined();
  });

  it('a plain failing exit code comes through unchanged', async () => {
    const r = await run(`process.exitCode = 7;`);
    expect(r.exit).toMatchObject({ code: 7, signal: null });
  });
});
