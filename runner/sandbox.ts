import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RunnerSandbox } from '../contracts/runner-protocol.ts';
import { defaultStateDir } from './token-store.ts';

/**
 * The sandbox around every run where this machine has one: bubblewrap (Linux namespaces). Detected
 * once per runner start by really running something inside it (bwrap may be installed while user
 * namespaces are disabled, or a container may refuse the mounts), reported in /api/info as
 * `seatBelts.sandbox`. Without it, or with WORKBOOK_SANDBOX=off, runs get only the seat belts
 * (seat-belts.ts). See docs/security-model.md for what each guarantees.
 *
 * Inside the sandbox a run sees:
 *   - the whole system read-only (`--ro-bind / /`), with a private /tmp, /run and /dev;
 *   - its own run directory writable, bound at its own path (the node_modules symlink, NODE_OPTIONS
 *     paths and the run marker stay valid);
 *   - empty folders over the user's home, the runner's state directory (the token file) and the
 *     repository checkout; the root node_modules, the preloaded child-preload.cjs and the node binary's
 *     install directory are bound back read-only;
 *   - new IPC, UTS, cgroup and user namespaces, and (unless WORKBOOK_SANDBOX_PID=off, see pidNamespaceWanted)
 *     a PID namespace: when the run's first process exits, every process it started dies with it;
 *   - no network (a private loopback only), except for runs that serve the Preview: see `network`.
 */
export const BWRAP = '/usr/bin/bwrap';
export const INSTALL_HINT = 'apt-get install bubblewrap';

const REPO_ROOT = realpathSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
const run = promisify(execFile);
let detected: Promise<RunnerSandbox> | undefined;

/** Measured once per process; every run reuses the answer. */
export function detectSandbox(env: NodeJS.ProcessEnv = process.env): Promise<RunnerSandbox> {
  detected ??= measure(env);
  return detected;
}

/** For tests: forget the answer, so the next detection runs again (e.g. with another WORKBOOK_SANDBOX). */
export function resetSandboxDetection(): void {
  detected = undefined;
}

async function measure(env: NodeJS.ProcessEnv): Promise<RunnerSandbox> {
  const none = (reason: string): RunnerSandbox => ({ kind: 'none', reason, install: INSTALL_HINT });
  if (env.WORKBOOK_SANDBOX === 'off') return { kind: 'none', reason: 'turned off by WORKBOOK_SANDBOX=off', install: INSTALL_HINT };
  if (process.platform !== 'linux') return none(`bubblewrap needs Linux (this is ${process.platform})`);
  const bwrap = findBwrap(env);
  if (!bwrap) return none('bubblewrap (bwrap) is not installed');
  let version = 'unknown';
  try {
    version = (await run(bwrap, ['--version'], { timeout: 10_000 })).stdout.trim().replace(/^bubblewrap\s+/, '') || version;
  } catch (e) {
    return none(`bwrap --version failed: ${firstLine(e)}`);
  }
  // Really try it, with the same kind of argv a run gets: a write outside the run must fail, and
  // the network must be gone. A disabled user namespace (sysctl, AppArmor) shows up here.
  try {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'workbook-sandbox-'));
    try {
      const probe = sandboxArgv({ runDir: dir, cwd: dir, network: 'none', extraReadable: [] }, bwrap);
      const script = [
        'echo probe > /tmp/probe && echo probe > ./probe',
        // Only the private loopback in /proc/net/dev (its header lines hold '|', interfaces ':').
        `! grep -v -e '^ *lo:' -e '|' /proc/net/dev | grep -q :`,
        `(touch ${shellQuote(REPO_ROOT)}/.sandbox-probe 2>/dev/null && echo writable || echo ok)`,
      ].join(' && ');
      const out = await run(probe[0]!, [...probe.slice(1), '/bin/sh', '-c', script], { timeout: 10_000 });
      if (out.stdout.trim() !== 'ok') return none(`bwrap ran but did not isolate (${out.stdout.trim() || 'no output'})`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } catch (e) {
    return none(`bwrap is installed but cannot make a sandbox here (${firstLine(e)}); user namespaces may be disabled`);
  }
  return { kind: 'bubblewrap', version, path: bwrap };
}

