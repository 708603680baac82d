import http from 'node:http';
import initSqlJs, { type Database } from 'sql.js';
import { BadRequest, parseSearch, renderSearchPage, searchUsers } from './users.js';

/** An in-memory SQLite database (a real engine, compiled to WebAssembly) with a few users. */
export async function openDatabase(): Promise<Database> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(`CREATE TABLE users (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,
    role TEXT NOT NULL, api_token TEXT NOT NULL)`);
  const insert = db.prepare('INSERT INTO users (name, email, role, api_token) VALUES (?, ?, ?, ?)');
  const seed: [string, string, string][] = [
    ['Ada Lovelace', 'ada@example.com', 'admin'],
    ['Alan Turing', 'alan@example.com', 'user'],
    ['Grace Hopper', 'grace@example.com', 'user'],
    ["Siobhán O'Brien", 'siobhan@example.com', 'user'],
    ['Mallory <img src=x onerror=alert(document.cookie)>', 'mallory@example.com', 'user'],
    ['Barbara Liskov', 'barbara@example.com', 'user'],
    ['Edsger Dijkstra', 'edsger@example.com', 'user'],
    ['Margaret Hamilton', 'margaret@example.com', 'user'],
  ];
  seed.forEach(([name, email, role], i) => insert.run([name, email, role, `tok_live_${(i + 1) * 7919}`]));
  insert.free();
  return db;
}

const HOME = `<!doctype html>
<html><head><meta charset="utf-8"><title>User search</title></head><body>
<h1>User search</h1>
<ul>
  <li><a href="/search?q=ar">GET /search?q=ar</a>: an HTML page of matching users</li>
  <li><a href="/api/users?q=a&amp;limit=3">GET /api/users?q=a&amp;limit=3</a>: the same as JSON</li>
</ul>
<p>Try a quote: <a href="/search?q=O'Brien">/search?q=O'Brien</a></p>
</body></html>
`;

export function createServer(db: Database): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` }).end(body);
    };
    try {
      if (url.pathname === '/') return send(200, 'text/html', HOME);
      if (url.pathname === '/api/users') {
        const users = searchUsers(db, parseSearch(url.searchParams));
        return send(200, 'application/json', JSON.stringify({ users }));
      }
      if (url.pathname === '/search') {
        const params = parseSearch(url.searchParams);
        return send(200, 'text/html', renderSearchPage(params.q, searchUsers(db, params)));
      }
      return send(404, 'application/json', JSON.stringify({ error: 'not found' }));
    } catch (e) {
      if (e instanceof BadRequest) return send(400, 'application/json', JSON.stringify({ error: e.message }));
      console.error(`${req.method} ${url.pathname}: ${(e as Error).message}`);
      // Never send the database's error text to the client: it tells an attacker how the query looks.
      return send(500, 'application/json', JSON.stringify({ error: 'internal error' }));
    }
  });
}
