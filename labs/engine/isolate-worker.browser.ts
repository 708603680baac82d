/**
 * Web Worker entry (module worker, bundled by Vite through `new URL(..., import.meta.url)` in
 * platform-browser.ts) that prepares exactly one approach in this fresh isolate and measures it slice by
 * slice; the page starts one per approach and terminates it after. The browser twin of
 * isolate-worker.node.ts: both run isolate.ts's `serveIsolate`.
 */
import { serveIsolate, type IsolateScope } from './isolate.ts';

// The repo's TS lib is DOM, not WebWorker: the worker's global scope is described by IsolateScope.
serveIsolate(globalThis as unknown as IsolateScope);
