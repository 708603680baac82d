import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cgroupArgv, createRunCgroup, defaultProbe, describeCgroup, eventCount, formatBytes, measureCgroup, pidsMaxFor, type CgroupProbe } from './cgroup.ts';
import { supervise } from './supervise.ts';

/**
 * cgroup v2 detection and the per-run cgroup, against a fake cgroupfs in a temp dir (the files a
 * kernel would show): WORKBOOK_CGROUP_ROOT points the real detection at such a folder too.
 */
let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fake-cgroup-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const probe = (over: Partial<CgroupProbe> = {}): CgroupProbe => ({ root, selfCgroup: '0::/user.slice/runner.scope\n', pid: 4242, env: {}, platform: 'linux', ...over });
function fakeV2(dir: string, controllers: string, subtree = '') {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'cgroup.controllers'), `${controllers}\n`);
  writeFileSync(path.join(dir, 'cgroup.subtree_control'), subtree);
  writeFileSync(path.join(dir, 'cgroup.procs'), '');
}

describe('cgroup v2 detection', () => {
  it('cgroup v1 only: none, with the reason', () => {
    mkdirSync(path.join(root, 'memory'));
    expect(measureCgroup(probe())).toEqual({ kind: 'none', reason: `no cgroup v2 hierarchy at ${root} (cgroup v1 only)` });
  });

  it('a hybrid machine whose v2 hierarchy is empty (this machine): none, the controllers are on v1', () => {
    fakeV2(path.join(root, 'unified'), '');
    const r = measureCgroup(probe({ selfCgroup: '4:memory:/x\n0::/\n' }));
    expect(r.kind).toBe('none');
    expect(r.kind === 'none' && r.reason).toBe(`the cgroup v2 ${root}/unified has no memory and pids controllers (this machine keeps them on its cgroup v1 hierarchy)`);
  });

  it('v2 without the pids controller delegated: none, naming it', () => {
    fakeV2(path.join(root), 'cpu memory');
    fakeV2(path.join(root, 'user.slice', 'runner.scope'), 'cpu memory');
    const r = measureCgroup(probe());
    expect(r.kind === 'none' && r.reason).toMatch(/has no pids controller \(they are not delegated to it\)/);
  });

  it('turned off, not Linux, no 0:: line: none with the reason', () => {
    fakeV2(root, 'memory pids');
    expect(measureCgroup(probe({ env: { WORKBOOK_CGROUP: 'off' } }))).toEqual({ kind: 'none', reason: 'turned off by WORKBOOK_CGROUP=off' });
    expect(measureCgroup(probe({ platform: 'darwin' }))).toEqual({ kind: 'none', reason: 'cgroups need Linux (this is darwin)' });
    expect(measureCgroup(probe({ selfCgroup: '1:memory:/\n' })).kind).toBe('none');
  });

  it('a writable v2 with memory and pids: enables them and makes the parent of the runs', () => {
    fakeV2(root, 'cpu memory pids');
    const own = path.join(root, 'user.slice', 'runner.scope');
    fakeV2(own, 'cpu memory pids');
    const r = measureCgroup(probe());
    expect(r).toEqual({ kind: 'v2', path: path.join(own, 'workbook-runs-4242') });
    expect(readFileSync(path.join(own, 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids');
    expect(readFileSync(path.join(own, 'workbook-runs-4242', 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids');
    expect(describeCgroup(r)).toMatch(/a cgroup v2 per run \(memory.max, pids.max\) under .*workbook-runs-4242/);
  });

  it('a cgroup that cannot be written: none, with the error', () => {
    const own = path.join(root, 'user.slice', 'runner.scope');
    fakeV2(own, 'memory pids');
    writeFileSync(path.join(root, 'cgroup.controllers'), 'memory pids');
    rmSync(path.join(own, 'cgroup.subtree_control'));
    mkdirSync(path.join(own, 'cgroup.subtree_control')); // a write fails (EISDIR) as a read-only cgroupfs would
    const r = measureCgroup(probe());
    expect(r.kind === 'none' && r.reason).toMatch(/is not writable by this process \(EISDIR\)/);
  });

  it('WORKBOOK_CGROUP_ROOT points the detection at another mount point', () => {
    expect(defaultProbe({ WORKBOOK_CGROUP_ROOT: root }).root).toBe(root);
    expect(defaultProbe({}).root).toBe('/sys/fs/cgroup');
  });

  it('the leftovers of a runner that is gone are removed at the next detection', () => {
    fakeV2(root, 'memory pids', '+memory +pids');
    const dead = spawnSync('/bin/true').pid!;
    mkdirSync(path.join(root, `workbook-runs-${dead}`));
    const r = measureCgroup(probe({ selfCgroup: '0::/\n' }));
    expect(r).toEqual({ kind: 'v2', path: path.join(root, 'workbook-runs-4242') });
    expect(existsSync(path.join(root, `workbook-runs-${dead}`))).toBe(false);
  });
});

describe('the cgroup of one run', () => {
  it('gets memory.max, pids.max and oom.group from the run limits; its wrapper joins it before the command runs', async () => {
    const parent = { kind: 'v2' as const, path: path.join(root, 'runs') };
    mkdirSync(parent.path);
    const cg = createRunCgroup(parent, 'abc', { memoryBytes: 1024 ** 3, maxProcesses: 256 });
    expect(cg.path).toBe(path.join(root, 'runs', 'run-abc'));
    expect(readFileSync(path.join(cg.path, 'memory.max'), 'utf8')).toBe(String(1024 ** 3));
    expect(readFileSync(path.join(cg.path, 'pids.max'), 'utf8')).toBe(String(pidsMaxFor(256)));
    expect(readFileSync(path.join(cg.path, 'memory.oom.group'), 'utf8')).toBe('1');
    const argv = cg.wrap(['/bin/sh', '-c', 'echo "inside $$"']);
    expect(argv.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(argv[3]).toBe(path.join(cg.path, 'cgroup.procs'));
    const out = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    // exec: the process that joined the cgroup is the command itself (same pid).
    expect(out.stdout.trim()).toBe(`inside ${readFileSync(path.join(cg.path, 'cgroup.procs'), 'utf8').trim()}`);
    expect(cg.events()).toEqual({ oomKills: 0, pidsRefused: 0 });
    writeFileSync(path.join(cg.path, 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n');
    writeFileSync(path.join(cg.path, 'pids.events'), 'max 17\n');
    expect(cg.events()).toEqual({ oomKills: 1, pidsRefused: 17 });
    await cg.remove();
    expect(existsSync(cg.path)).toBe(false);
  });

  it('a command that cannot join its cgroup does not run', () => {
    const argv = cgroupArgv(path.join(root, 'missing', 'cgroup.procs'), ['/bin/echo', 'ran']);
    const out = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    expect(out.status).toBe(125);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/could not join its cgroup/);
  });

  it('a run the kernel OOM-killed in its cgroup ends with the words, in the exit message and the output', async () => {
    const parent = { kind: 'v2' as const, path: root };
    const cg = createRunCgroup(parent, 'oom', { memoryBytes: 2560 * 1024 ** 2, maxProcesses: 256 });
    writeFileSync(path.join(cg.path, 'memory.events'), 'oom 1\noom_kill 1\n');
    let output = '';
    const run = supervise({
      argv: ['/bin/sh', '-c', 'echo working; kill -9 $$'],
      cwd: root,
      env: { PATH: process.env.PATH },
      marker: `WORKBOOK_TEST_MARKER=${root}`,
      sandboxed: false,
      maxProcesses: 256,
      memoryBytes: 2560 * 1024 ** 2,
      timeoutMs: 10_000,
      outputLimitBytes: 1 << 20,
      onOutput: (chunk) => (output += chunk),
      outOfMemoryNote: () => null,
      cgroup: cg,
      cleanup: async () => {},
    });
    const exit = await run.exit;
    expect(exit).toMatchObject({ signal: 'SIGKILL', reason: 'error', message: 'the run used more than 2.5 GiB of memory and was stopped' });
    expect(output).toBe('working\n\n[the run used more than 2.5 GiB of memory and was stopped]\n');
    expect(existsSync(cg.path)).toBe(false);
  });
});

it('formats byte limits in words', () => {
  expect(formatBytes(2560 * 1024 ** 2)).toBe('2.5 GiB');
  expect(formatBytes(1024 ** 3)).toBe('1 GiB');
  expect(formatBytes(600 * 1024 ** 2)).toBe('600 MiB');
  expect(formatBytes(1024 ** 2)).toBe('1 MiB');
  expect(eventCount('/nonexistent/memory.events', 'oom_kill')).toBe(0);
});
