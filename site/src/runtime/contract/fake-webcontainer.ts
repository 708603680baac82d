import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FileSystemTree, WebContainerProcess } from '@webcontainer/api';
import type { WebContainerApi, WebContainerLike } from '../webcontainer-runtime.ts';

/**
 * TEST DOUBLE of @webcontainer/api. The real WebContainer.boot() loads an iframe from stackblitz.com,
 * which this machine and CI cannot reach, so the contract tests run the WebContainer adapter against
 * this stand-in. It keeps the API's shapes (mount trees, spawn() with a pty-like merged output
 * stream, exit promise, kill(), 'server-ready' events) and does the work for real: files in a temp
 * folder, real `npm run` child processes, real ports. `npm install` links the root node_modules
 * instead of downloading, since WebContainer's registry proxy is unreachable too.
 */
export function createFakeWebContainerApi(nodeModulesDir: string): WebContainerApi & { bootCalls: number } {
  const api = {
    bootCalls: 0,
    async boot(): Promise<WebContainerLike> {
      api.bootCalls++;
      return new FakeWebContainer(nodeModulesDir);
    },
  };
  return api;
}

/** A double whose boot never settles, like the real one offline. */
export const hangingWebContainerApi: WebContainerApi = { boot: () => new Promise(() => undefined) };

class FakeWebContainer implements WebContainerLike {
  private readonly workdir = mkdtempSync(path.join(os.tmpdir(), 'fake-webcontainer-'));
  private readonly serverListeners = new Set<(port: number, url: string) => void>();
  private readonly children = new Set<number>();
  private nextPort = 0;
  /** How many `npm install`s were started (tests check that they never overlap). */
  installs = 0;

  constructor(private readonly nodeModulesDir: string) {}

  fs = {
    mkdir: async (p: string, _o: { recursive: true }) => {
      mkdirSync(this.resolve(p), { recursive: true });
      return p;
    },
  };

  async mount(tree: FileSystemTree, options?: { mountPoint?: string }) {
    const write = (dir: string, t: FileSystemTree) => {
      for (const [name, node] of Object.entries(t)) {
        const target = path.join(dir, name);
        if ('directory' in node) {
          mkdirSync(target, { recursive: true });
          write(target, node.directory);
        } else if ('file' in node && 'contents' in node.file) {
          writeFileSync(target, node.file.contents);
        }
      }
    };
    write(this.resolve(options?.mountPoint ?? '.'), tree);
  }

  async spawn(command: string, args: string[], options?: { cwd?: string; env?: Record<string, string> }): Promise<WebContainerProcess> {
    const cwd = this.resolve(options?.cwd ?? '.');
    if (command === 'npm' && args[0] === 'install') {
      this.installs++;
      try {
        symlinkSync(this.nodeModulesDir, path.join(cwd, 'node_modules'), 'dir');
      } catch {
        // already linked
      }
      return finished('up to date (test double: root node_modules linked)\r\n', 0);
    }
    // In a real WebContainer ports are virtual: 'server-ready' names the port the process asked for
    // (PORT) and gives a URL for it. Here each run gets a free real port behind that name.
    const port = 40000 + (process.pid % 5000) + this.nextPort++;
    const virtualPort = Number(options?.env?.PORT ?? port);
    const child = spawn(command, args, { cwd, detached: true, env: { ...process.env, ...options?.env, PORT: String(port) } });
    this.children.add(child.pid!);
    let stopWatching = false;
    const output = new ReadableStream<string>({
      start(controller) {
        // A pty merges stdout and stderr and ends lines with CRLF.
        const push = (b: Buffer) => controller.enqueue(b.toString('utf8').replace(/\n/g, '\r\n'));
        child.stdout.on('data', push);
        child.stderr.on('data', push);
        child.on('close', () => controller.close());
      },
    });
    const exit = new Promise<number>((resolve) =>
      child.on('close', (code) => {
        stopWatching = true;
        this.children.delete(child.pid!);
        resolve(code ?? 1);
      }),
    );
    void (async () => {
      while (!stopWatching) {
        if (await portOpen(port)) {
          for (const l of this.serverListeners) l(virtualPort, `http://127.0.0.1:${port}/`);
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    };
    return { output, exit, kill, input: new WritableStream<string>(), resize: () => undefined };
  }

  on(_event: 'server-ready', listener: (port: number, url: string) => void) {
    this.serverListeners.add(listener);
    return () => this.serverListeners.delete(listener);
  }

  teardown() {
    for (const pid of this.children) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    rmSync(this.workdir, { recursive: true, force: true });
  }

  private resolve(p: string) {
    const full = path.resolve(this.workdir, p.replace(/^\/+/, ''));
    if (!full.startsWith(this.workdir)) throw new Error(`path outside the container: ${p}`);
    return full;
  }
}

function finished(text: string, code: number): WebContainerProcess {
  return {
    output: new ReadableStream<string>({
      start(c) {
        c.enqueue(text);
        c.close();
      },
    }),
    exit: Promise.resolve(code),
    kill: () => undefined,
    input: new WritableStream<string>(),
    resize: () => undefined,
  };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
