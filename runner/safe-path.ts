/**
 * Decides whether a path sent by a page may be written inside a run directory. Accepts only plain
 * relative paths made of ordinary segments, so no request can name a file outside the run
 * directory (no "..", no absolute or drive paths, no backslashes, no NUL, no hidden tricks).
 */
const SEGMENT = /^[A-Za-z0-9_@+][A-Za-z0-9._@+-]*$/;
export const MAX_PATH_LENGTH = 200;
export const MAX_PATH_DEPTH = 8;

export function checkProjectPath(p: unknown): string | null {
  if (typeof p !== 'string') return 'file path must be a string';
  if (p.length === 0 || p.length > MAX_PATH_LENGTH) return `file path must be 1-${MAX_PATH_LENGTH} characters`;
  if (p.includes('\0')) return 'file path must not contain NUL';
  if (p.includes('\\')) return 'file path must use "/" and no backslashes';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return 'file path must be relative';
  // As a key of the files object it would be the prototype, not a file.
  if (p === '__proto__') return 'file path must not be "__proto__"';
  const segments = p.split('/');
  if (segments.length > MAX_PATH_DEPTH) return 'file path is nested too deeply';
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') return `file path "${p}" has an empty, "." or ".." segment`;
    if (!SEGMENT.test(s)) return `file path "${p}" has a segment with characters other than letters, digits, "._-@+"`;
  }
  // Case-insensitively: on macOS and Windows "Node_Modules" is the same folder.
  if (segments[0]!.toLowerCase() === 'node_modules') return 'file path must not be inside node_modules';
  return null;
}

/**
 * Checks a whole project: every path on its own, then the paths together. Two paths that differ only
 * in case would overwrite each other on a case-insensitive disk, and "a" next to "a/b" asks for a
 * file and a folder of the same name; both are refused here rather than failing halfway through a run.
 */
export function checkProjectPaths(paths: string[]): string | null {
  const seen = new Map<string, string>();
  for (const p of paths) {
    const problem = checkProjectPath(p);
    if (problem) return problem;
    const key = p.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) return `file paths "${other}" and "${p}" differ only in case`;
    seen.set(key, p);
  }
  for (const p of seen.keys()) {
    const segments = p.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (seen.has(folder)) return `file path "${seen.get(p)}" is inside "${seen.get(folder)}", which is a file`;
    }
  }
  return null;
}
