/** A release version: [major, minor, patch]. Pre-releases (1.0.0-beta.1) are out of scope here. */
export type Version = readonly [number, number, number];

export function parseVersion(text: string): Version {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`not a version: "${text}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Negative if a < b, 0 if equal, positive if a > b: major first, then minor, then patch, as numbers. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return 0;
}

/**
 * Does `version` satisfy `range`? A range is comparators joined by commas, and ALL of them must hold:
 * ">= 1.18.4, < 1.19.0" means 1.18.4 up to, not including, 1.19.0. Operators: >=, >, <=, <, =.
 */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  return range.split(',').every((part) => {
    const m = /^\s*(>=|<=|>|<|=)\s*(\S+)\s*$/.exec(part);
    if (!m) throw new Error(`unsupported comparator "${part.trim()}" in "${range}"`);
    const cmp = compareVersions(v, parseVersion(m[2]!));
    switch (m[1]) {
      case '>=':
        return cmp >= 0;
      case '>':
        return cmp > 0;
      case '<=':
        return cmp <= 0;
      case '<':
        return cmp < 0;
      default:
        return cmp === 0;
    }
  });
}
