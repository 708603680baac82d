import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compressPlugin } from './site/build/compress-plugin.ts';
import { lessonsPlugin } from './site/build/lessons-plugin.ts';
import { serviceWorkerPlugin } from './site/build/service-worker-plugin.ts';

const root = import.meta.dirname;
// WORKBOOK_LESSONS_DIR points the build at another lessons folder (the loader's test fixtures).
const lessonsDir = process.env.WORKBOOK_LESSONS_DIR ? path.resolve(process.env.WORKBOOK_LESSONS_DIR) : path.join(root, 'lessons');

// Cross-origin isolation: WebContainers need SharedArrayBuffer, and the benchmark lab needs precise
// timers. The local runner sends the same headers in production (runner/server.ts).
// asc and binaryen import Node built-ins they only use under Node; in the page they are never reached.
const quietExternalized = {
  checks: { bundlerTimings: false },
  onLog(level: string, log: { message: string }, handler: (level: never, log: never) => void) {
    if (/externalized for browser compatibility, imported by .*node_modules\/(assemblyscript|binaryen)\//.test(log.message)) return;
    handler(level as never, log as never);
  },
};

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: path.join(root, 'site'),
  publicDir: path.join(root, 'site/public'),
  plugins: [react(), lessonsPlugin({ lessonsDir, rootDir: root }), serviceWorkerPlugin(), compressPlugin()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    target: 'es2022',
    // No plugin timing reports or known-harmless warnings on every `npm start`.
    rolldownOptions: quietExternalized,
  },
  worker: { format: 'es', rolldownOptions: quietExternalized },
  server: { headers: isolation, fs: { allow: [root] } },
  preview: { headers: isolation },
});
