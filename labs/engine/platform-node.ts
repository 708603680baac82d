/**
 * Node implementation of Platform: worker_threads, a local HTTP server on 127.0.0.1, the committed .wasm
 * files from disk, and the native Rust bench through cargo. Only the CLI and Node tests import this file.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { ARTIFACTS, type WasmArtifactName } from '../wasm/manifest.ts';
import type { KernelWorkerReply, KernelWorkerRequest } from '../worker/protocol.ts';
import type { KernelWorker, LatencyServer, NativeReport, NativeRequest, Platform } from './platform.ts';
import { superviseIsolate, type FromIsolate, type IsolateHandle } from './isolate.ts';
import type { Capabilities, IsolateJob, OpenedSession } from './types.ts';

const run = promisify(execFile);
const bootstrapUrl = new URL('../worker/node-bootstrap.mjs', import.meta.url);
const kernelWorkerUrl = new URL('../worker/kernel-worker.node.ts', import.meta.url);
const isolateWorkerUrl = new URL('./isolate-worker.node.ts', import.meta.url);
const buildDir = new URL('../wasm/build/', import.meta.url);
const cargoManifest = fileURLToPath(new URL('../wasm/rust/Cargo.toml', import.meta.url));
const nativeBinary = fileURLToPath(new URL('../wasm/rust/target/release/native-bench', import.meta.url));

function createNodeKernelWorker(): KernelWorker {
  const worker = new Worker(bootstrapUrl, { workerData: { entry: kernelWorkerUrl.href } });
  return {
    post: (message: KernelWorkerRequest) => worker.postMessage(message),
    onMessage(listener) {
      const handler = (reply: KernelWorkerReply) => listener(reply);
      worker.on('message', handler);
      return () => worker.off('message', handler);
    },
    onError(listener) {
      worker.on('error', listener);
      return () => worker.off('error', listener);
    },
    async terminate() {
      await worker.terminate();
    },
  };
}

/** One approach in a new worker thread (a fresh V8 isolate: no JIT state from earlier approaches). */
function openIsolate(job: IsolateJob, signal: AbortSignal): Promise<OpenedSession> {
  const worker = new Worker(bootstrapUrl, { workerData: { entry: isolateWorkerUrl.href } });
  let terminated = false;
  const handle: IsolateHandle = {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', (message: FromIsolate) => listener(message)),
    onError(listener) {
      worker.on('error', (error) => listener(error.message));
      worker.on('exit', (code) => {
        if (!terminated) listener(`the worker exited with code ${code}`);
      });
    },
    terminate() {
      terminated = true;
      void worker.terminate();
    },
  };
  return superviseIsolate(handle, { type: 'start', job, wasm: {} }, signal);
}

async function startLatencyServer(): Promise<LatencyServer> {
  const server = createServer((req, res) => {
    const ms = Number(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('ms') ?? 0);
    const answer = () => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    };
    if (ms > 0) setTimeout(answer, ms);
    else answer();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets from fetch would hold close() open; cut them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function toolVersion(command: string): Promise<string | undefined> {
  try {
    return (await run(command, ['--version'])).stdout.trim();
  } catch {
    return undefined;
  }
}

export interface NodePlatformOptions {
  /** Skip the native approach even when cargo is present (tests that do not need it). */
  disableNative?: boolean;
}

export function createNodePlatform(options: NodePlatformOptions = {}): Platform {
  let nativeBuild: Promise<void> | undefined;
  // `cargo build` is incremental: about 0.3 s when nothing changed, a few seconds from clean.
  const ensureNativeBuilt = () =>
    (nativeBuild ??= run('cargo', ['build', '--release', '--quiet', '--manifest-path', cargoManifest], { maxBuffer: 16 << 20 }).then(
      () => undefined,
      (error: { stderr?: string; message: string }) => {
        throw new Error(`cargo build of the native bench failed: ${(error.stderr ?? error.message).trim().split('\n').slice(-5).join(' | ')}`);
      },
    ));

  return {
    name: 'node',
    async describe() {
      const [cargo, rustc] = await Promise.all([toolVersion('cargo'), toolVersion('rustc')]);
      const manifest = JSON.parse(await readFile(new URL('manifest.json', buildDir), 'utf8').catch(() => '{}')) as {
        artifacts?: Record<string, { compilerVersion?: string }>;
      };
      const tools: Record<string, string> = {};
      for (const spec of ARTIFACTS) {
        const version = manifest.artifacts?.[spec.name]?.compilerVersion;
        if (version) tools[`wasm:${spec.name}`] = version;
      }
      if (cargo) tools.cargo = cargo;
      if (rustc) tools['native rustc'] = rustc;
      return {
        runtime: 'node',
        runtimeVersion: process.versions.node,
        userAgent: `node ${process.version} (${process.platform} ${process.arch})`,
        cores: availableParallelism(),
        ...(cpus()[0]?.model ? { cpuModel: cpus()[0]!.model.trim() } : {}),
        crossOriginIsolated: null,
        sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
        loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
        tools,
      };
    },
    async capabilities(): Promise<Capabilities> {
      const cargo = options.disableNative ? undefined : await toolVersion('cargo');
      return {
        workers: { available: true },
        sharedMemory: { available: typeof SharedArrayBuffer === 'function' },
        http: { available: true },
        native: cargo
          ? { available: true }
          : { available: false, reason: options.disableNative ? 'native disabled for this run' : 'cargo not found on PATH (install Rust: https://rustup.rs)' },
      };
    },
    createKernelWorker: createNodeKernelWorker,
    async loadWasm(name: WasmArtifactName) {
      const spec = ARTIFACTS.find((a) => a.name === name);
      if (!spec) throw new Error(`unknown wasm artifact ${name}`);
      return new Uint8Array(await readFile(new URL(spec.file, buildDir)));
    },
    startLatencyServer,
    openIsolate,
    processCpuMs() {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    },
    async runNative(request: NativeRequest, signal: AbortSignal): Promise<NativeReport> {
      await ensureNativeBuilt();
      const args = ['--kernel', request.kernel, '--time-ms', String(request.timeMs), '--warmup-ms', String(request.warmupMs), '--min-samples', String(request.minSamples)];
      if (request.size !== undefined) args.push('--size', String(request.size));
      if (request.width !== undefined) args.push('--width', String(request.width));
      if (request.height !== undefined) args.push('--height', String(request.height));
      const { stdout } = await run(nativeBinary, args, { signal, maxBuffer: 64 << 20 });
      return JSON.parse(stdout) as NativeReport;
    },
  };
}
