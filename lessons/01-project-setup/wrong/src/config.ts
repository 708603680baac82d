import { FEATURE_NAMES, manifest, type FeatureName } from './manifest.js';

export interface Config {
  nodeVersion: string;
  features: ReadonlySet<FeatureName>;
}

/** "v20.10.0" or "20.10.0" -> [20, 10, 0]. Throws on anything else. */
export function parseVersion(text: string): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`not a version: "${text}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Does the running version `actual` satisfy a minimum such as ">=20.10.0"? */
export function meetsMinimum(actual: string, required: string): boolean {
  const have = parseVersion(actual);
  const need = parseVersion(required.replace(/^>=\s*/, ''));
  for (let i = 0; i < 3; i++) {
    // Compare major, then minor, then patch, as numbers: 20.10.0 is newer than 20.9.0.
    if (have[i] !== need[i]) return have[i]! > need[i]!;
  }
  return true; // equal versions meet the minimum
}

/**
 * The set of enabled features, the way Cargo computes it for `--features a,b [--no-default-features]`:
 * the defaults (unless turned off), the requested features, and everything they turn on, transitively.
 * Unknown names are skipped with a warning so that a typo never stops the service.
 */
export function resolveFeatures(requested: readonly string[], useDefaults: boolean): Set<FeatureName> {
  for (const name of requested) {
    if (!isFeature(name)) console.warn(`ignoring unknown feature "${name}"`);
  }
  const enabled = new Set<FeatureName>();
  const enable = (name: FeatureName): void => {
    if (enabled.has(name)) return;
    enabled.add(name);
    for (const implied of manifest.features[name]) enable(implied);
  };
  if (useDefaults) manifest.features.default.forEach(enable);
  requested.filter(isFeature).forEach(enable);
  return enabled;
}

function isFeature(name: string): name is FeatureName {
  return (FEATURE_NAMES as readonly string[]).includes(name);
}

/** Reads APP_FEATURES="a,b" and APP_NO_DEFAULT_FEATURES=1 from the environment. */
export function loadConfig(env: Record<string, string | undefined>, nodeVersion: string): Config {
  if (!meetsMinimum(nodeVersion, manifest.engines.node)) {
    throw new Error(`${manifest.name} requires node ${manifest.engines.node}, running ${nodeVersion}`);
  }
  const requested = (env.APP_FEATURES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const useDefaults = env.APP_NO_DEFAULT_FEATURES !== '1';
  return { nodeVersion, features: resolveFeatures(requested, useDefaults) };
}
