import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allowedHosts, bearerToken, createToken, requestOriginProblem, tokensEqual } from './auth.ts';
import { exposureRefusal, exposureWarning, parseCliArgs } from './cli-args.ts';
import { checkProjectPaths } from './safe-path.ts';
import { ulimitPrefix, withExec } from './seat-belts.ts';
import { defaultStateDir, loadOrCreateToken } from './token-store.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'runner-auth-'));
  dirs.push(d);
  return d;
};
const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('tokens', () => {
  it('are long and random, and compared by value only', () => {
    const a = createToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(createToken()).not.toBe(a);
    expect(tokensEqual(a, a)).toBe(true);
    expect(tokensEqual(a, `${a}x`)).toBe(false);
    expect(tokensEqual('', a)).toBe(false);
  });

  it('are read from a Bearer header only', () => {
    expect(bearerToken(req({ authorization: 'Bearer abc' }))).toBe('abc');
    for (const h of ['abc', 'Bearer', 'Bearer ', 'bearer abc', 'Bearer a b', `Bearer ${'x'.repeat(201)}`, 'Basic abc']) expect(bearerToken(req({ authorization: h }))).toBeUndefined();
  });

  it('are kept across restarts in a file only the user can read, and replaced when that is not so', () => {
    const dir = path.join(tempDir(), 'state');
    const first = loadOrCreateToken(dir);
    expect(first.source).toBe('new');
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(loadOrCreateToken(dir)).toMatchObject({ source: 'saved', token: first.token });
    const renewed = loadOrCreateToken(dir, { renew: true });
    expect(renewed.token).not.toBe(first.token);
    expect(readFileSync(first.file, 'utf8').trim()).toBe(renewed.token);

    chmodSync(first.file, 0o644);
    const loose = loadOrCreateToken(dir);
    expect(loose.source).toBe('new');
    expect(loose.note).toMatch(/other users/);
    expect(loose.token).not.toBe(renewed.token);

    rmSync(first.file);
    const elsewhere = path.join(tempDir(), 'planted');
    writeFileSync(elsewhere, `${'p'.repeat(40)}\n`, { mode: 0o600 });
    symlinkSync(elsewhere, first.file);
    const planted = loadOrCreateToken(dir);
    expect(planted.token).not.toBe('p'.repeat(40));
    expect(planted.note).toMatch(/not a plain file/);
  });

  it('live in the user’s state directory, never in the checkout', () => {
    expect(defaultStateDir({}, 'linux', '/home/ada')).toBe('/home/ada/.local/state/rust-backend-workbook');
    expect(defaultStateDir({ XDG_STATE_HOME: '/x' }, 'linux', '/home/ada')).toBe('/x/rust-backend-workbook');
    expect(defaultStateDir({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/rust-backend-workbook');
    expect(defaultStateDir({ WORKBOOK_STATE_DIR: '/s' }, 'linux', '/home/ada')).toBe('/s');
  });
});

describe('hosts and origins', () => {
  it('on loopback, answers to its loopback names with its port only', () => {
    expect([...allowedHosts('127.0.0.1', 4310)].sort()).toEqual(['127.0.0.1:4310', '[::1]:4310', 'localhost:4310']);
  });

  it('bound elsewhere, also to that address; bound to a wildcard, to the machine’s addresses', () => {
    expect(allowedHosts('192.168.1.5', 4310).has('192.168.1.5:4310')).toBe(true);
    expect(allowedHosts('fd00::2', 4310).has('[fd00::2]:4310')).toBe(true);
    const wildcard = allowedHosts('0.0.0.0', 4310);
    expect(wildcard.has('0.0.0.0:4310')).toBe(false);
    expect(wildcard.has(`${os.hostname()}:4310`)).toBe(true);
  });

  it('takes API calls from its own origin, same-origin fetches and non-browser clients only', () => {
    const hosts = allowedHosts('127.0.0.1', 4310);
    expect(requestOriginProblem(req({}), hosts)).toBeNull();
    expect(requestOriginProblem(req({ origin: 'http://127.0.0.1:4310', 'sec-fetch-site': 'same-origin' }), hosts)).toBeNull();
    expect(requestOriginProblem(req({ 'sec-fetch-site': 'none' }), hosts)).toBeNull();
    const foreign: Record<string, string>[] = [{ origin: 'http://127.0.0.1:4311' }, { origin: 'null' }, { origin: 'http://localhost.evil:4310' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of foreign) {
      expect(requestOriginProblem(req(headers), hosts)).toMatch(/not allowed/);
    }
  });
});

describe('command line', () => {
  it('binds loopback unless --host names something else, which must be said out loud', () => {
    expect(parseCliArgs([])).toEqual({ ok: true, args: { host: '127.0.0.1', exposed: false, newToken: false, build: true, help: false, unsafeNoSandbox: false, debian: false } });
    expect(parseCliArgs(['--debian'])).toMatchObject({ ok: true, args: { debian: true } });
    expect(parseCliArgs(['--host', 'localhost'])).toMatchObject({ ok: true, args: { exposed: false } });
    expect(parseCliArgs(['--host', '[::1]'])).toMatchObject({ ok: true, args: { host: '::1', exposed: false } });
    expect(parseCliArgs(['--host', '0.0.0.0', '--new-token'])).toMatchObject({ ok: true, args: { host: '0.0.0.0', exposed: true, newToken: true } });
    expect(parseCliArgs(['--host'])).toMatchObject({ ok: false });
    expect(parseCliArgs(['--host', '--no-build'])).toMatchObject({ ok: false });
    expect(parseCliArgs(['--hots', 'x'])).toMatchObject({ ok: false, error: expect.stringMatching(/unknown option/) });
    expect(parseCliArgs(['--host', '0.0.0.0', '--unsafe-no-sandbox'])).toMatchObject({ ok: true, args: { exposed: true, unsafeNoSandbox: true } });
    // --host without the sandbox is refused unless the instructor says --unsafe-no-sandbox.
    expect(exposureRefusal({ exposed: true, unsafeNoSandbox: false }, false, 'apt-get install bubblewrap')).toMatch(/Refusing --host[\s\S]*apt-get install bubblewrap[\s\S]*--unsafe-no-sandbox/);
    expect(exposureRefusal({ exposed: true, unsafeNoSandbox: true }, false, 'x')).toBeNull();
    expect(exposureRefusal({ exposed: true, unsafeNoSandbox: false }, true, 'x')).toBeNull();
    expect(exposureRefusal({ exposed: false, unsafeNoSandbox: false }, false, 'x')).toBeNull();
    expect(exposureWarning('0.0.0.0', 4310)).toMatch(/WARNING.*0\.0\.0\.0:4310[\s\S]*run any code/);
  });
});

describe('project paths together', () => {
  it('refuses names that collide on a case-insensitive disk and a file used as a folder', () => {
    expect(checkProjectPaths(['src/a.js', 'src/b.js', 'package.json'])).toBeNull();
    expect(checkProjectPaths(['src/A.js', 'src/a.js'])).toMatch(/case/);
    expect(checkProjectPaths(['src', 'src/a.js'])).toMatch(/inside "src"/);
    expect(checkProjectPaths(['Node_modules/x'])).toMatch(/node_modules/);
  });
});

describe('the shell wrapper', () => {
  it('execs plain commands (so a crash shows its signal) and leaves compound ones alone', () => {
    expect(withExec('node --test --test-reporter=tap')).toBe('exec node --test --test-reporter=tap');
    expect(withExec('node a.js && node b.js')).toBe('node a.js && node b.js');
    expect(withExec('node $(evil)')).toBe('node $(evil)');
  });

  it('sets only the limits this machine was measured to support', () => {
    const limits = { heapMb: 512, processMemoryBytes: 768 * 1024 * 1024, fileSizeBytes: 64 * 1024 * 1024, nprocHeadroom: 1024 };
    const all = { nodePermissions: null, processMemoryLimit: true, fileSizeLimit: true, processCountLimit: true, processWatch: true };
    expect(ulimitPrefix(all, limits, 2000)).toBe('ulimit -c 0 2>/dev/null; ulimit -d 786432; ulimit -f 131072; ulimit -u 2000 2>/dev/null; ');
    expect(ulimitPrefix({ ...all, processMemoryLimit: false, processCountLimit: false }, limits, 2000)).toBe('ulimit -c 0 2>/dev/null; ulimit -f 131072; ');
  });
});
