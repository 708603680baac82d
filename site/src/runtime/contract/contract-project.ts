import type { ProjectFiles } from '../types.ts';

/**
 * The project both runtime implementations are tested with: `run` prints, serves a page on PORT and
 * keeps running; `check` has one passing and one failing test; `LONG=1`-style variants are separate
 * scripts so nothing depends on the request choosing a command.
 */
export const CONTRACT_LESSON_ID = '99-contract';

export const contractProject: ProjectFiles = {
  'package.json': JSON.stringify({
    name: 'contract',
    private: true,
    type: 'module',
    scripts: { run: 'node src/server.js', check: 'node --test --test-reporter=tap' },
  }),
  'src/server.js': `import http from 'node:http';
const mode = process.argv[2] ?? (await import('./mode.js')).mode;
if (mode === 'exit-3') { console.error('failing on purpose'); process.exit(3); }
if (mode === 'spin') { console.log('spinning'); for (;;) {} }
console.log('\\u001b[32mhello from run\\u001b[39m');
const server = http.createServer((req, res) => res.end('<h1>served page</h1>'));
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => console.log('listening'));
`,
  'src/mode.js': `export const mode = 'serve';\n`,
  'test/contract.test.js': `import { test } from 'node:test';
import assert from 'node:assert/strict';
test('passes', () => assert.equal(1 + 1, 2));
test('fails', () => assert.equal(1 + 1, 3, 'one plus one is not three'));
`,
};

export function withMode(mode: 'serve' | 'exit-3' | 'spin'): ProjectFiles {
  return { ...contractProject, 'src/mode.js': `export const mode = '${mode}';\n` };
}
