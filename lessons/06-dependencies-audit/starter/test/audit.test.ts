import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, parseVersion, satisfies } from '../src/semver.js';
import { audit, isAffected } from '../src/audit.js';
import { ADVISORIES, CARGO_LOCK, parseCargoLock } from '../src/data.js';

const advisory = (id: string) => ADVISORIES.find((a) => a.id === id)!;

test('compareVersions orders versions by number, not by text', () => {
  const sign = (a: string, b: string) => Math.sign(compareVersions(parseVersion(a), parseVersion(b)));
  const cases: [string, string, number][] = [
    ['1.9.0', '1.18.4', -1],
    ['1.18.4', '1.9.0', 1],
    ['0.2.23', '0.2.9', 1],
    ['2.0.0', '1.99.99', 1],
    ['1.20.3', '1.20.3', 0],
  ];
  for (const [a, b, expected] of cases) {
    assert.equal(sign(a, b), expected, `compareVersions(${a}, ${b}) should be ${expected < 0 ? 'negative' : expected > 0 ? 'positive' : '0'}: compare major, minor and patch as numbers ("9" < "18")`);
  }
});

test('satisfies: every comparator in a comma-separated range must hold', () => {
  const cases: [string, string, boolean][] = [
    ['1.18.4', '>= 1.18.4, < 1.19.0', true],
    ['1.18.9', '>= 1.18.4, < 1.19.0', true],
    ['1.19.0', '>= 1.18.4, < 1.19.0', false],
    ['1.17.0', '>= 1.18.4, < 1.19.0', false],
    ['1.44.2', '>= 1.44.2', true],
    ['1.6.9', '< 1.7.0', true],
    ['1.7.0', '< 1.7.0', false],
    ['0.2.3', '=0.2.3', true],
    ['0.2.30', '=0.2.3', false],
    ['1.0.0', '> 1.0.0', false],
    ['1.0.1', '> 1.0.0', true],
    ['1.0.0', '<= 1.0.0', true],
    ['0.9.9', '<= 1.0.0', true],
    ['1.0.1', '<= 1.0.0', false],
    ['1.2.6', '>=1.2.0,<1.2.7', true],
    ['1.2.7', '>=1.2.0,<1.2.7', false],
    ['1.5.0', ' >= 1.0.0 , < 2.0.0 ', true],
    ['2.0.0', ' >= 1.0.0 , < 2.0.0 ', false],
  ];
  for (const [version, range, expected] of cases) {
    assert.equal(
      satisfies(version, range),
      expected,
      `satisfies("${version}", "${range}") should be ${expected}${range.includes(',') ? ': a comma means AND, both bounds must hold' : ''}${range.includes(' ,') ? ' (spaces around a comparator, also before the comma, are allowed)' : ''}`,
    );
  }
});

test('RUSTSEC-2023-0001 (tokio): affected unless in a patched or unaffected range', () => {
  const adv = advisory('RUSTSEC-2023-0001');
  const cases: [string, boolean, string][] = [
    ['1.6.0', false, 'below 1.7.0 is unaffected'],
    ['1.18.3', true, 'in no patched range'],
    ['1.18.4', false, 'patched by the 1.18.x backport'],
    ['1.19.2', true, 'the 1.19 line got no fix'],
    ['1.20.1', true, 'the 1.20 fix came in 1.20.3'],
    ['1.20.3', false, 'patched by the 1.20.x backport'],
    ['1.22.0', true, 'in no patched range'],
    ['1.23.1', false, 'the fix in the main line'],
    ['1.40.0', false, '>= 1.23.1 is patched'],
  ];
  for (const [version, expected, why] of cases) {
    assert.equal(isAffected(version, adv), expected, `tokio ${version} should ${expected ? '' : 'not '}be affected by RUSTSEC-2023-0001 (${why})`);
  }
});

test('RUSTSEC-2020-0071 (time): exact unaffected versions and a patched floor', () => {
  const adv = advisory('RUSTSEC-2020-0071');
  const cases: [string, boolean][] = [
    ['0.1.45', true],
    ['0.2.5', false],
    ['0.2.7', true],
    ['0.2.22', true],
    ['0.2.23', false],
    ['0.3.36', false],
  ];
  for (const [version, expected] of cases) {
    assert.equal(isAffected(version, adv), expected, `time ${version} should ${expected ? '' : 'not '}be affected by RUSTSEC-2020-0071`);
  }
});

test('audit reports each affected locked package, and only those', () => {
  const locked = parseCargoLock(CARGO_LOCK);
  const found = audit(locked, ADVISORIES).map((f) => `${f.id} ${f.package} ${f.version}${f.warning ? ' (warning)' : ''}`);
  assert.deepEqual(
    found,
    [
      'RUSTSEC-2020-0071 time 0.1.45',
      'RUSTSEC-2023-0001 tokio 1.20.1',
      'RUSTSEC-2025-0023 tokio 1.20.1 (warning)',
    ],
    'expected time 0.1.45 (not time 0.3.36), tokio 1.20.1 for 2023-0001, and the unsound 2025-0023 as a warning; tokio 1.20.1 is patched for 2021-0124 (>= 1.13.1)',
  );
  assert.deepEqual(audit([{ name: 'tokio', version: '1.44.2' }], ADVISORIES), [], 'tokio 1.44.2 is patched for every tokio advisory here: the report should be empty');
});
