import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, meetsMinimum, resolveFeatures } from '../src/config.js';

const sorted = (set: ReadonlySet<string>) => [...set].sort();

test('meetsMinimum compares versions as numbers, part by part', () => {
  const cases: [string, string, boolean][] = [
    ['20.10.0', '>=20.10.0', true],
    ['20.11.1', '>=20.10.0', true],
    ['20.9.0', '>=20.10.0', false],
    ['100.0.0', '>=20.10.0', true],
    ['v22.1.0', '>=20.10.0', true],
    ['19.99.99', '>=20.10.0', false],
  ];
  for (const [actual, required, expected] of cases) {
    assert.equal(
      meetsMinimum(actual, required),
      expected,
      `meetsMinimum("${actual}", "${required}") should be ${expected}: compare major, minor, patch as numbers, not as text`,
    );
  }
});

test('loadConfig refuses to start on a runtime older than engines.node (like rust-version)', () => {
  assert.throws(
    () => loadConfig({}, '20.9.0'),
    /requires node >=20\.10\.0/,
    'node 20.9.0 is older than the manifest minimum 20.10.0; loadConfig should throw "requires node >=20.10.0 ..."',
  );
  assert.doesNotThrow(() => loadConfig({}, '20.10.0'), 'node 20.10.0 is exactly the minimum and must be accepted');
});

test('default features are on unless APP_NO_DEFAULT_FEATURES=1', () => {
  assert.deepEqual(sorted(loadConfig({}, '20.11.0').features), ['json-logs'], 'with no variables set, only the default feature "json-logs" should be on');
  assert.deepEqual(
    sorted(loadConfig({ APP_FEATURES: 'metrics' }, '20.11.0').features),
    ['json-logs', 'metrics'],
    'APP_FEATURES=metrics adds to the defaults, like `cargo build --features metrics`',
  );
  assert.deepEqual(
    sorted(loadConfig({ APP_FEATURES: 'metrics', APP_NO_DEFAULT_FEATURES: '1' }, '20.11.0').features),
    ['metrics'],
    'APP_NO_DEFAULT_FEATURES=1 must drop the defaults, like `--no-default-features`: expected only "metrics"',
  );
  assert.deepEqual(
    sorted(resolveFeatures([], false)),
    [],
    'resolveFeatures([], false) should enable nothing at all',
  );
});

test('a feature turns on the features it lists, transitively', () => {
  assert.deepEqual(
    sorted(resolveFeatures(['tracing'], false)),
    ['json-logs', 'tracing'],
    '"tracing" lists "json-logs" in the manifest, so enabling tracing must enable json-logs too',
  );
  assert.deepEqual(
    sorted(resolveFeatures(['full'], false)),
    ['full', 'json-logs', 'metrics', 'tracing'],
    '"full" turns on metrics and tracing, and tracing turns on json-logs: expected all four',
  );
  assert.deepEqual(
    sorted(loadConfig({ APP_FEATURES: ' tracing , metrics,' }, '20.11.0').features),
    ['json-logs', 'metrics', 'tracing'],
    'spaces and an empty entry in APP_FEATURES should be ignored',
  );
});

test('an unknown feature name is rejected, not ignored', () => {
  assert.throws(
    () => resolveFeatures(['metrcs'], true),
    (e: unknown) => e instanceof Error && /unknown feature "metrcs"/.test(e.message) && /\bjson-logs, metrics\b/.test(e.message),
    'resolveFeatures(["metrcs"]) should throw `unknown feature "metrcs"` and list the known features, separated by ", " (a typo must not silently turn metrics off)',
  );
  assert.throws(
    () => loadConfig({ APP_FEATURES: 'metrics,jsonlogs' }, '20.11.0'),
    /unknown feature "jsonlogs"/,
    'loadConfig with APP_FEATURES=metrics,jsonlogs should throw for "jsonlogs"',
  );
});
