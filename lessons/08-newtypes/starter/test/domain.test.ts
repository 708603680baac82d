import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_NAME_LENGTH, MAX_USER_ID, parseEmail, parseUserId, parseUserName } from '../src/domain.js';

/**
 * Runs a property like fc.assert, with a fixed seed so that Check gives the same answer every time,
 * and fails with the property's own message, the shrunk counterexample and the seed.
 */
function holds<Ts>(property: fc.IProperty<Ts>): void {
  const out = fc.check(property, { numRuns: 200, seed: 2026 });
  if (!out.failed) return;
  const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
  assert.fail(`${cause}\n  counterexample: ${fc.stringify(out.counterexample)} (found by fast-check in ${out.numRuns} runs, seed ${out.seed})`);
}

test('parseUserId accepts canonical ids from 1 to MAX_USER_ID', () => {
  for (const [raw, id] of [['1', 1], ['42', 42], [String(MAX_USER_ID), MAX_USER_ID]] as const) {
    assert.deepEqual(parseUserId(raw), { ok: true, value: id }, `parseUserId("${raw}") should be { ok: true, value: ${id} }`);
  }
  holds(
    fc.property(fc.integer({ min: 1, max: MAX_USER_ID }), (n) => {
      const parsed = parseUserId(String(n));
      assert.ok(parsed.ok && parsed.value === n, `parseUserId("${n}") should accept ${n}`);
    }),
  );
});

test('parseUserId rejects everything else, saying why', () => {
  const invalid = ['0', '-1', '1.5', 'abc', '', '12abc', '1e3', '0x1F', ' 7', String(MAX_USER_ID + 1), '99999999999999999999'];
  for (const raw of invalid) {
    const parsed = parseUserId(raw);
    assert.equal(parsed.ok, false, `parseUserId("${raw}") should be rejected, but it was accepted as ${parsed.ok ? parsed.value : ''}`);
    if (!parsed.ok) {
      assert.match(parsed.error, /user id/, `the error for "${raw}" should name the field ("user id …"), got "${parsed.error}"`);
      assert.ok(parsed.error.includes(`"${raw}"`), `the error for "${raw}" should quote the input, got "${parsed.error}"`);
    }
  }
  // Any string that is not a canonical decimal number is refused.
  holds(
    fc.property(
      fc.string().filter((s) => !/^[1-9][0-9]*$/.test(s)),
      (raw) => {
        assert.equal(parseUserId(raw).ok, false, `parseUserId(${JSON.stringify(raw)}) should be rejected`);
      },
    ),
  );
});

test('parseEmail normalises valid addresses and rejects the rest', () => {
  assert.deepEqual(
    parseEmail('  Ada@Example.COM '),
    { ok: true, value: 'Ada@example.com' },
    'parseEmail should trim and lower-case the domain only: "  Ada@Example.COM " -> "Ada@example.com"',
  );
  const longest = `${'a'.repeat(242)}@example.com`; // 254 characters, the limit
  assert.deepEqual(parseEmail(` ${longest} `), { ok: true, value: longest }, 'an email of exactly 254 characters once trimmed is allowed ("at most 254")');
  const tooLong = `${'a'.repeat(250)}@example.com`;
  for (const raw of ['ada', 'ada@', '@example.com', 'ada @example.com', 'ada@localhost', 'ada@exa..mple.com', tooLong, '', 42, null, undefined]) {
    const parsed = parseEmail(raw);
    assert.equal(parsed.ok, false, `parseEmail(${JSON.stringify(raw)}) should be rejected`);
    if (!parsed.ok) assert.match(parsed.error, /email/, `the error for ${JSON.stringify(raw)} should name the field ("email …"), got "${parsed.error}"`);
  }
});

test('parseEmail splits at the last @ and allows only letters, digits and - in domain labels', () => {
  assert.deepEqual(
    parseEmail('"a@b"@Example.ORG'),
    { ok: true, value: '"a@b"@example.org' },
    `parseEmail should split at the last "@": '"a@b"@Example.ORG' has the domain Example.ORG and becomes '"a@b"@example.org'`,
  );
  for (const raw of ['ada@exa_mple.com', 'ada@example.c*m', 'ada@example.com.', 'ada@.example.com', 'ada@ex ample.com']) {
    const parsed = parseEmail(raw);
    assert.equal(parsed.ok, false, `parseEmail(${JSON.stringify(raw)}) should be rejected: each domain label is letters, digits and "-", separated by single dots`);
  }
});

test('parseUserName trims and limits the length', () => {
  assert.deepEqual(parseUserName('  Grace Hopper '), { ok: true, value: 'Grace Hopper' }, 'parseUserName should trim: "  Grace Hopper " -> "Grace Hopper"');
  assert.equal(parseUserName('x'.repeat(MAX_NAME_LENGTH)).ok, true, `a name of exactly ${MAX_NAME_LENGTH} characters is allowed`);
  for (const raw of ['', '   ', 'x'.repeat(MAX_NAME_LENGTH + 1), 7]) {
    const parsed = parseUserName(raw);
    assert.equal(parsed.ok, false, `parseUserName(${JSON.stringify(raw).slice(0, 20)}) should be rejected`);
    if (!parsed.ok) assert.match(parsed.error, /name/, `the error should name the field ("name …"), got "${parsed.error}"`);
  }
});
