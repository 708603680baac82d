/**
 * The browser's isolate plumbing without a browser: the host side (superviseIsolate) and the isolate side
 * (serveIsolate, the code isolate-worker.browser.ts runs) talk through a real MessageChannel here, with
 * the committed .wasm bytes; e2e/lab-isolation.spec.ts runs the same code in Chromium's Web Workers.
 */
import { readFile } from 'node:fs/promises';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ALL_WORKLOADS } from '../index.ts';
import { ARTIFACTS } from '../wasm/manifest.ts';
import { serveIsolate, superviseIsolate, type FromIsolate, type IsolateHandle, type IsolateScope, type IsolateWasm, type ToIsolate } from './isolate.ts';
import { IsolateUnavailable, isIsolatable, withApproaches } from './isolatable.ts';
import { createBrowserPlatform } from './platform-browser.ts';
import { createNodePlatform } from './platform-node.ts';
import { resolveConfig } from './config.ts';
import { runBenchmarks } from './runner.ts';
import type { Platform } from './platform.ts';
import type { ApproachSession, IsolateJob, OpenedSession } from './types.ts';

const config = resolveConfig({ timeMs: 5, warmupMs: 1, minSamples: 2 });
const fnv1a = ALL_WORKLOADS.find((w) => w.id === 'fnv1a')!;

