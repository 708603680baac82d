import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import type { Database } from 'sql.js';
import { createServer, openDatabase } from '../src/server.js';
import { parseSearch, searchUsers } from '../src/users.js';

let db: Database;
let server: http.Server;
let base: string;

before(async () => {
  db = await openDatabase();
  server = createServer(db);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const userCount = (on: Database) => Number(on.exec('SELECT count(*) FROM users')[0]?.values[0]?.[0]);

/** Runs `searchUsers` and turns an exception into a failed assertion that says what happened. */
function search(q: string, on: Database = db) {
  try {
    return searchUsers(on, { q, limit: 10 });
  } catch (e) {
    assert.fail(`searchUsers threw for q=${JSON.stringify(q)}: ${(e as Error).message} (the input changed the SQL itself)`);
  }
}

test("searchUsers treats ' OR '1'='1 as text, not as SQL", () => {
  const rows = search("' OR '1'='1");
  assert.deepEqual(rows, [], `no name contains that text, but searchUsers returned ${rows.length} users: the quote ended the SQL string and OR '1'='1' matched every row`);
});

test('searchUsers cannot be made to return other columns (UNION) or run other statements', async () => {
  const union = search("' UNION SELECT id, api_token, role FROM users --");
  assert.ok(
    !JSON.stringify(union).includes('tok_live'),
    'a UNION SELECT payload returned API tokens: user input must be a bound parameter, never part of the SQL text',
  );
  const scratch = await openDatabase(); // a copy of its own: the payload may delete rows
  const rowsBefore = userCount(scratch);
  search("x'; DELETE FROM users; --", scratch);
  assert.equal(userCount(scratch), rowsBefore, "the payload x'; DELETE FROM users; -- deleted rows: db.exec runs every statement in the string it is given");
});

test("a real name with a quote (O'Brien) is found, not a syntax error", () => {
  const rows = search("O'Brien");
  assert.deepEqual(rows.map((u) => u.name), ["Siobhán O'Brien"], "searching O'Brien should find exactly Siobhán O'Brien; stripping or escaping quotes by hand breaks real data");
});

test('a search for % or _ matches only names that contain that character (LIKE wildcards escaped)', async () => {
  const scratch = await openDatabase();
  scratch.run("INSERT INTO users (name, email, role, api_token) VALUES ('100% Cotton', 'cotton@example.com', 'user', 't1'), ('snake_case', 'snake@example.com', 'user', 't2')");
  for (const [q, expected] of [['%', ['100% Cotton']], ['_', ['snake_case']], ['0%', ['100% Cotton']]] as const) {
    const rows = search(q, scratch);
    assert.deepEqual(
      rows.map((u) => u.name),
      expected,
      `searching ${JSON.stringify(q)} should find only ${JSON.stringify(expected)}, got ${rows.length} users: % and _ are LIKE wildcards ` +
        "even in a bound value; escape them (\\%, \\_) and add ESCAPE '\\' to the LIKE",
    );
  }
});

test('a search for a backslash (the escape character) matches only names that contain one', async () => {
  const scratch = await openDatabase();
  scratch.run("INSERT INTO users (name, email, role, api_token) VALUES ('100% Cotton', 'cotton@example.com', 'user', 't1'), ('C:\\Users\\Ada', 'path@example.com', 'user', 't2')");
  const rows = search('\\', scratch);
  assert.deepEqual(
    rows.map((u) => u.name),
    ['C:\\Users\\Ada'],
    `searching "\\" should find only "C:\\Users\\Ada", got ${JSON.stringify(rows.map((u) => u.name))}: the escape character itself must be escaped too (\\\\), or it escapes the closing %`,
  );
});

test('searchUsers frees every prepared statement, also when reading the rows fails', () => {
  const prepared: { freed: number }[] = [];
  let failStep = false;
  const recording = new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      if (key !== 'prepare') return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        const stmt = (value as (...a: unknown[]) => object).apply(target, args);
        const record = { freed: 0 };
        prepared.push(record);
        return new Proxy(stmt, {
          get(s, k) {
            const member = Reflect.get(s, k) as unknown;
            if (typeof member !== 'function') return member;
            if (k === 'free') {
              return (...a: unknown[]) => {
                record.freed++;
                return (member as (...x: unknown[]) => unknown).apply(s, a);
              };
            }
            if (k === 'step' && failStep) {
              return () => {
                throw new Error('disk I/O error');
              };
            }
            return (member as (...x: unknown[]) => unknown).bind(s);
          },
        });
      };
    },
  });
  searchUsers(recording, { q: 'a', limit: 3 });
  assert.ok(prepared.length > 0, 'searchUsers should use db.prepare (a statement with ? placeholders)');
  assert.deepEqual(prepared.map((p) => p.freed), prepared.map(() => 1), 'every statement from db.prepare should be freed once with stmt.free(): sql.js statements hold WebAssembly memory until freed');
  prepared.length = 0;
  failStep = true;
  assert.throws(() => searchUsers(recording, { q: 'a', limit: 3 }), /disk I\/O error/, 'an error while reading the rows should reach the caller');
  assert.deepEqual(prepared.map((p) => p.freed), prepared.map(() => 1), 'when stmt.step() throws, the statement must still be freed: call stmt.free() in a finally');
});

