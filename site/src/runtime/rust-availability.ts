import type { RunnerInfo } from '../../../contracts/runner-protocol.ts';
import type { RuntimeSelection } from './choose-runtime.ts';
import type { RustRuntime } from './types.ts';

/**
 * Where the Rust track can build, decided from the TypeScript runtime's selection:
 *   local runner with cargo           -> `local` (the runner's cargo);
 *   local runner without cargo        -> `missing`, with the runner's reason and how to install;
 *   hosted (WebContainer, or nothing) -> `playground`: the public Rust Playground, once agreed to.
 */
export type RustAvailability =
  | { state: 'pending' }
  | { state: 'local'; runtime: RustRuntime; versions: string }
  | { state: 'missing'; reason: string; install: string }
  | { state: 'playground'; consented: boolean }
  /** The local runner itself cannot be used (no token, …): the runtime notice says why. */
  | { state: 'blocked'; message: string };

export function rustAvailability(selection: RuntimeSelection, consented: boolean): RustAvailability {
  if (selection.kind === null) return { state: 'pending' };
  if (selection.kind === 'local') {
    const runtime = selection.runtime as (RustRuntime & { info?: RunnerInfo }) | null;
    if (!runtime) {
      if (selection.status.state === 'booting') return { state: 'pending' };
      return { state: 'blocked', message: selection.status.state === 'failed' ? selection.status.message : 'The local runner cannot be used.' };
    }
    const rust = runtime.info?.rust;
    if (!runtime.info) {
      return selection.status.state === 'failed' ? { state: 'blocked', message: selection.status.message } : { state: 'pending' };
    }
    if (!rust) {
      return {
        state: 'missing',
        reason: 'This local runner is older than the Rust track and does not build Rust.',
        install: 'Update the workbook (git pull && npm install), then restart npm start.',
      };
    }
    if (!rust.available) return { state: 'missing', reason: rust.reason, install: rust.install };
    return { state: 'local', runtime, versions: `${rust.cargo} · ${rust.rustc}` };
  }
  return { state: 'playground', consented };
}

/** What the Rust session's runs ask for: a runtime, or why there is none, in words for the Output pane. */
export function rustRuntimeOf(availability: RustAvailability, playground: () => RustRuntime): RustRuntime | { error: string } {
  switch (availability.state) {
    case 'local':
      return availability.runtime;
    case 'missing':
      return { error: `Rust cannot be built here: ${availability.reason}\n${availability.install}` };
    case 'playground':
      return availability.consented
        ? playground()
        : { error: 'Rust runs on the Rust Playground (play.rust-lang.org) here. Tick “Send my Rust code to play.rust-lang.org” above the editor first.' };
    case 'blocked':
      return { error: `${availability.message} See the notice above.` };
    case 'pending':
      return { error: 'The runtime is still being chosen; try again in a moment.' };
  }
}
