import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RewritingStream } from 'parse5-html-rewriting-stream';
import { PREVIEW_PREFIX } from '../contracts/workshop-protocol.ts';

/** A free loopback port for a learner's server (PORT env). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts connections on the port; polls until `signal` aborts. */
export async function waitForPort(port: number, signal: AbortSignal): Promise<boolean> {
  while (!signal.aborted) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

/**
 * Every response of a previewed app runs in an opaque origin, even opened top-level: it shares the
 * workbook's origin (scheme, host, port), so without this it could read the workbook's localStorage,
 * where the token is. No allow-same-origin, ever.
 */
export const PREVIEW_SANDBOX = 'sandbox allow-scripts allow-forms allow-popups allow-modals';

/** Attributes whose root-relative URL (`/users/1`) must gain the prefix to stay inside the preview. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data', 'cite', 'background', 'manifest']);

/**
 * The Preview through the runner's main port, so a browser on another machine sees it too:
 * `/preview/<capability>/<path>` is the learner's server's `/<path>`. The capability (144 random bits)
 * is made when the run's server listens and travels only in that run's event stream, which only the
 * page holding the token can open; it is forgotten when the run ends. A wrong or ended one is a 404
 * with a reason. What the proxy does to stay honest under a prefix and in an opaque origin:
 * - `Content-Security-Policy: sandbox …` on every response (see PREVIEW_SANDBOX), the COEP and CORP
 *   headers a document embedded by the cross-origin-isolated workbook needs, no X-Frame-Options;
 * - `Access-Control-Allow-Origin: *` (no credentials) and answered preflights, because the opaque
 *   page's fetches to its own server are cross-origin; only here, never on the workbook's paths;
 * - `Location`/`Content-Location` naming the learner's server (root-relative or its own address)
 *   are moved under the prefix, and in HTML the root-relative URLs of links, forms, images and
 *   scripts (`href="/users/1"`) are too (parse5's rewriting stream, which leaves the rest byte for byte).
 *   URLs a script builds at run time (`fetch('/x')`) are not rewritten: lesson pages use none.
 */
export class PreviewRoutes {
  private readonly open = new Map<string, { port: number; inFlight: Set<http.ClientRequest> }>();

  get size() {
    return this.open.size;
  }

  /** A capability for a learner's server on 127.0.0.1:port; `close()` ends it and its requests. */
  register(port: number): { path: string; close(): void } {
    const capability = randomBytes(18).toString('base64url');
    const entry = { port, inFlight: new Set<http.ClientRequest>() };
    this.open.set(capability, entry);
    return {
      path: `${PREVIEW_PREFIX}${capability}/`,
      close: () => {
        this.open.delete(capability);
        for (const r of entry.inFlight) r.destroy();
      },
    };
  }

  /** Answers a request under PREVIEW_PREFIX (the Host was checked by the caller). */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const target = req.url ?? '';
    const m = /^\/preview\/([A-Za-z0-9_-]{1,64})(\/[^]*)?$/.exec(target.split('?')[0]!);
    const entry = m ? this.open.get(m[1]!) : undefined;
    if (!m || !entry) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY' });
      res.end(JSON.stringify({ error: 'no such preview: it ended with its run, or the address is wrong. Press Run again and use the Preview it opens.' }));
      return;
    }
    const prefix = `${PREVIEW_PREFIX}${m[1]!}`;
    const common: Record<string, string | string[]> = previewHeaders();
    for (const [k, v] of Object.entries(common)) res.setHeader(k, v);
    res.removeHeader('x-frame-options');
    if (m[2] === undefined) {
      // Relative links resolve against the folder: /preview/<cap> must be /preview/<cap>/.
      res.writeHead(308, { location: `${prefix}/${target.slice(prefix.length)}` }).end();
      return;
    }
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        'access-control-allow-methods': req.headers['access-control-request-method'],
        ...(req.headers['access-control-request-headers'] ? { 'access-control-allow-headers': req.headers['access-control-request-headers'] } : {}),
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const { host: _host, 'accept-encoding': _encoding, authorization: _auth, ...headers } = req.headers;
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: entry.port,
        method: req.method,
        path: target.slice(prefix.length),
        // Identity encoding, so HTML can be rewritten; the learner's server may read where it is mounted.
        headers: { ...headers, host: `127.0.0.1:${entry.port}`, 'x-forwarded-prefix': prefix },
      },
      (up) => {
        const out: OutgoingHttpHeaders = {};
        // writeHead's headers merge with the ones set above, the one given here winning.
        for (const [k, v] of Object.entries(up.headers)) {
          if (v === undefined || k in common || k === 'access-control-allow-credentials' || k === 'x-frame-options') continue;
          out[k] = k === 'location' || k === 'content-location' ? moveUnderPrefix(String(v), prefix, entry.port) : v;
        }
        // The learner's own policy (if any) is enforced too: both headers apply.
        if (up.headers['content-security-policy']) res.setHeader('content-security-policy', [String(up.headers['content-security-policy']), PREVIEW_SANDBOX]);
        const html = /^text\/html\b/i.test(String(up.headers['content-type'] ?? '')) && req.method !== 'HEAD';
        if (html) delete out['content-length'];
        res.writeHead(up.statusCode ?? 502, out);
        if (!html) return void up.pipe(res);
        up.setEncoding('utf8');
        up.pipe(rootRelativeRewriter(prefix)).pipe(res);
      },
    );
    entry.inFlight.add(upstream);
    upstream.on('close', () => entry.inFlight.delete(upstream));
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`The previewed server did not answer: ${e.message}`);
    });
    req.pipe(upstream);
    // The iframe went away (navigated, closed): stop talking to the learner's server for it.
    res.on('close', () => upstream.destroy());
  }
}

/** The headers every proxied response carries (they replace the learner's own of the same name). */
function previewHeaders(): Record<string, string> {
  return {
    'content-security-policy': PREVIEW_SANDBOX,
    // Embedded by a cross-origin-isolated page: the document must require CORP itself, and its
    // subresources are cross-origin to its opaque origin, hence CORP cross-origin.
    'cross-origin-embedder-policy': 'require-corp',
    'cross-origin-resource-policy': 'cross-origin',
    'access-control-allow-origin': '*',
    'access-control-expose-headers': '*',
  };
}

/** `/x` and `http://127.0.0.1:<port>/x` (the learner's server naming itself) become `<prefix>/x`. */
export function moveUnderPrefix(location: string, prefix: string, port: number): string {
  if (location.startsWith('/') && !location.startsWith('//')) return `${prefix}${location}`;
  const own = new RegExp(`^https?://(127\\.0\\.0\\.1|localhost|\\[::1\\]):${port}(?=/|$)`, 'i').exec(location);
  if (own) return `${prefix}${location.slice(own[0].length) || '/'}`;
  return location;
}

function rootRelativeRewriter(prefix: string) {
  const rewriter = new RewritingStream();
  rewriter.on('startTag', (tag, raw) => {
    let changed = false;
    for (const attr of tag.attrs) {
      if (URL_ATTRIBUTES.has(attr.name) && attr.value.startsWith('/') && !attr.value.startsWith('//')) {
        attr.value = `${prefix}${attr.value}`;
        changed = true;
      } else if (attr.name === 'srcset') {
        const next = attr.value.replace(/(^|,\s*)(\/(?!\/))/g, `$1${prefix}/`);
        changed ||= next !== attr.value;
        attr.value = next;
      }
    }
    if (changed) rewriter.emitStartTag(tag);
    else rewriter.emitRaw(raw); // untouched tags stay exactly as the server wrote them
  });
  return rewriter;
}