test('parseSearch trims q, defaults limit to 10 and accepts the bounds 1 and 50', () => {
  const parse = (query: string) => {
    try {
      return parseSearch(new URLSearchParams(query));
    } catch (e) {
      return assert.fail(`parseSearch("${query}") threw ${(e as Error).message}, but it is valid`);
    }
  };
  assert.deepEqual(parse('q=%20Ada%20'), { q: 'Ada', limit: 10 }, 'parseSearch("q= Ada ") should give { q: "Ada", limit: 10 }: trim q, and limit defaults to 10');
  assert.equal(parse('q=a&limit=1').limit, 1, 'limit=1 is the smallest allowed limit');
  assert.equal(parse('q=a&limit=50').limit, 50, 'limit=50 is the largest allowed limit');
  assert.equal(parse(`q=${'a'.repeat(64)}`).q.length, 64, 'a q of exactly 64 characters is allowed');
});

test("the SQL text sent to the engine never contains the user's input", () => {
  const sent: string[] = [];
  const recording = new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      if (key === 'exec' || key === 'prepare' || key === 'run') {
        return (sql: string, ...rest: unknown[]) => {
          sent.push(sql);
          return (value as (...a: unknown[]) => unknown).call(target, sql, ...rest);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  const rows = searchUsers(recording, { q: 'Hopper', limit: 5 });
  assert.deepEqual(rows.map((u) => u.name), ['Grace Hopper'], 'searching "Hopper" should still find Grace Hopper');
  assert.ok(sent.length > 0, 'searchUsers should query the database it is given');
  assert.ok(
    sent.every((sql) => !sql.includes('Hopper')),
    `the user's text was pasted into the SQL: ${JSON.stringify(sent)}. Use a placeholder (?) and pass the value separately`,
  );
});

test('GET /api/users validates q and limit at the boundary (400, not 500 or 200)', async () => {
  const ok = await fetch(`${base}/api/users?q=a&limit=2`);
  assert.equal(ok.status, 200, `GET /api/users?q=a&limit=2 should answer 200, got ${ok.status}`);
  const body = (await ok.json()) as { users: unknown[] };
  assert.equal(body.users.length, 2, 'limit=2 should return at most 2 users');
  const bad: [string, string][] = [
    ['limit=abc', 'limit is not a number'],
    ['limit=0', 'limit is below 1'],
    ['limit=1000', 'limit is above 50'],
    ['limit=51', 'limit is above 50'],
    ['limit=-1', 'limit is below 1'],
    ['limit=2.5', 'limit is not a whole number'],
    ['q=', 'q is empty'],
    ['q=%20%20%20', 'q is empty once trimmed'],
    [`q=${'a'.repeat(65)}`, 'q is longer than 64 characters'],
    ['', 'q is missing'],
  ];
  for (const [query, why] of bad) {
    const url = `${base}/api/users?${query === '' || query.startsWith('q=') ? query : `q=a&${query}`}`;
    const res = await fetch(url);
    assert.equal(res.status, 400, `GET ${url.slice(base.length)} should answer 400 (${why}), got ${res.status}`);
    const body = (await res.json().catch(() => ({}))) as { error?: unknown };
    const param = query.startsWith('limit') ? 'limit' : 'q';
    assert.ok(typeof body.error === 'string' && body.error.trim() !== '', `the 400 for ?${query} should say what is wrong (the server sends the BadRequest's message): throw new BadRequest('${param} must ...'), body was ${JSON.stringify(body)}`);
  }
});

test('GET /search escapes what it echoes from the URL (reflected XSS)', async () => {
  const script = await (await fetch(`${base}/search?q=${encodeURIComponent('<script>alert(1)</script>')}`)).text();
  assert.ok(!script.includes('<script>alert(1)'), 'the page contains a live <script> tag taken from ?q=: escape < > & " \' before putting text in HTML');
  assert.ok(script.includes('&lt;script&gt;'), 'the search text should still be shown, escaped as &lt;script&gt;');
  const attr = await (await fetch(`${base}/search?q=${encodeURIComponent('" autofocus onfocus="alert(1)')}`)).text();
  assert.ok(!attr.includes('" autofocus onfocus="'), 'a double quote in ?q= closed the value="..." attribute and added an event handler: escape " as &quot;');
});

test('GET /search shows the search text exactly, with & " \' < > escaped and nothing dropped', async () => {
  const q = `Tom & "Jerry's" <3`;
  const page = await (await fetch(`${base}/search?q=${encodeURIComponent(q)}`)).text();
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", '#34': '"', '#x22': '"' };
  const places: [string, RegExp][] = [
    ['the <title>', /<title>Search: ([^<]*)<\/title>/],
    ['the value="..." of the search box', /value="([^"]*)"/],
    ['the <b> after "result(s) for"', /result\(s\) for <b>([^<]*)<\/b>/],
  ];
  for (const [where, pattern] of places) {
    const shown = pattern.exec(page)?.[1];
    assert.ok(shown !== undefined, `could not find ${where} in the page for ?q=${q}`);
    assert.doesNotMatch(shown, /["'<>]|&(?!(?:amp|lt|gt|quot|apos|#39|#x27|#34|#x22);)/, `${where} shows ${JSON.stringify(shown)}: each & " ' < > of the search text must be written as an entity (&amp; &quot; &#39; &lt; &gt;)`);
    const decoded = shown.replace(/&(amp|lt|gt|quot|apos|#39|#x27|#34|#x22);/g, (_, name: string) => entities[name]!);
    assert.equal(decoded, q, `${where} should show the search text ${JSON.stringify(q)} escaped, not changed: it shows ${JSON.stringify(shown)} (escape every character, drop none)`);
  }
});

test('GET /search escapes what comes from the database (stored XSS)', async () => {
  const page = await (await fetch(`${base}/search?q=Mallory`)).text();
  assert.ok(!page.includes('<img src=x'), "a user's name from the database became a live <img onerror=...> tag: data from your own database is untrusted too");
  assert.ok(page.includes('Mallory &lt;img'), 'the name should be shown as text: Mallory &lt;img src=x ...');
});
