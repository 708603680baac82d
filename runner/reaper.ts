import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import type { RunnerReaper } from '../contracts/runner-protocol.ts';

/**
 * The run's own reaper, for runs without the sandbox's PID namespace (WORKBOOK_SANDBOX=off, no
 * bubblewrap, WORKBOOK_SANDBOX_PID=off). A process that leaves the run's process group (setsid), strips
 * its environment (no run marker) and leaves the run's folder (cd /) just before its parent exits was
 * invisible to the /proc watchdog: it was reparented to init before a tick saw it. Here the run's first
 * process is a small Perl program (Perl is in every Debian/Ubuntu base system; Node has no prctl) that
 *
 *   - makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so every orphan of the run is
 *     reparented to it instead of to init, and reaps them as they exit;
 *   - asks for SIGTERM when the runner dies (PR_SET_PDEATHSIG), even by `kill -9`;
 *   - runs the command as its child; when the command exits, or on SIGTERM (Stop, the runner's death),
 *     freezes and kills every process below itself, round after round (each one killed hands its
 *     children to the reaper) until it has no child left, then exits with the command's status
 *     (a signal as 128 + n, like bwrap: supervise.ts turns it back into the signal).
 *
 * Where it cannot work: not Linux (prctl is Linux's), an architecture whose prctl syscall number is not
 * in PRCTL_SYSCALL, no /usr/bin/perl. Then `seatBelts.reaper` in /api/info says why, and only the
 * watchdog's sweep (process group, descendants, known processes, the marker) stands in the way.
 * A run can still kill its own reaper with SIGKILL (same user, no PID namespace): that is what the
 * sandbox is for.
 */
export const PERL = '/usr/bin/perl';

/** prctl's syscall number per Node architecture (asm/unistd.h); others get no reaper. */
const PRCTL_SYSCALL: Partial<Record<string, number>> = { x64: 157, arm64: 167, riscv64: 167, loong64: 167 };

const REAPER_PERL = String.raw`
use strict; use POSIX ();
my ($nr, $runner) = splice(@ARGV, 0, 2);
syscall($nr, 36, 1, 0, 0, 0) == 0 or do { print STDERR "workbook reaper: prctl(PR_SET_CHILD_SUBREAPER): $!\n"; POSIX::_exit(125) };
syscall($nr, 1, 15, 0, 0, 0);
my $stop = 0;
$SIG{TERM} = $SIG{HUP} = $SIG{INT} = sub { $stop = 1 };
$SIG{CHLD} = sub {};
$stop = 1 if getppid() != $runner;
my $main = fork() // do { print STDERR "workbook reaper: fork: $!\n"; POSIX::_exit(125) };
if ($main == 0) {
  $SIG{$_} = 'DEFAULT' for qw(TERM HUP INT CHLD);
  exec { $ARGV[0] } @ARGV;
  print STDERR "$ARGV[0]: $!\n";
  POSIX::_exit(127);
}
sub below {
  my %kids;
  opendir(my $d, '/proc') or return ();
  for my $p (grep { /^\d+$/ } readdir $d) {
    open(my $f, '<', "/proc/$p/stat") or next;
    my $s = <$f> // next;
    $s =~ /^.*\)\s+\S+\s+(\d+)/s or next;
    push @{$kids{$1}}, $p;
  }
  my @all; my @q = ($$);
  while (@q) { my $p = shift @q; for my $k (@{$kids{$p} // []}) { push @all, $k; push @q, $k } }
  return @all;
}
my $status;
while (1) {
  while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) { $status = $? if $pid == $main }
  if ($stop || defined $status) {
    my @all = below();
    last if !@all && waitpid(-1, POSIX::WNOHANG()) == -1;
    kill 'STOP', @all; kill 'KILL', @all;
  }
  select(undef, undef, undef, defined $status || $stop ? 0.02 : 0.2);
}
$status //= 9;
POSIX::_exit(($status & 127) ? 128 + ($status & 127) : $status >> 8);
`;

/** The argv that runs `argv` under the reaper (`runnerPid`: whose death ends the run). */
export function reaperArgv(argv: string[], nr: number, runnerPid = process.pid): string[] {
  return [PERL, '-e', REAPER_PERL, String(nr), String(runnerPid), ...argv];
}

const run = promisify(execFile);
let detected: Promise<RunnerReaper> | undefined;

/** Measured once per runner start by really running a command under it. */
export function detectReaper(): Promise<RunnerReaper> {
  detected ??= measure();
  return detected;
}

async function measure(): Promise<RunnerReaper> {
  const none = (reason: string): RunnerReaper => ({ kind: 'none', reason });
  if (process.platform !== 'linux') return none(`a subreaper needs Linux's prctl (this is ${process.platform})`);
  const nr = PRCTL_SYSCALL[os.arch()];
  if (nr === undefined) return none(`prctl's syscall number on ${os.arch()} is not known to the runner`);
  if (!existsSync(PERL)) return none(`${PERL} is not installed`);
  try {
    await run(PERL, reaperArgv(['/bin/sh', '-c', 'exit 3'], nr).slice(1), { timeout: 10_000 });
    return none('the reaper probe did not report its command’s exit code');
  } catch (e) {
    const err = e as { code?: unknown; stderr?: string; message?: string };
    if (err.code === 3) return { kind: 'subreaper', syscall: nr };
    return none(`the reaper probe failed: ${(err.stderr?.trim() || err.message || String(e)).split('\n')[0]!.slice(0, 200)}`);
  }
}

/** One sentence for `npm start` when a run has no PID namespace. */
export function describeReaper(r: RunnerReaper): string {
  return r.kind === 'subreaper'
    ? 'Runs without a PID namespace get a subreaper: a process they leave behind is killed when the run ends.'
    : `No subreaper for runs (${r.reason}): a process a run detaches just before it exits may be left running.`;
}
