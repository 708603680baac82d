import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlotPool, syncCrate } from './slots.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'slots-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('syncCrate', () => {
  it('writes only what changed (unchanged files keep their mtime), removes what is gone, keeps Cargo.lock', async () => {
    const crate = path.join(dir, 'crate');
    await syncCrate(crate, { 'Cargo.toml': 'a', 'src/lib.rs': 'lib', 'src/extra.rs': 'x', 'tests/t.rs': 't' });
    writeFileSync(path.join(crate, 'Cargo.lock'), 'lock');
    const old = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(path.join(crate, 'src/lib.rs'), old, old);
    const { written, removed } = await syncCrate(crate, { 'Cargo.toml': 'a', 'src/lib.rs': 'lib', 'tests/t.rs': 't2' });
    expect(written).toEqual(['tests/t.rs']);
    expect(removed).toEqual(['src/extra.rs']);
    expect(statSync(path.join(crate, 'src/lib.rs')).mtimeMs).toBe(old.getTime());
    expect(readFileSync(path.join(crate, 'Cargo.lock'), 'utf8')).toBe('lock');
  });

  it('never follows what a build script left: symlinks and unknown top-level entries are removed', async () => {
    const crate = path.join(dir, 'crate');
    const outside = path.join(dir, 'outside.txt');
    writeFileSync(outside, 'precious');
    await syncCrate(crate, { 'src/lib.rs': 'lib' });
    rmSync(path.join(crate, 'src/lib.rs'));
    symlinkSync(outside, path.join(crate, 'src/lib.rs'));
    mkdirSync(path.join(crate, '.cargo'));
    writeFileSync(path.join(crate, '.cargo/config.toml'), '[build]');
    symlinkSync(dir, path.join(crate, 'tests'));
    await syncCrate(crate, { 'src/lib.rs': 'new', 'tests/t.rs': 't' });
    expect(readFileSync(outside, 'utf8')).toBe('precious');
    expect(lstatSync(path.join(crate, 'src/lib.rs')).isFile()).toBe(true);
    expect(lstatSync(path.join(crate, 'tests')).isDirectory()).toBe(true);
    expect(existsSync(path.join(dir, 't.rs'))).toBe(false);
    expect(existsSync(path.join(crate, '.cargo'))).toBe(false);
  });
});

describe('SlotPool', () => {
  it('gives concurrent runs of a lesson different slots, and a freed slot again', async () => {
    const pool = new SlotPool(dir);
    const a = await pool.acquire('l');
    const b = await pool.acquire('l');
    expect([a.index, b.index]).toEqual([0, 1]);
    a.release();
    const c = await pool.acquire('l');
    expect(c.index).toBe(0);
    expect(c.built).toBe(false);
  });

  it('replaces a slot folder that a build script turned into a symlink, leaving its target alone', async () => {
    const pool = new SlotPool(dir);
    const a = await pool.acquire('l');
    a.release();
    const victim = path.join(dir, 'victim');
    mkdirSync(victim);
    writeFileSync(path.join(victim, 'keep.txt'), 'precious');
    rmSync(a.crate, { recursive: true });
    symlinkSync(victim, a.crate);
    const b = await pool.acquire('l');
    await syncCrate(b.crate, { 'src/lib.rs': 'x' });
    expect(lstatSync(b.crate).isDirectory()).toBe(true);
    expect(readFileSync(path.join(victim, 'keep.txt'), 'utf8')).toBe('precious');
    expect(existsSync(path.join(victim, 'src'))).toBe(false);
  });

  it('seeds a new slot with a copy of a built slot', async () => {
    const pool = new SlotPool(dir);
    const a = await pool.acquire('l');
    writeFileSync(path.join(a.target, 'dep.rlib'), 'built');
    await a.markBuilt();
    const b = await pool.acquire('l');
    expect(b.built).toBe(true);
    expect(readFileSync(path.join(b.target, 'dep.rlib'), 'utf8')).toBe('built');
  });
});
