import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerEvent } from '../contracts/runner-protocol.ts';
import { fittingPrefix, wireBytes } from './supervise.ts';
import { exitOf, expectCleanRunRoot, postRun, project, psRunLines, startTestRunner, testLesson, type TestRunner } from './test-support.ts';

/**
 * Issue 15, item 5: output made of control characters grew 6x on the wire (JSON's \u00XX), and a
 * stream nobody read kept all of it in the runner's memory. Now the output cap counts bytes as they go
 * out, and the run's pipes wait while the client is behind, so the run itself blocks on its writes.
 */
const lesson = testLesson('92-wire', { timeouts: { run: 120 } });
const MiB = 1024 * 1024;
let t: TestRunner;
let big: TestRunner;

beforeAll(async () => {
  t = await startTestRunner([lesson]);
  big = await startTestRunner([lesson], { limits: { outputLimitBytes: 128 * MiB } });
});

afterAll(async () => {
  for (const r of [t, big]) {
    await r.close();
    const left = await expectCleanRunRoot(r.runRoot);
    expect(left, `left behind:\n${psRunLines()}`).toEqual({ processes: [], dirs: [] });
  }
});

const dataBytesOnWire = (events: RunnerEvent[]) => events.reduce((n, e) => n + (e.type === 'output' ? JSON.stringify(e.data).length - 2 : 0), 0);

describe('output on the wire', { timeout: 120_000 }, () => {
  it('counts JSON escapes: \\u0001 is six bytes, \\n two, a letter one', () => {
    expect(wireBytes(Buffer.from('a\n\x01"'))).toBe(1 + 2 + 6 + 2);
    expect(fittingPrefix(Buffer.from('ab\x01c'), 7)).toBe(2);
    expect(fittingPrefix(Buffer.from('ab\x01c'), 8)).toBe(3);
  });

  it('endless control characters stop at the cap as sent, not at 6 times it', async () => {
    const res = await postRun(t, { lessonId: lesson.id, script: 'run', files: project(`const b = Buffer.alloc(65536, 1); for (;;) process.stdout.write(b);`) });
    const events = res.events();
    expect(exitOf(events)).toMatchObject({ reason: 'output-limit', message: 'the run printed more than 1 MiB of output and was stopped' });
    const onWire = dataBytesOnWire(events);
    expect(onWire).toBeLessThanOrEqual(MiB + 200); // the cap, plus the "[output truncated]" and the reason
    expect(onWire).toBeGreaterThan(MiB - 6 * 65536);
    expect(res.text.length).toBeLessThan(1.2 * MiB);
  });

  it('a client that does not read holds the run back: it blocks on its writes instead of filling the runner', async () => {
    // 16 MiB of control characters (96 MiB on the wire) under a 128 MiB cap; after each 64 KiB the run
    // notes how far it got in a file of its own.
    const main = `
      import { writeFileSync } from 'node:fs';
      const b = Buffer.alloc(65536, 1);
      for (let n = 1; n <= 256; n++) { process.stdout.write(b); writeFileSync('progress', String(n * 65536)); }
    `;
    const socket = net.connect({ host: '127.0.0.1', port: big.runner.port });
    await new Promise((r) => socket.once('connect', r));
    const body = JSON.stringify({ lessonId: lesson.id, script: 'run', files: project(main) });
    socket.write(`POST /api/runs HTTP/1.1\r\nhost: ${big.host}\r\nauthorization: Bearer ${big.token}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    socket.pause(); // read nothing

    let furthest = 0; // kept: a run that finished (no backpressure) removes its folder
    const progressFile = () => {
      const dir = readdirSync(big.runRoot).find((d) => d.startsWith('workbook-run-'));
      try {
        if (dir) furthest = Math.max(furthest, Number(readFileSync(path.join(big.runRoot, dir, 'project', 'progress'), 'utf8')) || 0);
      } catch {
        // not written yet, or gone
      }
      return furthest;
    };
    // Wait until the run stops getting further (it is blocked), however long that takes here.
    let last = -1;
    let now = progressFile();
    for (let i = 0; i < 60 && (now !== last || now === 0); i++) {
      await new Promise((r) => setTimeout(r, 500));
      last = now;
      now = progressFile();
    }
    console.log(`output-wire.test.ts: an unread stream held the run at ${(now / MiB).toFixed(2)} MiB of its 16 MiB`);
    expect(now).toBeGreaterThan(0);
    expect(now).toBeLessThan(8 * MiB);

    // Reading again lets it finish, with every byte delivered.
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.resume();
    await new Promise((r) => socket.once('close', r).once('end', r));
    const lines = text.slice(text.indexOf('\r\n\r\n') + 4).split(/\r\n[0-9a-f]+\r\n|\r\n/).join('');
    expect(lines).toContain('"type":"exit","code":0');
    socket.destroy();
  });
});
