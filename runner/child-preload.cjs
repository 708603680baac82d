// Preloaded into every node process of a run (NODE_OPTIONS --require, see runner/project-run.ts).
// Node writes to a pipe asynchronously: a tight `for (;;) console.log(x)` never yields, so its output
// piles up in its own memory instead of reaching the runner, and the output cap never triggers.
// Blocking writes, as Node already does for files and terminals, make such a loop wait for the runner,
// which then stops it at the cap. Nothing else is changed.
/* global process */
'use strict';
for (const stream of [process.stdout, process.stderr]) {
  const handle = stream && stream._handle;
  if (handle && typeof handle.setBlocking === 'function') handle.setBlocking(true);
}
