import { createApp } from './app.js';

const server = createApp();
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : process.env.PORT;
  console.log(`listening on http://127.0.0.1:${port}`);
  // Two overlapping requests, to see in the log whether each line keeps its own request_id.
  for (const [order, rid] of [[7, 'demo-a'], [8, 'demo-b']] as const) {
    void fetch(`http://127.0.0.1:${port}/orders/${order}`, { headers: { 'x-request-id': rid } });
  }
});
