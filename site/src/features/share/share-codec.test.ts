import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, MAX_SHARE_HASH_CHARS, MAX_SHARE_JSON_BYTES, SHARE_PREFIX, type ShareTrack } from './share-codec.ts';

const editable = (t: ShareTrack) => (t === 'typescript' ? new Set(['src/config.ts', 'src/main.ts']) : new Set(['src/lib.rs']));
const expectFor = { lesson: '01-project-setup', editable };
const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('share link codec', () => {
  it('round-trips the changed files', () => {
    const shared = { lesson: '01-project-setup', track: 'typescript' as const, files: { 'src/config.ts': 'export const x = "ünïcode ✓";\n' } };
    const enc = encodeShare(shared);
    expect(enc.ok).toBe(true);
    if (!enc.ok) return;
    expect(enc.hash.startsWith(`${SHARE_PREFIX}v1.`)).toBe(true);
    expect(enc.hash).toMatch(/^#share=v1\.[A-Za-z0-9_-]+$/);
    expect(decodeShare(enc.hash, expectFor)).toEqual({ ok: true, shared });
  });

  it('refuses broken and hostile hashes with a reason', () => {
    expect(decodeShare('#share=v1.!!!', expectFor)).toMatchObject({ ok: false, reason: /base64url/ });
    expect(decodeShare('#share=v1.AAAA', expectFor)).toMatchObject({ ok: false, reason: /damaged/ });
    expect(decodeShare('#share=v9.AAAA', expectFor)).toMatchObject({ ok: false, reason: /another version/ });
    expect(decodeShare(`#share=v1.${b64url(deflateSync(strToU8('not json')))}`, expectFor)).toMatchObject({ ok: false, reason: /not JSON/ });
    expect(decodeShare(`#share=v1.${b64url(deflateSync(strToU8('{"a":1}')))}`, expectFor)).toMatchObject({ ok: false, reason: /does not hold/ });
    const tests = encodeShare({ lesson: '01-project-setup', track: 'typescript', files: { 'test/config.test.ts': 'pass' } });
    expect(tests.ok && decodeShare(tests.hash, expectFor)).toMatchObject({ ok: false, reason: /cannot change here: “test\/config.test.ts”/ });
    const other = encodeShare({ lesson: '02-async-tokio', track: 'rust', files: {} });
    expect(other.ok && decodeShare(other.hash, expectFor)).toMatchObject({ ok: false, reason: /another lesson/ });
  });

  it('refuses a zip bomb while inflating, and an over-long hash unread', () => {
    const bomb = deflateSync(strToU8(`{"lesson":"01-project-setup","track":"rust","files":{"src/lib.rs":"${'a'.repeat(MAX_SHARE_JSON_BYTES * 4)}"}}`), { level: 9 });
    const hash = `#share=v1.${b64url(bomb)}`;
    expect(hash.length).toBeLessThan(MAX_SHARE_HASH_CHARS);
    expect(decodeShare(hash, expectFor)).toMatchObject({ ok: false, reason: /unpacks to more than/ });
    expect(decodeShare(`#share=v1.${'A'.repeat(MAX_SHARE_HASH_CHARS)}`, expectFor)).toMatchObject({ ok: false, reason: /too long/ });
  });

  it('will not make a link that is too long', () => {
    let text = '';
    let seed = 2463534242;
    for (let i = 0; i < 80_000; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      text += String.fromCharCode(33 + ((seed >>> 0) % 90));
    }
    expect(encodeShare({ lesson: 'x', track: 'rust', files: { 'src/lib.rs': text } })).toMatchObject({ ok: false, reason: /too large/ });
  });
});
