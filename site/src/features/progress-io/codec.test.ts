import { describe, expect, it } from 'vitest';
import { decodeProgressFile, encodeProgressFile, MAX_PROGRESS_FILE_BYTES, PROGRESS_FORMAT } from './codec.ts';

const known = new Set(['01-project-setup', '01-project-setup:rust', '02-async-tokio', '02-async-tokio:rust']);
const sample = {
  progress: { '01-project-setup': 'completed' as const, '01-project-setup:rust': 'started' as const },
  passedAt: { '01-project-setup': 1_700_000_000_000 },
  edits: { '01-project-setup:rust': { files: { 'src/lib.rs': 'pub fn x() {}\n' }, savedAt: 1_700_000_000_001 } },
};

describe('progress file codec', () => {
  it('reads back what it wrote', () => {
    const text = encodeProgressFile(sample, new Date('2026-01-02T03:04:05Z'));
    const r = decodeProgressFile(text, known);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.file).toMatchObject({ format: PROGRESS_FORMAT, version: 1, exportedAt: '2026-01-02T03:04:05.000Z', ...sample });
  });

  it('refuses a foreign file', () => {
    expect(decodeProgressFile(JSON.stringify({ name: 'my-app', version: '1.0.0' }), known)).toEqual({ ok: false, reason: 'This is not a Rust Backend Workbook progress file.' });
    expect(decodeProgressFile('[1,2,3]', known)).toMatchObject({ ok: false, reason: /not a Rust Backend Workbook/ });
  });

  it('refuses a broken file', () => {
    expect(decodeProgressFile('{"format": "rust-backend-wor', known)).toMatchObject({ ok: false, reason: /not valid JSON/ });
    const wrongMark = JSON.parse(encodeProgressFile(sample)) as Record<string, unknown>;
    wrongMark.progress = { '01-project-setup': 'done' };
    expect(decodeProgressFile(JSON.stringify(wrongMark), known)).toMatchObject({ ok: false, reason: /damaged: progress\.01-project-setup/ });
    const escaping = JSON.parse(encodeProgressFile(sample)) as { edits: Record<string, { files: Record<string, string> }> };
    escaping.edits['01-project-setup:rust']!.files = { '../../etc/passwd': 'x' };
    expect(decodeProgressFile(JSON.stringify(escaping), known)).toMatchObject({ ok: false, reason: /inside the project/ });
  });

  it('refuses an unknown lesson', () => {
    const other = encodeProgressFile({ ...sample, progress: { '99-nope': 'completed' } });
    expect(decodeProgressFile(other, known)).toMatchObject({ ok: false, reason: /does not have: “99-nope”/ });
  });

  it('refuses another format version', () => {
    const v2 = { ...(JSON.parse(encodeProgressFile(sample)) as object), version: 2 };
    expect(decodeProgressFile(JSON.stringify(v2), known)).toEqual({ ok: false, reason: 'The file has format version 2; this workbook reads version 1.' });
  });

  it('refuses an oversized file without parsing it', () => {
    const huge = `{"format":"${PROGRESS_FORMAT}","pad":"${'x'.repeat(MAX_PROGRESS_FILE_BYTES)}"}`;
    expect(decodeProgressFile(huge, known)).toMatchObject({ ok: false, reason: /too large/ });
  });
});
