import { compareVersions, parseVersion, satisfies } from './semver.js';

/** One advisory, with the fields of a RustSec advisory's [advisory] and [versions] tables. */
export interface Advisory {
  id: string;
  package: string;
  title: string;
  /** "unsound", "unmaintained", ...: reported as a warning rather than a vulnerability. */
  informational?: string;
  /** Ranges that contain a fix. */
  patched: string[];
  /** Ranges that never had the bug. */
  unaffected: string[];
}

export interface LockedPackage {
  name: string;
  version: string;
}

export interface Finding {
  id: string;
  package: string;
  version: string;
  title: string;
  warning: boolean;
}

/**
 * RustSec's rule, as `cargo audit` applies it: a version is affected unless it lies in one of the
 * `patched` ranges or one of the `unaffected` ranges. (The list is OR; each range inside is AND.)
 */
export function isAffected(version: string, advisory: Advisory): boolean {
  const safe = [...advisory.patched, ...advisory.unaffected];
  return !safe.some((range) => satisfies(version, range));
}

/** Every (advisory, locked package) pair that is affected, sorted by advisory id, then version. */
export function audit(locked: LockedPackage[], advisories: Advisory[]): Finding[] {
  const findings: Finding[] = [];
  for (const advisory of advisories) {
    for (const pkg of locked) {
      if (pkg.name !== advisory.package || !isAffected(pkg.version, advisory)) continue;
      findings.push({
        id: advisory.id,
        package: pkg.name,
        version: pkg.version,
        title: advisory.title,
        warning: advisory.informational !== undefined,
      });
    }
  }
  return findings.sort(
    (a, b) => a.id.localeCompare(b.id) || compareVersions(parseVersion(a.version), parseVersion(b.version)),
  );
}
