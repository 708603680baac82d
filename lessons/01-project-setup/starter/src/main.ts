import { loadConfig } from './config.js';
import { manifest } from './manifest.js';

// Try: APP_FEATURES=full node src/main.js   or   APP_NO_DEFAULT_FEATURES=1 APP_FEATURES=metrics node src/main.js
try {
  const config = loadConfig(process.env, process.versions.node);
  console.log(`${manifest.name} ${manifest.version} on node ${config.nodeVersion} (requires ${manifest.engines.node})`);
  console.log(`features: ${[...config.features].sort().join(', ') || '(none)'}`);
  if (config.features.has('metrics')) console.log('metrics: exporter enabled on /metrics');
} catch (e) {
  console.error(`config error: ${(e as Error).message}`);
  process.exitCode = 1;
}
