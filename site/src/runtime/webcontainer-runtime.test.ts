import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeWebContainerApi, hangingWebContainerApi } from './contract/fake-webcontainer.ts';
import { describeRuntimeContract } from './contract/runtime-contract.ts';
import { toFileSystemTree, WebContainerRuntime } from './webcontainer-runtime.ts';

// WebContainer's hosted boot (an iframe from stackblitz.com) cannot be reached from this machine or
// CI, so the adapter is tested against a TEST DOUBLE of @webcontainer/api (fake-webcontainer.ts)
// that keeps the API's shapes and runs real processes. The adapter itself is typed against the real
// API (see WebContainerLike in webcontainer-runtime.ts).
describeRuntimeContract('WebContainerRuntime against a test double of @webcontainer/api', async () => {
  const api = createFakeWebContainerApi(path.resolve('node_modules'));
  return { runtime: new WebContainerRuntime(api), teardown: async () => undefined };
});

describe('WebContainerRuntime boot', () => {
  it('reports a boot that never settles (offline) as failed with the cause and what to do', async () => {
    const runtime = new WebContainerRuntime(hangingWebContainerApi, 200);
    await expect(runtime.boot()).rejects.toThrow(/did not boot within/);
    const status = runtime.status.get();
    expect(status.state).toBe('failed');
    if (status.state !== 'failed') return;
    expect(status.cause).toMatch(/stackblitz\.com\) could not be reached/);
    expect(status.remedy).toMatch(/npm install && npm start/);
  });

  it('boots once per page however often it is asked', async () => {
    const api = createFakeWebContainerApi(path.resolve('node_modules'));
    const runtime = new WebContainerRuntime(api);
    await Promise.all([runtime.boot(), runtime.boot(), runtime.boot()]);
    expect(api.bootCalls).toBe(1);
    runtime.dispose();
  });

  it('turns flat project files into a WebContainer file tree', () => {
    expect(toFileSystemTree({ 'package.json': '{}', 'src/a.js': 'a', 'src/lib/b.js': 'b' })).toEqual({
      'package.json': { file: { contents: '{}' } },
      src: { directory: { 'a.js': { file: { contents: 'a' } }, lib: { directory: { 'b.js': { file: { contents: 'b' } } } } } },
    });
  });

  it('installs a lesson\'s dependencies once, even when Run and Check mount at the same time', async () => {
    let container: { installs: number } | undefined;
    const api = createFakeWebContainerApi(path.resolve('node_modules'));
    const runtime = new WebContainerRuntime({ boot: async () => (container = (await api.boot()) as unknown as { installs: number }) as never });
    const files = { 'package.json': JSON.stringify({ name: 'x', type: 'module', dependencies: { zod: '^4' } }) };
    await Promise.all([runtime.mount({ lessonId: '01-x', files }), runtime.mount({ lessonId: '01-x', files })]);
    await runtime.mount({ lessonId: '01-x', files });
    expect(container!.installs).toBe(1);
    runtime.dispose();
  });
});