function findBwrap(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of [path.dirname(BWRAP), ...(env.PATH ?? '').split(path.delimiter)]) {
    if (!dir) continue;
    const candidate = path.join(dir, 'bwrap');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface SandboxSpec {
  /** The run directory: bound writable at its own path. */
  runDir: string;
  /** Working directory of the command inside. */
  cwd: string;
  /**
   * 'none': a new network namespace with only its own loopback (a lesson test that starts a server
   * on 127.0.0.1 and calls it still works). 'host': the host's network, for runs that serve the
   * Preview: the runner's preview proxy must reach the server on the host's 127.0.0.1:PORT, which a
   * private network namespace would hide.
   */
  network: 'none' | 'host';
  /** Paths bound back read-only over the hidden folders (node_modules, the preload file). */
  extraReadable: string[];
  /** A new PID namespace (default: pidNamespaceWanted()). */
  pidNamespace?: boolean;
  /**
   * More folders bound writable, each at a path of its own choosing inside (cargo runs: the lesson's
   * slot at /run/workbook-rust, the same path for every slot, so cargo's fingerprints stay valid).
   * `dest` must be on a tmpfs of the sandbox (/run, /tmp) or an existing folder.
   */
  writableBinds?: { source: string; dest: string }[];
}

/**
 * A new PID namespace ends every process of a run when its first one exits and hides the runner's
 * /proc/<pid> (environment, memory) from the run. On by default; WORKBOOK_SANDBOX_PID=off turns it off
 * (then the watchdog's sweep, process-watch.ts, still kills every process of the run, as
 * sandbox.test.ts checks both ways). Tests find a run's processes by its marker, never by a pid the
 * run printed: inside the namespace that number names something else on the host.
 */
export function pidNamespaceWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.WORKBOOK_SANDBOX_PID !== 'off';
}

/** The bwrap argv up to (not including) the command; the caller appends the command and its args. */
export function sandboxArgv(spec: SandboxSpec, bwrap = BWRAP): string[] {
  const pid = spec.pidNamespace ?? pidNamespaceWanted();
  // Without a PID namespace the host's /proc comes in read-only with `/`; a new one needs its own.
  const argv = [bwrap, '--ro-bind', '/', '/', '--dev', '/dev', ...(pid ? ['--proc', '/proc'] : []), '--tmpfs', '/tmp'];
  // A read-only mount does not stop connect() to a Unix socket on it: /run holds the host's daemons'
  // sockets (Docker, D-Bus, systemd), so it is replaced by an empty folder. A serving run, which may
  // look up names, gets systemd-resolved's folder back (/etc/resolv.conf often points into it).
  if (existsSync('/run')) {
    argv.push('--tmpfs', '/run');
    if (spec.network === 'host' && existsSync('/run/systemd/resolve')) argv.push('--ro-bind', '/run/systemd/resolve', '/run/systemd/resolve');
  }
  // Hidden: the home folder (ssh keys, browser profiles, the default token folder), the runner's
  // state folder wherever WORKBOOK_STATE_DIR put it, and the checkout (sources, .git, .env files).
  const hidden = [os.homedir(), defaultStateDir(), REPO_ROOT].map(real).filter((p): p is string => !!p && p !== '/');
  for (const dir of unique(hidden)) argv.push('--tmpfs', dir);
  // Bound back read-only: what a run needs from those folders. The node binary may live under the
  // home (nvm, volta): its install directory (…/bin/node -> …) comes back.
  const node = real(process.execPath);
  const nodeInstall = node ? path.dirname(path.dirname(node)) : undefined;
  const readable = [...(nodeInstall && nodeInstall !== '/' && nodeInstall !== '/usr' ? [nodeInstall] : []), ...spec.extraReadable];
  // /tmp and /run are private tmpfs inside too: what lives there (a cache in WORKBOOK_RUST_CACHE=/tmp/…) comes back as well.
  const covered = [...hidden, '/tmp', '/run'];
  for (const p of unique(readable.map(real).filter((p): p is string => !!p))) {
    if (covered.some((h) => p === h || p.startsWith(`${h}/`))) argv.push('--ro-bind', p, p);
  }
  argv.push('--bind', spec.runDir, spec.runDir);
  for (const b of spec.writableBinds ?? []) argv.push('--bind', b.source, b.dest);
  // Read-only last: until now bwrap needed to make mount points inside them. A write into the home
  // or the checkout fails (EROFS) instead of landing in a throwaway folder unnoticed.
  for (const dir of unique(hidden)) argv.push('--remount-ro', dir);
  // --unshare-all, spelled out so the PID namespace can be left out (see pidNamespaceWanted).
  argv.push('--unshare-user-try', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try');
  if (pid) argv.push('--unshare-pid');
  if (spec.network !== 'host') argv.push('--unshare-net');
  argv.push('--die-with-parent', '--new-session', '--chdir', spec.cwd, '--');
  return argv;
}

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function firstLine(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  return (err.stderr?.trim() || err.message || String(e)).split('\n')[0]!.slice(0, 200);
}

/** One line for `npm start`. */
export function describeSandbox(s: RunnerSandbox): string {
  return s.kind === 'bubblewrap'
    ? `Sandbox: bubblewrap ${s.version} around every run (read-only system, private /tmp, home and checkout hidden, no network except for the Preview).`
    : `Sandbox: none (${s.reason}); runs get only the seat belts. For a real sandbox on Linux: ${s.install}`;
}
