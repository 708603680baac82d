import { diffLines } from 'diff';

/** 1-based, inclusive line ranges of `after` that are new or changed compared with `before`. */
export function changedLineRanges(before: string, after: string): [number, number][] {
  const ranges: [number, number][] = [];
  let line = 1;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? part.value.split('\n').length - 1;
    if (part.removed) continue;
    if (part.added && count > 0) ranges.push([line, line + count - 1]);
    line += count;
  }
  return ranges;
}
