import type { IncomingMessage, ServerResponse } from 'node:http';

/** Sends `body` as JSON with the right Content-Type, like returning `web::Json(body)` in actix-web. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

export class BodyTooLargeError extends Error {}

/** Reads the whole request body as text, refusing more than `limit` bytes (actix's JsonConfig::limit). */
export async function readBody(req: IncomingMessage, limit = 16 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(`body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const HOME_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Users API</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;line-height:1.5}code{background:#f3f3f3;padding:0 .25rem}</style>
</head>
<body>
<h1>Users API</h1>
<p>A small JSON API, the TypeScript twin of the lesson's actix-web listing.</p>
<ul>
  <li><code>GET /users</code>: all users (200)</li>
  <li><code>GET /users/{id}</code>: one user (200), 400 for an invalid id, 404 for an unknown one</li>
  <li><code>POST /users</code> with <code>{"name": "...", "email": "..."}</code>: creates a user (201 + Location), 400 for a bad body</li>
  <li>any other method on <code>/users</code>: 405 with an <code>Allow</code> header</li>
</ul>
<p>Try <a href="/users">/users</a>, <a href="/users/1">/users/1</a>, <a href="/users/abc">/users/abc</a> or <a href="/users/99">/users/99</a>.</p>
</body>
</html>`;
