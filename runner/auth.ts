import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';

/** 24 random bytes, base64url: 192 bits, not guessable in the lifetime of the universe. */
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
  const m = header ? /^Bearer ([A-Za-z0-9_\-.~+/=]{1,200})$/.exec(header) : null;
  return m?.[1];
}

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'];

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host);
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The names under which the runner may be addressed (the Host header, exactly). Anything else means
 * the request came through some other name, as with DNS rebinding, and is refused on every path.
 * Bound to a wildcard address (0.0.0.0, ::), the machine's own interface addresses and host name
 * are added, since those are the names other machines use.
 */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set(LOOPBACK_HOSTS.map((h) => hostPort(h, port)));
  if (isLoopback(host)) return names;
  if (host === '0.0.0.0' || host === '::') {
    for (const addrs of Object.values(os.networkInterfaces())) for (const a of addrs ?? []) names.add(hostPort(a.address.replace(/%.*$/, ''), port));
    names.add(hostPort(os.hostname(), port));
  } else {
    names.add(hostPort(host, port));
  }
  return names;
}

/**
 * Browsers say where a request comes from; the runner only takes API calls from its own origin.
 * - Origin, when present, must be the runner's own (a sandboxed frame sends "null": refused).
 * - Sec-Fetch-Site, when present, must be "same-origin" (or "none": typed into the address bar).
 *   "same-site" is what a Preview (another port of 127.0.0.1) sends; "cross-site" any other page.
 * Requests without either header do not come from a browser page (curl, tests) and rely on the token.
 */
export function requestOriginProblem(req: IncomingMessage, hosts: Set<string>): string | null {
  const origin = req.headers.origin;
  if (origin !== undefined && ![...hosts].some((h) => origin === `http://${h}`)) return `requests from origin ${origin} are not allowed`;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `requests from another site (${site}) are not allowed`;
  return null;
}
