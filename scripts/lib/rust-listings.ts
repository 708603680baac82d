/**
 * Finding the Rust listings of the lessons and what each asks verify:rust to do beyond `cargo test`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface Listing {
  /** "02-async-tokio", or "03-rest-actix/actix" when rust/ holds several Cargo projects. */
  name: string;
  /** The directory with the Cargo.toml. */
  dir: string;
  /** The lesson folder, where lesson.md lives. */
  lessonDir: string;
}

/**
 * Every `lessons/<lesson>/rust/Cargo.toml`, or, when rust/ has no Cargo.toml of its own, every
 * `lessons/<lesson>/rust/<name>/Cargo.toml`. Those are separate Cargo projects on purpose (not a
 * workspace): cargo resolves a workspace's dependencies all at once, so one member needing a crate
 * the registry lacks would make every member unbuildable. (A workspace at rust/ is one listing.)
 */
export function findListings(lessonsDir: string): Listing[] {
  const listings: Listing[] = [];
  for (const lesson of sortedDirs(lessonsDir)) {
    const lessonDir = path.join(lessonsDir, lesson);
    const rustDir = path.join(lessonDir, 'rust');
    if (!isDir(rustDir)) continue;
    if (existsSync(path.join(rustDir, 'Cargo.toml'))) {
      listings.push({ name: lesson, dir: rustDir, lessonDir });
      continue;
    }
    for (const sub of sortedDirs(rustDir)) {
      if (sub === 'target') continue;
      const dir = path.join(rustDir, sub);
      if (existsSync(path.join(dir, 'Cargo.toml'))) listings.push({ name: `${lesson}/${sub}`, dir, lessonDir });
    }
  }
  return listings;
}

function sortedDirs(dir: string): string[] {
  if (!isDir(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && isDir(path.join(dir, name)))
    .sort();
}

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/**
 * `rust.needsCrates` from the lesson's frontmatter: the crates its listing may need that Debian's
 * archive lacks. `undefined` when there is no lesson.md (yet) or no readable frontmatter.
 */
export function readNeedsCrates(lessonDir: string): string[] | undefined {
  const file = path.join(lessonDir, 'lesson.md');
  if (!existsSync(file)) return undefined;
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'));
  if (!match) return undefined;
  try {
    const front: unknown = parseYaml(match[1] ?? '');
    const needs = field(field(front, 'rust'), 'needsCrates');
    return Array.isArray(needs) ? needs.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return undefined;
  }
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** What one package of a listing asks for in `[package.metadata.workbook]` of its Cargo.toml. */
export interface PackagePlan {
  name: string;
  edition: string;
  /** Extra `cargo test --features X` runs, so that both states of a feature stay tested. */
  testFeatures: string[];
  /** `cargo run` must exit 0 (for programs that end by themselves; not for servers). */
  run: boolean;
  /** Build the library for wasm32-unknown-unknown with plain rustc, then `node <host> <module.wasm>`. */
  wasm32?: { host?: string; libPath: string; libName: string };
}

const KNOWN_KEYS = new Set(['test-features', 'run', 'wasm32']);

/** Reads `cargo metadata --no-deps --format-version 1` output. Throws on a malformed workbook table. */
export function parseCargoMetadata(json: string): PackagePlan[] {
  const packages = field(JSON.parse(json) as unknown, 'packages');
  if (!Array.isArray(packages)) throw new Error('cargo metadata: no packages');
  return packages.map((pkg: unknown): PackagePlan => {
    const name = String(field(pkg, 'name'));
    const workbook = field(field(pkg, 'metadata'), 'workbook') ?? {};
    if (typeof workbook !== 'object' || workbook === null) throw new Error(`${name}: [package.metadata.workbook] must be a table`);
    const unknown = Object.keys(workbook).filter((k) => !KNOWN_KEYS.has(k));
    if (unknown.length > 0) throw new Error(`${name}: unknown key(s) in [package.metadata.workbook]: ${unknown.join(', ')}`);

    const testFeatures = field(workbook, 'test-features') ?? [];
    if (!Array.isArray(testFeatures) || !testFeatures.every((f) => typeof f === 'string')) {
      throw new Error(`${name}: test-features must be a list of feature names`);
    }
    const run = field(workbook, 'run') ?? false;
    if (typeof run !== 'boolean') throw new Error(`${name}: run must be true or false`);

    const plan: PackagePlan = { name, edition: String(field(pkg, 'edition') ?? '2021'), testFeatures, run };
    const wasm = field(workbook, 'wasm32');
    if (wasm !== undefined) {
      const targets = field(pkg, 'targets');
      const lib = Array.isArray(targets)
        ? targets.find((t: unknown) => {
            const kinds = field(t, 'kind');
            return Array.isArray(kinds) && kinds.includes('cdylib');
          })
        : undefined;
      if (!lib) throw new Error(`${name}: wasm32 needs a [lib] with crate-type "cdylib"`);
      const host = field(wasm, 'host');
      plan.wasm32 = {
        libPath: String(field(lib, 'src_path')),
        libName: String(field(lib, 'name')),
        ...(typeof host === 'string' ? { host } : {}),
      };
    }
    return plan;
  });
}
