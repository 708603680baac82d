import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { E2E_TOKEN, expect, test as base } from './fixtures.ts';

/** The benchmark lab as a learner uses it, found by roles and accessible names. */
class LabPage {
  readonly results: Locator;
  readonly history: Locator;
  readonly importInput: Locator;

  constructor(readonly page: Page) {
    this.results = page.getByRole('table', { name: 'Benchmark results' });
    this.history = page.getByRole('table', { name: 'Run history' });
    this.importInput = page.getByLabel('Import JSON report');
  }

  async open() {
    await this.page.goto(`/lab?token=${E2E_TOKEN}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Benchmark lab' })).toBeVisible();
    await expect(this.runButton).toBeEnabled();
  }

  get runButton() {
    return this.page.getByRole('button', { name: 'Run benchmarks' });
  }

  /** Only these workloads, by their titles, with the quick budget (the default). */
  async choose(titles: string[]) {
    for (const group of ['Concurrency', 'WebAssembly', 'Your kernels (edit them below)']) {
      await this.page.getByRole('group', { name: group, exact: true }).getByRole('button', { name: 'none' }).click();
    }
    for (const title of titles) await this.page.getByRole('checkbox', { name: title }).check();
  }

  async runAndWait() {
    await this.runButton.click();
    await expect(this.page.getByRole('status').filter({ hasText: /^Done: \d+ approach/ })).toBeVisible({ timeout: 60_000 });
  }

  row(label: string | RegExp) {
    return this.results.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: label }) });
  }
}

const test = base.extend<{ lab: LabPage }>({
  lab: async ({ page }, use) => {
    await use(new LabPage(page));
  },
});

test('runs a small suite in a worker, exports it as JSON and imports it back for comparison', async ({ lab, page }) => {
  await lab.open();
  await expect(page.getByRole('region', { name: 'This page' })).toContainText('Cross-origin isolated');
  await lab.choose(['I/O-bound: simulated requests (timers)', 'Checksum: FNV-1a over bytes']);
  await page.getByRole('radio', { name: /Web Worker/ }).check();
  // Smallest I/O variant: 6 requests of 1 ms, 2 at a time.
  await page.getByRole('spinbutton', { name: 'N requests' }).fill('6');
  await page.getByRole('spinbutton', { name: 'latency ms' }).fill('1');
  await page.getByRole('spinbutton', { name: 'pool k' }).fill('2');
  await lab.runAndWait();

  await expect(lab.row('Promise.all')).toContainText(/faster|slower|same/);
  await expect(lab.row('bounded pool k=2')).toBeVisible();
  await expect(lab.row('Rust Wasm SIMD')).toContainText(/\d/);
  await expect(lab.row('native')).toContainText('Skipped');
  await expect(page.getByRole('img', { name: /^Chart: mean time per approach/ })).toBeVisible();
  await expect(page.locator('.lab-chart canvas').first()).toBeVisible();
  await expect(lab.history.getByRole('row')).toHaveCount(2); // header + this run

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^benchmark-.*\.json$/);
  const exported = await readFile((await download.path())!);
  const report = JSON.parse(exported.toString('utf8')) as { results: unknown[]; environment: { runtime: string }; lab: { where: string } };
  expect(report.results).toHaveLength(8); // 3 I/O + 5 FNV-1a approaches (native skipped)
  expect(report.environment.runtime).toBe('browser');
  expect(report.lab.where).toBe('worker');

  await lab.importInput.setInputFiles({ name: 'exported.json', mimeType: 'application/json', buffer: exported });
  await expect(page.getByRole('status').filter({ hasText: 'Imported exported.json' })).toBeVisible();
  await expect(lab.history.getByRole('row')).toHaveCount(3);
  await expect(lab.history.getByRole('row', { name: /exported\.json/ })).toContainText('imported');
  const comparison = page.getByRole('table', { name: 'Run comparison' });
  await expect(comparison.getByRole('row').filter({ hasText: 'Promise.all' })).toContainText('1.00× (same)');

  // Both runs are kept in IndexedDB.
  await page.reload();
  await expect(lab.history.getByRole('row')).toHaveCount(3);
});

test('a file that is not a report is refused with a reason, and nothing is lost', async ({ lab, page }) => {
  await lab.open();
  await lab.choose(['Boundary: empty call']);
  await lab.runAndWait();
  await expect(lab.history.getByRole('row')).toHaveCount(2);

  await lab.importInput.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"schemaVersion": 1, "results": ') });
  const alert = page.getByRole('alert').filter({ hasText: 'Import failed' });
  await expect(alert).toContainText('broken.json is not JSON');
  await expect(alert).toContainText('Nothing was changed');

  const wrongShape = JSON.stringify({ schemaVersion: 1, results: 'fast', environment: {} });
  await lab.importInput.setInputFiles({ name: 'wrong.json', mimeType: 'application/json', buffer: Buffer.from(wrongShape) });
  await expect(alert).toContainText('wrong.json is a benchmark report the lab cannot read');
  await expect(alert).toContainText('environment.runtime'); // says where the file goes wrong

  await expect(lab.history.getByRole('row')).toHaveCount(2);
  await expect(lab.results).toBeVisible();
});

test('an edited kernel that gives a wrong answer is reported as an error, not timed', async ({ lab, page }) => {
  await lab.open();
  await page.getByRole('button', { name: 'Edit the kernels' }).click();
  const jsCheck = page.getByRole('status', { name: 'JavaScript check' });
  await expect(jsCheck).toContainText('FNV-1a checksum: matches the reference', { timeout: 60_000 });

  // Break FNV-1a by one, as a learner would, in the editor.
  const editor = page.getByRole('textbox', { name: 'JavaScript kernels editor' });
  await editor.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText('export function fnv1a(bytes) { return bytes.length + 1; }\n');
  await expect(jsCheck).toContainText(/FNV-1a checksum: output mismatch/, { timeout: 60_000 });

  await lab.choose(['Your kernels: FNV-1a checksum']);
  await lab.runAndWait();
  await expect(lab.row('your JS')).toContainText('Error, not timed: output mismatch');
  await expect(lab.row('JS reference')).toContainText(/\d+(\.\d+)? (ms|µs)/);
  await expect(lab.row('your AssemblyScript')).toContainText(/\d+(\.\d+)? (ms|µs)/);
});

test('runs a small selection in Node through the local runner, native Rust included when it has cargo', async ({ lab, page }) => {
  await lab.open();
  const runnerOption = page.getByRole('radio', { name: /Local runner \(Node\)/ });
  await expect(runnerOption).toBeEnabled();
  const note = (await page.locator('#runner-note').textContent()) ?? '';
  await runnerOption.check();
  // HTTP requests to a real local server (skipped in a browser) and one kernel, with the smallest sizes.
  await lab.choose(['I/O-bound: local HTTP requests', 'Checksum: FNV-1a over bytes']);
  await page.getByRole('spinbutton', { name: 'N requests' }).fill('6');
  await page.getByRole('spinbutton', { name: 'latency ms' }).fill('1');
  await page.getByRole('spinbutton', { name: 'pool k' }).fill('2');
  await lab.runAndWait();

  await expect(lab.row('Promise.all')).toContainText(/faster|slower|same/);
  await expect(lab.row('Rust Wasm SIMD')).toContainText(/\d+(\.\d+)? (ms|µs)/);
  if (note.includes('cargo found')) await expect(lab.row('native')).toContainText(/\d+(\.\d+)? (ms|µs)/);
  else await expect(lab.row('native')).toContainText('Skipped');
  const environment = page.getByLabel('Environment of this run');
  await expect(environment).toContainText(/node v\d+\.\d+\.\d+/);
  await expect(environment).toContainText('n/a (Node)');
  await expect(lab.history.getByRole('row', { name: /Local runner \(Node\)/ })).toBeVisible();
});

/** The report behind "Export JSON", as the learner would save it. */
async function exportedReport(page: Page): Promise<{ results: Array<{ workload: string; approach: string; ok: boolean; isolated?: boolean; isolationReason?: string }> }> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON', exact: true }).click();
  const download = await downloading;
  return JSON.parse((await readFile((await download.path())!)).toString('utf8'));
}

test('times each Wasm-suite approach in a fresh Web Worker of its own, from the main thread and from the bench worker', async ({ lab, page }) => {
  const isolates: string[] = [];
  const closed: string[] = [];
  page.on('worker', (worker) => {
    if (!/isolate-worker/.test(worker.url())) return;
    isolates.push(worker.url());
    worker.on('close', () => closed.push(worker.url()));
  });
  await lab.open();
  await lab.choose(['Checksum: FNV-1a over bytes']);
  await lab.runAndWait();
  await expect(lab.row('Rust Wasm SIMD')).toContainText('isolated');
  await expect(lab.results.getByRole('columnheader', { name: /Checksum: FNV-1a/ })).toContainText('each approach in a fresh worker');
  const report = await exportedReport(page);
  const measured = report.results.filter((r) => r.approach !== 'native');
  expect(measured.map((r) => [r.approach, r.ok, r.isolated])).toEqual([
    ['JS', true, true],
    ['Rust Wasm', true, true],
    ['Rust Wasm SIMD', true, true],
    ['AssemblyScript', true, true],
  ]);
  expect(report.results.find((r) => r.approach === 'native')?.isolated).toBeUndefined();
  // One worker per approach, each terminated once it reported.
  expect(isolates).toHaveLength(4);
  await expect.poll(() => closed.length).toBe(4);

  // The engine in the bench worker starts the isolates as nested workers.
  await page.getByRole('radio', { name: /Web Worker/ }).check();
  await lab.choose(['Boundary: empty call']);
  await lab.runAndWait();
  const fromWorker = await exportedReport(page);
  expect(fromWorker.results.map((r) => [r.approach, r.ok, r.isolated])).toEqual([
    ['JS', true, true],
    ['Rust Wasm', true, true],
    ['AssemblyScript', true, true],
  ]);
});

test('when the isolate worker cannot start, the approaches run in the page’s isolate and the page says why', async ({ lab, page }) => {
  await page.context().route(/isolate-worker/, (route) => route.abort());
  await lab.open();
  await lab.choose(['Boundary: empty call']);
  await lab.runAndWait();
  await expect(lab.row('Rust Wasm')).toContainText('not isolated');
  await expect(lab.results.getByRole('columnheader', { name: /Boundary: empty call/ })).toContainText('not isolated: the isolate worker did not start');
  const report = await exportedReport(page);
  expect(report.results.map((r) => [r.approach, r.ok, r.isolated])).toEqual([
    ['JS', true, false],
    ['Rust Wasm', true, false],
    ['AssemblyScript', true, false],
  ]);
  for (const r of report.results) expect(r.isolationReason).toMatch(/the isolate worker did not start/);
});
