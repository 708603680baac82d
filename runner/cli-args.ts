import { isLoopback } from './auth.ts';

/**
 * The command line of `npm start` (after `--`), parsed without side effects so it can be tested.
 */
export interface CliArgs {
  host: string;
  /** True when --host names something other than loopback: the CLI must warn. */
  exposed: boolean;
  newToken: boolean;
  build: boolean;
  /** --unsafe-no-sandbox: allow --host although runs are not sandboxed. */
  unsafeNoSandbox: boolean;
  /** --debian: the Rust track's crates come from Debian's packages offline (as WORKBOOK_CARGO_SOURCE=debian). */
  debian: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm start [-- options]

  --host <address>   listen on this address instead of this machine only (127.0.0.1 and [::1]).
                     Anyone who can reach it and learns the token can run code here; the token
                     travels in plain HTTP. Prefer an SSH tunnel: ssh -L 4310:127.0.0.1:4310 <machine>
                     Refused when runs cannot be sandboxed (no bubblewrap), since every learner who
                     reaches it could run code as you: install bubblewrap, or add --unsafe-no-sandbox
  --unsafe-no-sandbox  allow --host without the sandbox (you trust everyone who can reach the machine)
  --new-token        replace the saved access token (pages holding the old one must reopen the URL)
  --no-build         serve dist/ as it is
  --debian           Rust runs take crates from Debian's packages (/usr/share/cargo/registry), offline
  --help             this text

Environment: PORT (default 4310; 0 picks a free one), WORKBOOK_TOKEN (a fixed token, not saved),
WORKBOOK_STATE_DIR (where the token is kept), WORKBOOK_LESSONS_DIR (another lessons folder),
WORKBOOK_CARGO_SOURCE=debian (as --debian), WORKBOOK_RUST_CACHE (the Rust runs' build cache, default
.cache/rust-runner), WORKBOOK_RUST=off (no cargo runs).`;

export function parseCliArgs(argv: string[]): { ok: true; args: CliArgs } | { ok: false; error: string } {
  const args: CliArgs = { host: '127.0.0.1', exposed: false, newToken: false, build: true, help: false, unsafeNoSandbox: false, debian: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--host') {
      const value = argv[++i];
      if (!value || value.startsWith('-')) return { ok: false, error: '--host needs an address, e.g. --host 0.0.0.0' };
      args.host = value.replace(/^\[(.*)\]$/, '$1');
      args.exposed = !isLoopback(args.host);
    } else if (a === '--new-token') args.newToken = true;
    else if (a === '--no-build') args.build = false;
    else if (a === '--unsafe-no-sandbox') args.unsafeNoSandbox = true;
    else if (a === '--debian') args.debian = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else return { ok: false, error: `unknown option "${a}"` };
  }
  return { ok: true, args };
}

/**
 * Serving other machines means running their code: without the sandbox that code runs as you, with
 * only the seat belts. Returns the refusal to print, or null when starting is fine.
 */
export function exposureRefusal(args: Pick<CliArgs, 'exposed' | 'unsafeNoSandbox'>, sandboxed: boolean, install: string): string | null {
  if (!args.exposed || sandboxed || args.unsafeNoSandbox) return null;
  return [
    'Refusing --host: runs on this machine are not sandboxed, so every learner who reaches this address',
    `could run any program as your user. Install the sandbox (${install}) and start again, or, if you`,
    'trust everyone who can reach this machine, add --unsafe-no-sandbox.',
  ].join('\n');
}

export function exposureWarning(host: string, port: number): string {
  return [
    '',
    `⚠  WARNING: listening on ${host}:${port}, not only on this machine.`,
    '   Anyone who can reach this address and learns the access token can run any code on this machine',
    '   as your user. The token travels in plain HTTP, so anyone on the same network path can read it.',
    '   Stop with Ctrl+C if you did not mean this. Safer: keep the default and use an SSH tunnel.',
    '',
  ].join('\n');
}
