import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createToken } from './auth.ts';

/**
 * Keeps the runner's token across restarts, so a page left open reconnects to a restarted runner by
 * itself. The token lives in a file only its owner may read (0600, in a 0700 folder in the user's
 * state directory; not in the checkout, where a lesson's code could read it through node_modules).
 * A file that others can read, that is a symlink or belongs to someone else is not trusted: a new
 * token replaces it. `npm start -- --new-token` makes a new one at will.
 */
export interface StoredToken {
  token: string;
  /** 'saved': read from the file; 'new': made now and saved; 'memory': made now, could not be saved. */
  source: 'saved' | 'new' | 'memory';
  file: string;
  note?: string;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32,200}$/;

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir()): string {
  if (env.WORKBOOK_STATE_DIR) return path.resolve(env.WORKBOOK_STATE_DIR);
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'rust-backend-workbook');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'rust-backend-workbook');
  return path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'rust-backend-workbook');
}

export function loadOrCreateToken(stateDir: string, options: { renew?: boolean } = {}): StoredToken {
  const file = path.join(stateDir, 'runner-token');
  let note: string | undefined;
  if (!options.renew) {
    const saved = readTrusted(file);
    if (saved.token) return { token: saved.token, source: 'saved', file };
    note = saved.problem;
  }
  const token = createToken();
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    rmSync(temp, { force: true });
    writeFileSync(temp, `${token}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temp, file);
    return { token, source: 'new', file, ...(note ? { note } : {}) };
  } catch (e) {
    return { token, source: 'memory', file, note: `the token could not be saved (${(e as Error).message}); a restart will need the new URL` };
  }
}

function readTrusted(file: string): { token?: string; problem?: string } {
  let st;
  try {
    st = lstatSync(file);
  } catch {
    return {};
  }
  if (!st.isFile()) return { problem: `${file} is not a plain file; a new token was made` };
  if (process.platform !== 'win32') {
    if (process.getuid && st.uid !== process.getuid()) return { problem: `${file} belongs to another user; a new token was made` };
    if ((st.mode & 0o077) !== 0) return { problem: `${file} could be read by other users; a new token was made` };
  }
  const token = readFileSync(file, 'utf8').trim();
  return TOKEN_SHAPE.test(token) ? { token } : { problem: `${file} did not hold a token; a new one was made` };
}
