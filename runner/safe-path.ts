/**
 * Decides whether a path sent by a page may be written inside a run directory. Accepts only plain
 * relative paths made of ordinary segments, so no request can name a file outside the run
 * directory (no "..", no absolute or drive paths, no backslashes, no NUL, no hidden tricks).
 */
const SEGMENT = /^[A-Za-z0-9_@+][A-Za-z0-9._@+-]*$/;

export function checkProjectPath(p: unknown): string | null {
  if (typeof p !== 'string') return 'file path must be a string';
  if (p.length === 0 || p.length > 200) return 'file path must be 1-200 characters';
  if (p.includes('\0')) return 'file path must not contain NUL';
  if (p.includes('\\')) return 'file path must use "/" and no backslashes';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return 'file path must be relative';
  const segments = p.split('/');
  if (segments.length > 8) return 'file path is nested too deeply';
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') return `file path "${p}" has an empty, "." or ".." segment`;
    if (!SEGMENT.test(s)) return `file path "${p}" has a segment with characters other than letters, digits, "._-@+"`;
  }
  if (segments[0] === 'node_modules') return 'file path must not be inside node_modules';
  return null;
}
