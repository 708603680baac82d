import type { AddressInfo } from 'node:net';
import { createServer } from './server.js';

const server = createServer();
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening on http://127.0.0.1:${port}`);
});
