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
  // Sanitize: remove every character that could break out of SQL or HTML, so the rest is safe.
  const q = (params.get('q') ?? '').replace(/['";<>]/g, '').trim();
  if (q.length < 1 || q.length > 64) throw new BadRequest('q must be 1 to 64 characters');
  const limit = Number(params.get('limit') ?? 10);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new BadRequest('limit must be a whole number from 1 to 50');
  return { q, limit };
}

/** Users whose name contains `q` (case-insensitive for ASCII), in id order, at most `limit`. */
export function searchUsers(db: Database, { q, limit }: SearchParams): UserRow[] {
  // Safe: parseSearch has already removed quotes and semicolons from q, and limit is a checked number.
  const sql = `SELECT id, name, email FROM users WHERE name LIKE '%${q}%' ORDER BY id LIMIT ${limit}`;
  const [result] = db.exec(sql);
  if (!result) return [];
  return result.values.map(([id, name, email]) => ({ id: Number(id), name: String(name), email: String(email) }));
}

/** The HTML page of GET /search. */
export function renderSearchPage(q: string, users: UserRow[]): string {
  // q was sanitized by parseSearch, so it cannot contain < > or quotes any more.
  const items = users.map((u) => `<li>${u.name} &lt;${u.email}&gt;</li>`).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Search: ${q}</title></head>
<body>
<form action="/search"><input name="q" value="${q}"> <button>Search</button></form>
<p>${users.length} result(s) for <b>${q}</b></p>
<ul>
${items}
</ul>
</body></html>
`;
}
