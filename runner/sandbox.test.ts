import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunExit } from '../contracts/project.ts';
import { startProjectRun, type ProjectRunOptions } from './project-run.ts';
import { resetSandboxDetection, sandboxArgv } from './sandbox.ts';
import { detectSeatBelts, resetSeatBeltDetection } from './seat-belts.ts';
import { leftoverProcesses, NODE_MODULES, PACKAGE_JSON, psRunLines } from './test-support.ts';
import { loadOrCreateToken } from './token-store.ts';

/**
 * The bubblewrap sandbox (sandbox.ts) around real runs through startProjectRun: what a run may not
 * touch, the network it may not reach, the processes it may not leave behind, and the fallback to the
 * seat belts alone. Skipped, with the reason printed, where this machine has no working bwrap.
 */
const sandbox = (await detectSeatBelts()).sandbox;
if (sandbox.kind !== 'bubblewrap') console.log(`sandbox.test.ts: skipped, no sandbox here: ${sandbox.reason} (${sandbox.install})`);

const REPO = realpathSync(path.resolve('.'));
const runRoot = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'sandbox-test-')));
const tag = `${process.pid}-${Date.now()}`;

async function runIt(command: string, extra: Partial<ProjectRunOptions> = {}, files: Record<string, string> = {}): Promise<{ exit: RunExit; output: string }> {
  let output = '';
  const run = await startProjectRun({
    files: { 'package.json': PACKAGE_JSON, ...files },
    command,
    timeoutMs: 20_000,
    outputLimitBytes: 1024 * 1024,
    nodeModulesDir: NODE_MODULES,
    runRoot,
    onOutput: (chunk) => (output += chunk),
    ...extra,
  });
  return { exit: await run.exit, output };
}

async function leftovers(): Promise<number[]> {
  let left = leftoverProcesses(runRoot);
  for (let i = 0; i < 30 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = leftoverProcesses(runRoot);
  }
  return left;
}

afterEach(async () => {
  expect(await leftovers(), `left behind:\n${psRunLines()}`).toEqual([]);
});

afterAll(() => {
  expect(readdirSync(runRoot)).toEqual([]);
  rmSync(runRoot, { recursive: true, force: true });
});

