import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Collects the declaration files Monaco needs for hovers and diagnostics in lesson projects:
 * @types/node (with undici-types, which it imports) and each lesson dependency's own types
 * (or its @types/ package). Paths are given as Monaco extra-lib URIs under file:///node_modules/.
 */
export interface EditorTypeFile {
  path: string;
  content: string;
}

export function collectEditorTypes(rootDir: string, dependencies: string[]): EditorTypeFile[] {
  const nodeModules = path.join(rootDir, 'node_modules');
  const packages = new Set(['@types/node', 'undici-types']);
  for (const dep of dependencies) {
    const own = path.join(nodeModules, dep, 'package.json');
    const pkg = existsSync(own) ? (JSON.parse(readFileSync(own, 'utf8')) as { types?: string; typings?: string; exports?: unknown }) : {};
    const hasOwnTypes = Boolean(pkg.types ?? pkg.typings) || JSON.stringify(pkg.exports ?? '').includes('.d.ts');
    const typesPkg = `@types/${dep.replace(/^@([^/]+)\//, '$1__')}`;
    packages.add(hasOwnTypes || !existsSync(path.join(nodeModules, typesPkg)) ? dep : typesPkg);
  }
  const files: EditorTypeFile[] = [];
  for (const name of packages) {
    const dir = path.join(nodeModules, name);
    if (!existsSync(dir)) continue;
    files.push({ path: `file:///node_modules/${name}/package.json`, content: readFileSync(path.join(dir, 'package.json'), 'utf8') });
    walk(dir, (file) => {
      if (file.endsWith('.d.ts') || file.endsWith('.d.mts')) {
        files.push({ path: `file:///node_modules/${name}/${path.relative(dir, file).split(path.sep).join('/')}`, content: readFileSync(file, 'utf8') });
      }
    });
  }
  return files;
}

// Older-compiler copies (@types/node/ts5.6, fast-check/lib/types57) and CommonJS duplicates only add weight.
const SKIP_DIR = /^(node_modules|ts\d\.\d|types\d\d|cjs|src|test|tests)$/;

function walk(dir: string, visit: (file: string) => void) {
  for (const e of readdirSync(dir)) {
    const full = path.join(dir, e);
    if (statSync(full).isDirectory()) {
      if (!SKIP_DIR.test(e)) walk(full, visit);
    } else visit(full);
  }
}
