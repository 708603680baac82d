import { createApp } from './app.js';

const server = createApp();
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : process.env.PORT;
  console.log(`listening on http://127.0.0.1:${port}`);
});
