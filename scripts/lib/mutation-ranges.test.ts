import { describe, expect, it } from 'vitest';
import { changedLineRanges } from './mutation-ranges.ts';

describe('changedLineRanges', () => {
  it('gives the lines of the new text that were added or changed', () => {
    expect(changedLineRanges('a\nb\nc\n', 'a\nx\ny\nc\nz\n')).toEqual([
      [2, 3],
      [5, 5],
    ]);
  });
  it('gives nothing when only lines were removed', () => {
    expect(changedLineRanges('a\nb\nc\n', 'a\nc\n')).toEqual([]);
  });
  it('covers a whole new file', () => {
    expect(changedLineRanges('', 'one\ntwo\n')).toEqual([[1, 2]]);
  });
});