async function committedWasm(): Promise<IsolateWasm> {
  const entries = await Promise.all(
    ARTIFACTS.map(async (a) => {
      const file = await readFile(new URL(`../wasm/build/${a.file}`, import.meta.url));
      return [a.name, { bytes: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function jobFor(label: string): Promise<IsolateJob> {
  const approachIndex = fnv1a.approaches(config).findIndex((a) => (a.label ?? a.name) === label);
  return { workloadId: fnv1a.id, approachIndex, label, config, expected: await fnv1a.expected({ platform: createNodePlatform({ disableNative: true }), config, signal: new AbortController().signal }) };
}

/** Host end of a real MessageChannel whose other end runs serveIsolate, as a worker's scope would. */
function channelIsolate(): { handle: IsolateHandle; terminated: () => boolean; crash: (message: string) => void } {
  const { port1, port2 } = new MessageChannel();
  serveIsolate(port2 as unknown as IsolateScope);
  let terminated = false;
  const errorListeners: Array<(message: string) => void> = [];
  const handle: IsolateHandle = {
    post: (message) => port1.postMessage(message),
    onMessage: (listener) => port1.on('message', (message: FromIsolate) => listener(message)),
    onError(listener) {
      errorListeners.push(listener);
      port1.on('messageerror', (error: Error) => listener(error.message));
    },
    terminate() {
      terminated = true;
      port1.close();
      port2.close();
    },
  };
  return { handle, terminated: () => terminated, crash: (message) => errorListeners.forEach((listener) => listener(message)) };
}

/**
 * A worker that reports an error before it is ready (a script that did not load), or once it has been
 * sent its job (a crash while preparing).
 */
function failingIsolate(readyFirst: boolean): { handle: IsolateHandle; sent: ToIsolate[]; terminated: () => boolean } {
  const sent: ToIsolate[] = [];
  let terminated = false;
  let onMessage: ((message: FromIsolate) => void) | undefined;
  let onError: ((message: string) => void) | undefined;
  const handle: IsolateHandle = {
    post(message) {
      sent.push(message);
      queueMicrotask(() => onError?.('boom'));
    },
    onMessage: (listener) => (onMessage = listener),
    onError(listener) {
      onError = listener;
      queueMicrotask(() => (readyFirst ? onMessage?.({ type: 'ready' }) : listener('boom')));
    },
    terminate: () => void (terminated = true),
  };
  return { handle, sent, terminated: () => terminated };
}

const slice = { timeMs: 2, minSamples: 2, warmup: true };

async function openOrFail(opened: Promise<OpenedSession>): Promise<ApproachSession> {
  const result = await opened;
  if (!('session' in result)) throw new Error(`not opened: ${result.failed.error}`);
  return result.session;
}

describe('isolate protocol (the browser worker and the Node worker speak it)', () => {
  it('opens the job it is sent with the posted wasm bytes, measures slice after slice, and terminates the isolate on close', async () => {
    const { handle, terminated } = channelIsolate();
    const session = await openOrFail(superviseIsolate(handle, { type: 'start', job: await jobFor('Rust Wasm'), wasm: await committedWasm() }, new AbortController().signal));
    for (const warmup of [true, false, false]) {
      const outcome = await session.slice({ ...slice, warmup });
      if ('error' in outcome) throw new Error(outcome.error);
      expect(outcome.samplesMs.length).toBeGreaterThanOrEqual(2);
      expect(outcome.wallMs).toBeGreaterThan(0);
    }
    expect(terminated()).toBe(false);
    await expect(session.close()).resolves.toBeUndefined();
    expect(terminated()).toBe(true);
  });

  it('an isolate that lacks an artifact reports why, as an error of that approach, and is terminated', async () => {
    const { rust: _, ...withoutRust } = await committedWasm();
    const missing = channelIsolate();
    const outcome = await superviseIsolate(missing.handle, { type: 'start', job: await jobFor('Rust Wasm'), wasm: withoutRust }, new AbortController().signal);
    expect(outcome).toEqual({ failed: { error: expect.stringMatching(/rust\.wasm was not sent to the isolate/) } });
    expect(missing.terminated()).toBe(true);
    const fetchFailed = await superviseIsolate(
      channelIsolate().handle,
      { type: 'start', job: await jobFor('Rust Wasm'), wasm: { rust: { error: 'fetching rust.wasm failed: HTTP 404' } } },
      new AbortController().signal,
    );
    expect(fetchFailed).toEqual({ failed: { error: expect.stringMatching(/HTTP 404/) } });
  });

  it('refuses a job whose index and label disagree rather than time another approach', async () => {
    const job = { ...(await jobFor('Rust Wasm')), label: 'AssemblyScript' };
    const outcome = await superviseIsolate(channelIsolate().handle, { type: 'start', job, wasm: await committedWasm() }, new AbortController().signal);
    expect(outcome).toEqual({ failed: { error: expect.stringMatching(/is Rust Wasm, not AssemblyScript/) } });
  });

  it('a worker that fails before it is ready never started (IsolateUnavailable); after, the approach failed', async () => {
    const start = { type: 'start' as const, job: await jobFor('JS'), wasm: {} };
    const early = failingIsolate(false);
    await expect(superviseIsolate(early.handle, start, new AbortController().signal)).rejects.toBeInstanceOf(IsolateUnavailable);
    expect(early.sent).toEqual([]);
    expect(early.terminated()).toBe(true);
    const late = failingIsolate(true);
    const error = await superviseIsolate(late.handle, start, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(IsolateUnavailable);
    expect(late.sent).toEqual([start]);
    expect(late.terminated()).toBe(true);
  });

  it('a worker that dies during a slice makes that slice an error and is terminated', async () => {
    const { handle, terminated, crash } = channelIsolate();
    const session = await openOrFail(superviseIsolate(handle, { type: 'start', job: await jobFor('JS'), wasm: {} }, new AbortController().signal));
    const pending = session.slice({ timeMs: 200, minSamples: 1, warmup: false });
    crash('out of memory');
    await expect(pending).resolves.toEqual({ error: 'isolate worker failed: out of memory' });
    expect(terminated()).toBe(true);
    await expect(session.slice(slice)).resolves.toEqual({ error: 'isolate worker failed: out of memory' });
  });

  it('cancelling resolves at once and terminates the isolate, while opening or during a slice', async () => {
    const opening = new AbortController();
    const first = channelIsolate();
    const outcome = superviseIsolate(first.handle, { type: 'start', job: await jobFor('JS'), wasm: {} }, opening.signal);
    opening.abort();
    await expect(outcome).resolves.toEqual({ failed: { error: 'cancelled' } });
    expect(first.terminated()).toBe(true);

    const measuring = new AbortController();
    const second = channelIsolate();
    const session = await openOrFail(superviseIsolate(second.handle, { type: 'start', job: await jobFor('JS'), wasm: {} }, measuring.signal));
    const pending = session.slice({ timeMs: 5_000, minSamples: 1, warmup: false });
    measuring.abort();
    await expect(pending).resolves.toEqual({ error: 'cancelled' });
    expect(second.terminated()).toBe(true);
    await expect(session.close()).resolves.toBeUndefined();
  });
});

describe('isolation fallback', () => {
  const node = createNodePlatform({ disableNative: true });

  it('a browser platform without Web Workers has no openIsolate and says why', () => {
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined'); // Node has no Web Worker
    const browser = createBrowserPlatform();
    expect(browser.openIsolate).toBeUndefined();
    expect(browser.isolationUnavailable).toMatch(/no Web Workers/);
  });

  it('measures in the engine’s isolate, isolated: false with the reason, when no isolate can start', async () => {
    const { openIsolate: _, ...withoutIsolates } = node;
    const reasons: Array<[Platform, RegExp]> = [
      [{ ...withoutIsolates, isolationUnavailable: 'no Web Workers here' }, /^no Web Workers here$/],
      [{ ...node, openIsolate: () => Promise.reject(new IsolateUnavailable('the isolate worker did not start (blocked)')) }, /did not start \(blocked\)/],
    ];
    for (const [platform, reason] of reasons) {
      const report = await runBenchmarks({ platform, workloads: [fnv1a], approaches: ['JS', 'Rust Wasm'], config });
      expect(report.results.map((r) => [r.approach, r.ok, r.isolated])).toEqual([['JS', true, false], ['Rust Wasm', true, false]]);
      for (const r of report.results) expect(r.isolationReason).toMatch(reason);
    }
  }, 30_000);

  it('an approach that fails inside its isolate is an error, not measured again outside', async () => {
    const platform: Platform = { ...node, openIsolate: () => Promise.reject(new Error('crashed')) };
    const report = await runBenchmarks({ platform, workloads: [fnv1a], approaches: ['JS'], config });
    expect(report.results[0]).toMatchObject({ ok: false, isolated: true, error: 'isolate failed: crashed' });
  });

  it('a subset of a built-in workload (withApproaches) is still isolated, each approach found by its own index', async () => {
    const subset = withApproaches(fnv1a, (a) => a.name !== 'Rust Wasm' && a.name !== 'Rust Wasm SIMD');
    expect(isIsolatable(subset)).toBe(true);
    expect(isIsolatable({ ...fnv1a })).toBe(false);
    const report = await runBenchmarks({ platform: node, workloads: [subset], config });
    // AssemblyScript is third here but fourth in the built-in workload: the isolate must still find it.
    expect(report.results.map((r) => [r.approach, r.ok, r.isolated])).toEqual([['JS', true, true], ['AssemblyScript', true, true], ['native', false, undefined]]);
  }, 30_000);
});

