import { audit } from './audit.js';
import { ADVISORIES, CARGO_LOCK, parseCargoLock } from './data.js';

// A tiny `cargo audit`: the exact versions from Cargo.lock against the advisory database.
const locked = parseCargoLock(CARGO_LOCK);
console.log(`Scanning Cargo.lock: ${locked.length} packages, ${ADVISORIES.length} advisories`);

const findings = audit(locked, ADVISORIES);
for (const f of findings) {
  console.log(`${f.warning ? 'warning' : 'error  '} ${f.id} ${f.package} ${f.version}: ${f.title}`);
}
const errors = findings.filter((f) => !f.warning).length;
const warnings = findings.length - errors;
console.log(`${errors} vulnerabilities found, ${warnings} warning${warnings === 1 ? "" : "s"}`);
if (errors > 0) console.log('a CI step running this audit would fail the build here');
