import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token per start (or WORKBOOK_TOKEN when a test or an instructor fixes it). */
export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares in constant time: hashing first makes the lengths equal, so nothing leaks through timing. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^Bearer ([A-Za-z0-9_\-.~+/=]+)$/.exec(header) : null;
  return m?.[1];
}

/**
 * The names under which the runner may be addressed. Anything else in the Host header means the
 * request came through some other name (DNS rebinding) and is refused on every path.
 */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') names.add(host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
  return names;
}

/** Origins allowed to change state: exactly the runner's own. No Origin (curl, tests) is fine with a token. */
export function originAllowed(req: IncomingMessage, hosts: Set<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return [...hosts].some((h) => origin === `http://${h}`);
}
