/**
 * Whether "Local runner (Node)" can be chosen, and the words that say why (not). Asked once when the lab
 * opens: /api/info answers only when the page is served by `npm start` and holds its token.
 */
import type { Capabilities } from '../../../../../labs/index.ts';
import { probeLocalRunner, readToken } from '../../../runtime/choose-runtime.ts';

export type RunnerChoice =
  | { available: true; node: string; capabilities: Capabilities; note: string }
  | { available: false; reason: string };

type Probe = Awaited<ReturnType<typeof probeLocalRunner>>;

export function describeRunnerChoice(probe: Probe): RunnerChoice {
  if (probe.state === 'absent') {
    return {
      available: false,
      reason:
        'This page is not served by the local runner (it is on a static host or in WebContainer). Run `npm start` and open the URL it prints to run the suites in Node, native Rust included when cargo is installed.',
    };
  }
  if (probe.state === 'unauthorized') return { available: false, reason: 'The local runner does not accept this page’s token: open the URL that `npm start` printed.' };
  const lab = probe.info.lab;
  if (!lab?.available) return { available: false, reason: lab?.reason ?? 'This local runner has no benchmark endpoint: restart it with the current `npm start`.' };
  const native = lab.capabilities.native;
  return {
    available: true,
    node: probe.info.node,
    capabilities: lab.capabilities,
    note: `Node ${probe.info.node} on this machine; native Rust ${native.available ? 'included (cargo found)' : `skipped: ${native.reason ?? 'no cargo'}`}.`,
  };
}

export async function probeRunnerChoice(): Promise<RunnerChoice> {
  return describeRunnerChoice(await probeLocalRunner(location.origin, readToken(location, localStorage)));
}
