// The smallest page that drives the engine the way the /lab page will: browser platform, quick profile,
// progress callback. browser-smoke.ts reads the console and the #status element.
import { createBrowserPlatform } from '../../engine/platform-browser.ts';
import { listWorkloads, runBenchmarks, selectWorkloads } from '../../index.ts';

const status = document.getElementById('status') as HTMLElement;
try {
  const platform = createBrowserPlatform();
  const capabilities = await platform.capabilities();
  const listed = listWorkloads({ capabilities, config: { profile: 'quick' } });
  console.log(`listed ${listed.length} workloads`);
  const report = await runBenchmarks({
    platform,
    workloads: selectWorkloads(),
    config: { profile: 'quick' },
    onProgress(event) {
      if (event.type === 'result') console.log(`RESULT ${JSON.stringify(event.result)}`);
    },
  });
  console.log(`REPORT ${JSON.stringify(report)}`);
  status.textContent = 'done';
} catch (error) {
  status.textContent = `error: ${error instanceof Error ? error.message : String(error)}`;
}
