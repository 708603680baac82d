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
  // TODO: this compares text, not numbers ("20.9.0" >= "20.10.0" is true for strings).
  return actual.replace(/^v/, '') >= required.replace(/^>=\s*/, '');
}

/**
 * The set of enabled features, the way Cargo computes it for `--features a,b [--no-default-features]`.
 * TODO: honour `useDefaults`, enable what each feature turns on (transitively),
 * and throw on a name the manifest does not declare, listing the known ones.
 */
export function resolveFeatures(requested: readonly string[], useDefaults: boolean): Set<FeatureName> {
  const enabled = new Set<FeatureName>(manifest.features.default);
  for (const name of requested) enabled.add(name as FeatureName);
  void useDefaults;
  void FEATURE_NAMES;
  return enabled;
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
