// Example-based unit tests: the cases someone thought of. The starter passes all of them,
// and is still wrong. See paginate.property.test.ts for what they miss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageCount, pageRange } from '../src/paginate.js';

test('examples: 25 items, 10 per page', () => {
  assert.equal(pageCount(25, 10), 3, 'pageCount(25, 10) should be 3');
  assert.deepEqual(pageRange(25, 1, 10), { start: 0, end: 10 }, 'page 1 holds items 0..10');
  assert.deepEqual(pageRange(25, 3, 10), { start: 20, end: 25 }, 'page 3, the last, holds the remaining 5 items');
  assert.equal(pageRange(25, 4, 10), null, 'page 4 does not exist');
  assert.equal(pageRange(25, 0, 10), null, 'pages are 1-based: page 0 does not exist');
});

test('examples: an empty list has one empty page', () => {
  assert.equal(pageCount(0, 10), 1, 'an empty list still has page 1');
  assert.deepEqual(pageRange(0, 1, 10), { start: 0, end: 0 }, 'page 1 of an empty list exists and is empty (answer 200 with [], not 404)');
});

test('examples: a page size below 1 has no pages', () => {
  for (const size of [0, -5]) {
    assert.equal(pageRange(10, 1, size), null, `pageRange(10, 1, ${size}) should be null: with ${size} items per page no page exists (keep the perPage < 1 check)`);
  }
});
