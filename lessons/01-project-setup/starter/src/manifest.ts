/**
 * The service's manifest: the TypeScript twin of a Cargo.toml `[package]` + `[features]` table.
 * `engines.node` plays the role of `rust-version` (the oldest runtime the service supports) and
 * `features` maps each feature to the features it turns on, exactly like Cargo's `[features]`.
 */
export const manifest = {
  name: 'orders-service',
  version: '1.4.0',
  engines: { node: '>=20.10.0' },
  features: {
    default: ['json-logs'],
    'json-logs': [],
    metrics: [],
    tracing: ['json-logs'],
    full: ['metrics', 'tracing'],
  },
} as const;

/** Every real feature name ("default" is only a list of features, not a feature of its own). */
export type FeatureName = Exclude<keyof typeof manifest.features, 'default'>;

export const FEATURE_NAMES = Object.keys(manifest.features).filter((f) => f !== 'default') as FeatureName[];
