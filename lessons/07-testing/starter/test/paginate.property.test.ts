// Property-based tests with fast-check: each property must hold for every input, and fast-check
// searches for a counterexample (then shrinks it to a small one). A failure ends with the line
// "counterexample: [...]": [total, perPage] or [total, page, perPage], the arguments that break it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pageCount, pageRange } from '../src/paginate.js';

/**
 * Runs a property like fc.assert, but fails with the property's own assertion message and the
 * shrunk counterexample first, so the Check panel shows what broke and for which input (and the seed).
 */
function holds<Ts>(property: fc.IProperty<Ts>): void {
  const out = fc.check(property, { numRuns: 200, seed: 2026 }); // fixed seed: Check gives the same answer every time
  if (!out.failed) return;
  const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
  assert.fail(`${cause}\n  counterexample: ${fc.stringify(out.counterexample)} (found by fast-check in ${out.numRuns} runs, seed ${out.seed})`);
}

const total = fc.integer({ min: 0, max: 1000 });
const perPage = fc.integer({ min: 1, max: 100 });

test('property: the pages, in order, cover every item exactly once', () => {
  holds(
    fc.property(total, perPage, (n, size) => {
      const covered: number[] = [];
      for (let p = 1; p <= pageCount(n, size); p++) {
        const r = pageRange(n, p, size);
        assert.ok(r, `page ${p} of ${pageCount(n, size)} should exist for ${n} items, ${size} per page`);
        for (let i = r.start; i < r.end; i++) covered.push(i);
      }
      assert.deepEqual(covered, Array.from({ length: n }, (_, i) => i), `pages must cover items 0..${n} with no gap, overlap or extra`);
    }),
  );
});

test('property: no page is empty, except page 1 of an empty list', () => {
  holds(
    fc.property(total, perPage, (n, size) => {
      for (let p = 1; p <= pageCount(n, size); p++) {
        const r = pageRange(n, p, size);
        if (n === 0) continue;
        assert.ok(
          r && r.end > r.start,
          `page ${p} of ${pageCount(n, size)} is empty for ${n} items, ${size} per page (is pageCount one too high when the items fill the pages exactly?)`,
        );
      }
    }),
  );
});

test('property: the page after the last one does not exist', () => {
  holds(
    fc.property(total, perPage, (n, size) => {
      const after = pageCount(n, size) + 1;
      assert.equal(pageRange(n, after, size), null, `pageRange(${n}, ${after}, ${size}) should be null: page ${after} is past the last page`);
    }),
  );
});

test('property: a page number that is not a whole number from 1 up is rejected', () => {
  // What Number(query.page) can give you: 2.5, NaN (from "abc"), Infinity, 0 or a negative number.
  const notAPage = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 99 })).map(([whole, cents]) => whole + cents / 100),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    fc.integer({ min: -1000, max: 0 }),
  );
  holds(
    fc.property(total, notAPage, perPage, (n, page, size) => {
      assert.equal(pageRange(n, page, size), null, `pageRange(${n}, ${page}, ${size}) should be null: ?page=${page} is not a page`);
    }),
  );
});
