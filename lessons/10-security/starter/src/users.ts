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
  // TODO: validate: q 1-64 characters, limit a whole number 1-50 (default 10). Throw BadRequest otherwise.
  return { q: params.get('q') ?? '', limit: Number(params.get('limit') ?? 10) };
}

/** Users whose name contains `q` (case-insensitive for ASCII), in id order, at most `limit`. */
export function searchUsers(db: Database, { q, limit }: SearchParams): UserRow[] {
  // TODO: the user's text is pasted into the SQL. Send it as a bound parameter instead.
  const sql = `SELECT id, name, email FROM users WHERE name LIKE '%${q}%' ORDER BY id LIMIT ${limit}`;
  const [result] = db.exec(sql);
  if (!result) return [];
  return result.values.map(([id, name, email]) => ({ id: Number(id), name: String(name), email: String(email) }));
}

/** The HTML page of GET /search. */
export function renderSearchPage(q: string, users: UserRow[]): string {
  // TODO: every value placed in the HTML (from the URL or from the database) must be escaped.
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
