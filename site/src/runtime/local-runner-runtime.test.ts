import path from 'node:path';
import { startRunner } from '../../../runner/server.ts';
import { contractLesson } from './contract/contract-lesson.ts';
import { describeRuntimeContract } from './contract/runtime-contract.ts';
import { LocalRunnerRuntime } from './local-runner-runtime.ts';

// The real thing: the runner's HTTP service on a free loopback port, real child processes.
describeRuntimeContract('LocalRunnerRuntime against the real local runner', async () => {
  const runner = await startRunner({
    host: '127.0.0.1',
    port: 0,
    token: 'contract-token',
    distDir: null,
    lessons: [contractLesson],
    nodeModulesDir: path.resolve('node_modules'),
    version: 'test',
  });
  return { runtime: new LocalRunnerRuntime(runner.url, 'contract-token'), teardown: () => runner.close() };
});