describe.skipIf(sandbox.kind !== 'bubblewrap')('the bubblewrap sandbox', { timeout: 60_000 }, () => {
  it('gives a run a private /tmp: what its shell writes there never reaches the host /tmp', async () => {
    const name = `/tmp/sandbox-test-${tag}`;
    const r = await runIt(`sh -c 'echo x > ${name} && cat ${name}'`);
    expect(r.exit).toMatchObject({ code: 0 });
    expect(r.output.trim()).toBe('x');
    expect(existsSync(name)).toBe(false);
  });

  it('refuses writes into the repository checkout and into the home folder, from any program', async () => {
    const inRepo = path.join(REPO, `sandbox-test-${tag}`);
    const inHome = path.join(os.homedir(), `sandbox-test-${tag}`);
    const r = await runIt(`sh -c 'touch ${inRepo} || echo REPO-REFUSED; touch ${inHome} || echo HOME-REFUSED; ls ${REPO}; test -z "$(ls -A /run)" && echo RUN-EMPTY'`);
    expect(r.output).toContain('REPO-REFUSED');
    expect(r.output).toContain('HOME-REFUSED');
    expect(r.output).toMatch(/Read-only file system/);
    // No host daemon's Unix socket (Docker, D-Bus) is reachable through /run.
    expect(r.output).toContain('RUN-EMPTY');
    // The checkout is hidden, except the node_modules a run needs.
    expect(r.output).not.toContain('package.json');
    expect(existsSync(inRepo)).toBe(false);
    expect(existsSync(inHome)).toBe(false);
  });

  it("hides the runner's token file: a shell cat of it fails", async () => {
    // A state folder outside the home, the checkout and /tmp (which are hidden anyway).
    const stateDir = mkdtempSync(path.join(existsSync('/var/tmp') ? '/var/tmp' : os.homedir(), 'workbook-state-test-'));
    const before = process.env.WORKBOOK_STATE_DIR;
    process.env.WORKBOOK_STATE_DIR = stateDir;
    try {
      const stored = loadOrCreateToken(stateDir);
      expect(stored.source).toBe('new');
      const r = await runIt(`sh -c 'cat ${stored.file} || echo CAT-FAILED; ls -A ${stateDir}; cat ${path.join(os.homedir(), '.local/state/rust-backend-workbook/runner-token')} || echo DEFAULT-FAILED'`);
      expect(r.output).not.toContain(stored.token);
      expect(r.output).toContain('CAT-FAILED');
      expect(r.output).toContain('DEFAULT-FAILED');
      expect(r.output).not.toContain('runner-token\n');
    } finally {
      if (before === undefined) delete process.env.WORKBOOK_STATE_DIR;
      else process.env.WORKBOOK_STATE_DIR = before;
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('a check run cannot connect to a port the host listens on; its own loopback works; a serving run keeps the host network', async () => {
    let accepted = 0;
    const server = net.createServer((s) => {
      accepted++;
      s.on('error', () => undefined); // the client's destroy() resets it
      s.end('hello\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const connect = `const s = require('net').connect(${port}, '127.0.0.1'); s.on('connect', () => { console.log('CONNECTED'); s.destroy(); }); s.on('error', (e) => console.log('REFUSED', e.code));`;
      const check = await runIt('node connect.cjs', {}, { 'connect.cjs': connect });
      expect(check.output).toContain('REFUSED');
      expect(accepted).toBe(0);

      // What a lesson test does: start its own server on 127.0.0.1 and call it.
      const selfServe = `const net = require('net'); const srv = net.createServer((s) => s.end('pong')); srv.listen(0, '127.0.0.1', () => { net.connect(srv.address().port, '127.0.0.1').on('data', (d) => { console.log('GOT', String(d)); process.exit(0); }); });`;
      const own = await runIt('node self.cjs', {}, { 'self.cjs': selfServe });
      expect(own.output).toContain('GOT pong');

      const serving = await runIt('node connect.cjs', { network: 'host' }, { 'connect.cjs': connect });
      expect(serving.output).toContain('CONNECTED');
    } finally {
      server.close();
    }
  });

  it('a detached setsid daemon left by the run is gone when the run ends', async () => {
    const r = await runIt(`sh -c "setsid sh -c 'sleep 300' & sleep 0.3; echo started"`);
    expect(r.output).toContain('started');
    expect(r.exit).toMatchObject({ code: 0 });
    expect(await leftovers()).toEqual([]);
    expect(psRunLines()).not.toContain('sleep 300');
  });

  it('with WORKBOOK_SANDBOX_PID=on: a PID namespace ends the daemon with the run and hides the runner', async () => {
    const before = process.env.WORKBOOK_SANDBOX_PID;
    process.env.WORKBOOK_SANDBOX_PID = 'on';
    try {
      const r = await runIt(`sh -c "setsid sh -c 'sleep 300' & sleep 0.3; test -e /proc/${process.pid}/environ || echo RUNNER-HIDDEN; echo started"`);
      expect(r.output).toContain('started');
      expect(r.output).toContain('RUNNER-HIDDEN');
      expect(r.exit).toMatchObject({ code: 0 });
      expect(await leftovers()).toEqual([]);
      expect((await runIt(`node -e "process.abort()"`)).exit).toMatchObject({ code: null, signal: 'SIGABRT' });
    } finally {
      if (before === undefined) delete process.env.WORKBOOK_SANDBOX_PID;
      else process.env.WORKBOOK_SANDBOX_PID = before;
    }
  });

  it('keeps exit codes and crash signals as without the sandbox', async () => {
    expect((await runIt(`sh -c 'exit 7'`)).exit).toMatchObject({ code: 7, signal: null });
    expect((await runIt(`node -e "process.abort()"`)).exit).toMatchObject({ code: null, signal: 'SIGABRT' });
  });
});

describe('without the sandbox (WORKBOOK_SANDBOX=off)', { timeout: 60_000 }, () => {
  it('falls back to the seat belts and still runs a project', async () => {
    const before = process.env.WORKBOOK_SANDBOX;
    process.env.WORKBOOK_SANDBOX = 'off';
    resetSandboxDetection();
    resetSeatBeltDetection();
    try {
      const belts = await detectSeatBelts();
      expect(belts.sandbox).toMatchObject({ kind: 'none', install: 'apt-get install bubblewrap' });
      expect(belts.sandbox.kind === 'none' && belts.sandbox.reason).toMatch(/WORKBOOK_SANDBOX=off/);
      const r = await runIt(`node main.js`, {}, { 'main.js': `console.log('fallback ok')` });
      expect(r.exit).toMatchObject({ code: 0, signal: null });
      expect(r.output).toContain('fallback ok');
    } finally {
      if (before === undefined) delete process.env.WORKBOOK_SANDBOX;
      else process.env.WORKBOOK_SANDBOX = before;
      resetSandboxDetection();
      resetSeatBeltDetection();
    }
  });
});

describe('sandboxArgv', () => {
  it('binds back read-only what a run needs from its private /tmp, and writable binds at their own path inside', () => {
    const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'argv-test-')));
    try {
      const argv = sandboxArgv({ runDir: dir, cwd: dir, network: 'none', extraReadable: [dir], writableBinds: [{ source: dir, dest: '/run/workbook-rust' }] });
      const at = (flag: string, a: string, b: string) => argv.some((x, i) => x === flag && argv[i + 1] === a && argv[i + 2] === b);
      expect(at('--ro-bind', dir, dir)).toBe(true);
      expect(at('--bind', dir, '/run/workbook-rust')).toBe(true);
      expect(argv.indexOf('--bind')).toBeGreaterThan(argv.indexOf('/run'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
