import { createServer, openDatabase } from './server.js';
import { searchUsers } from './users.js';

const db = await openDatabase();
// What an attacker would type into the search box:
for (const q of ['ar', "' OR '1'='1"]) {
  try {
    const names = searchUsers(db, { q, limit: 10 }).map((u) => u.name);
    console.log(`search ${JSON.stringify(q)} -> ${names.length} user(s): ${names.join(', ')}`);
  } catch (e) {
    console.log(`search ${JSON.stringify(q)} -> error: ${(e as Error).message}`);
  }
}

const server = createServer(db);
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : process.env.PORT;
  console.log(`listening on http://127.0.0.1:${port}`);
});
