import type { Database } from 'sql.js';

export interface UserRow {
  id: number;
  name: string;
  email: string;
}

export interface SearchParams {
  q: string;
  limit: number;
}

/** Thrown for input the API refuses; the server answers 400 with its message. */
export class BadRequest extends Error {}

/** Reads ?q= and ?limit= from the query string of GET /api/users and GET /search. */
export function parseSearch(params: URLSearchParams): SearchParams {
  const q = (params.get('q') ?? '').trim();
  if (q.length < 1 || q.length > 64) throw new BadRequest('q must be 1 to 64 characters');
  const rawLimit = params.get('limit') ?? '10';
  if (!/^\d{1,2}$/.test(rawLimit)) throw new BadRequest('limit must be a whole number from 1 to 50');
  const limit = Number(rawLimit);
  if (limit < 1 || limit > 50) throw new BadRequest('limit must be a whole number from 1 to 50');
  return { q, limit };
}

/** Users whose name contains `q` (case-insensitive for ASCII), in id order, at most `limit`. */
export function searchUsers(db: Database, { q, limit }: SearchParams): UserRow[] {
  // The SQL text is a constant; the values travel separately and are never parsed as SQL.
  // % and _ are LIKE wildcards, so they are escaped to match themselves.
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const stmt = db.prepare("SELECT id, name, email FROM users WHERE name LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?");
  try {
    stmt.bind([pattern, limit]);
    const rows: UserRow[] = [];
    while (stmt.step()) {
      const [id, name, email] = stmt.get();
      rows.push({ id: Number(id), name: String(name), email: String(email) });
    }
    return rows;
  } finally {
    stmt.free();
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Makes text safe to place in HTML element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The HTML page of GET /search. */
export function renderSearchPage(q: string, users: UserRow[]): string {
  const items = users.map((u) => `<li>${escapeHtml(u.name)} &lt;${escapeHtml(u.email)}&gt;</li>`).join('\n');
  const shown = escapeHtml(q);
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Search: ${shown}</title></head>
<body>
<form action="/search"><input name="q" value="${shown}"> <button>Search</button></form>
<p>${users.length} result(s) for <b>${shown}</b></p>
<ul>
${items}
</ul>
</body></html>
`;
}
