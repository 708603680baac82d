import { describe, expect, it } from 'vitest';
import type { RunHandle, RustRuntime } from '../../runtime/types.ts';
import { LessonSession } from '../../session/lesson-session.ts';
import { withLiveProgress } from '../../session/persistence.ts';
import { RUST_SCRIPTS, RustSession } from '../../session/rust-session.ts';
import { lessonMark } from './progress-label.ts';
import { createMemoryStorage } from '../../session/memory-storage.ts';

// Both tracks' sessions on one in-memory storage, as on a lesson page; no run happens here.

class NoRustRuntime implements RustRuntime {
  readonly rustLabel = 'none';
  readonly canDiagnose = false;
  runRust(): Promise<RunHandle> {
    throw new Error('not used');
  }
}

const lesson = {
  id: '99-demo',
  starter: { 'Cargo.toml': '[package]\nname = "demo"\n', 'src/lib.rs': 'pub fn answer() -> u32 { 0 }\n' },
  solution: {},
  timeouts: { run: 120, check: 180 },
  scripts: RUST_SCRIPTS,
};

describe('progress with two tracks', () => {
  it('keeps the single-track label until the Rust track has an entry, then names both', async () => {
    const live = withLiveProgress(createMemoryStorage());
    const ts = new LessonSession({ ...lesson, starter: { 'src/a.ts': 'export {}\n' }, solution: {}, scripts: { run: 'node', check: 'node --test' } }, async () => ({ error: 'none' }), live.storage);
    await ts.load();
    ts.edit('src/a.ts', 'export const a = 1;\n');
    await ts.flush();
    expect(lessonMark(live.progress.get(), '99-demo')).toEqual({ state: 'started', label: 'in progress' });

    await live.storage.setProgress('99-demo', 'completed');
    const rust = new RustSession(lesson, async () => new NoRustRuntime(), live.storage);
    await rust.load();
    rust.edit('src/lib.rs', 'pub fn answer() -> u32 { 2 }\n');
    await rust.flush();
    expect(lessonMark(live.progress.get(), '99-demo')).toEqual({ state: 'completed', label: 'TypeScript: passed · Rust: in progress' });
    expect(lessonMark({ '99-demo:rust': 'completed' }, '99-demo')).toEqual({ state: 'completed', label: 'TypeScript: not started · Rust: passed' });

    // Reset of the Rust track takes away only its "in progress" mark.
    await rust.reset();
    expect(lessonMark(live.progress.get(), '99-demo')).toEqual({ state: 'completed', label: 'passed' });
    ts.dispose();
    rust.dispose();
  });
});
