/**
 * Where cargo gets crates for the Rust track, shared by the runner (runner/cargo/) and the scripts
 * (scripts/lib/rust-cargo.ts re-exports it; runner/ never imports scripts/).
 */
export const DEBIAN_REGISTRY = '/usr/share/cargo/registry';

/**
 * Where cargo gets crates: whatever it is configured with (crates.io on a laptop), Debian's packages,
 * or (the runner, in 'configured' mode) a directory that `cargo vendor` filled outside the sandbox.
 */
export type CrateSource = { kind: 'configured' } | { kind: 'debian'; directory: string } | { kind: 'vendored'; directory: string };

export function describeSource(source: CrateSource): string {
  if (source.kind === 'debian') return `Debian's packaged crates (${source.directory})`;
  if (source.kind === 'vendored') return `crates vendored from the configured registry (${source.directory})`;
  return 'the configured registry';
}

/**
 * Debian's `librust-*-dev` packages unpack crate sources into one directory, and `cargo vendor` makes
 * one. cargo's command-line `--config` overrides point crates.io at it for this invocation only: no
 * .cargo/config.toml is written, so a learner's own cargo setup is never touched.
 */
export function sourceConfigArgs(source: CrateSource): string[] {
  if (source.kind === 'configured') return [];
  const name = source.kind === 'debian' ? 'debian' : 'vendored';
  return [
    '--config',
    `source.crates-io.replace-with=${JSON.stringify(name)}`,
    '--config',
    `source.${name}.directory=${JSON.stringify(source.directory)}`,
    '--config',
    'net.offline=true',
  ];
}

/** `--debian` on the command line or WORKBOOK_CARGO_SOURCE=debian: Debian's crates; otherwise the configured registry. */
export function crateSourceFrom(argv: readonly string[], env: NodeJS.ProcessEnv): CrateSource {
  const debian = argv.includes('--debian') || env.WORKBOOK_CARGO_SOURCE === 'debian';
  return debian ? { kind: 'debian', directory: DEBIAN_REGISTRY } : { kind: 'configured' };
}
