import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import { z } from 'zod';
import { isShareHash, SHARE_PREFIX } from './share-hash.ts';

/**
 * "Copy share link": the learner's changed files of one lesson track, deflated (fflate) and base64url
 * encoded into the URL's hash, so nothing goes to a server. Opening such a link asks before loading.
 * Decoding refuses, with a sentence, anything too long, not ours, damaged, or a zip bomb.
 */

export { isShareHash, SHARE_PREFIX };
export const SHARE_VERSION = 'v1';
/** Longer hashes are refused unread (and not produced: the link would be too long to paste anywhere). */
export const MAX_SHARE_HASH_CHARS = 60_000;
/** Inflated size limit: a tiny hash that inflates to megabytes is refused while inflating. */
export const MAX_SHARE_JSON_BYTES = 512 * 1024;

export type ShareTrack = 'typescript' | 'rust';
export interface SharedFiles {
  lesson: string;
  track: ShareTrack;
  files: Record<string, string>;
}

const payloadSchema = z.strictObject({
  lesson: z.string().min(1).max(100),
  track: z.enum(['typescript', 'rust']),
  files: z.record(z.string().min(1).max(300), z.string()),
});

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

export type EncodeResult = { ok: true; hash: string } | { ok: false; reason: string };

export function encodeShare(shared: SharedFiles): EncodeResult {
  const json = strToU8(JSON.stringify(shared));
  if (json.length > MAX_SHARE_JSON_BYTES) return { ok: false, reason: `Your changes are too large to share in a link (${Math.round(json.length / 1024)} KB; at most ${MAX_SHARE_JSON_BYTES / 1024} KB).` };
  const hash = `${SHARE_PREFIX}${SHARE_VERSION}.${toBase64Url(deflateSync(json, { level: 9 }))}`;
  if (hash.length > MAX_SHARE_HASH_CHARS) return { ok: false, reason: `Your changes are too large to share in a link (${hash.length} characters; at most ${MAX_SHARE_HASH_CHARS}). Use Download project instead.` };
  return { ok: true, hash };
}


function inflateLimited(data: Uint8Array, limit: number): Uint8Array | 'too-big' | null {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooBig = false;
  try {
    const inflate = new Inflate((chunk) => {
      size += chunk.length;
      if (size > limit) {
        tooBig = true;
        throw new Error('too big');
      }
      chunks.push(chunk);
    });
    inflate.push(data, true);
  } catch {
    return tooBig ? 'too-big' : null;
  }
  if (size === 0) return null;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export type DecodeShareResult = { ok: true; shared: SharedFiles } | { ok: false; reason: string };

/**
 * Reads a share hash for this lesson: `editable` are the paths the learner may change on `track`
 * (anything else in the link is refused, so a link cannot replace the tests or the manifest).
 */
export function decodeShare(hash: string, expect: { lesson: string; editable: (track: ShareTrack) => ReadonlySet<string> | null }): DecodeShareResult {
  if (!isShareHash(hash)) return { ok: false, reason: 'This is not a share link.' };
  if (hash.length > MAX_SHARE_HASH_CHARS) return { ok: false, reason: `The share link is too long (${hash.length} characters; at most ${MAX_SHARE_HASH_CHARS}).` };
  const body = hash.slice(SHARE_PREFIX.length);
  const dot = body.indexOf('.');
  const version = dot < 0 ? '' : body.slice(0, dot);
  if (version !== SHARE_VERSION) return { ok: false, reason: 'The share link was made by another version of the workbook, or it is damaged.' };
  const bytes = fromBase64Url(body.slice(dot + 1));
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'The share link is damaged (it is not valid base64url).' };
  const inflated = inflateLimited(bytes, MAX_SHARE_JSON_BYTES);
  if (inflated === 'too-big') return { ok: false, reason: `The share link unpacks to more than ${MAX_SHARE_JSON_BYTES / 1024} KB; it was refused.` };
  if (!inflated) return { ok: false, reason: 'The share link is damaged (its data does not unpack).' };
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(inflated));
  } catch {
    return { ok: false, reason: 'The share link is damaged (its data is not JSON).' };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'The share link does not hold shared files of a lesson.' };
  const shared = parsed.data;
  if (shared.lesson !== expect.lesson) return { ok: false, reason: `The share link is for another lesson (“${shared.lesson}”).` };
  const editable = expect.editable(shared.track);
  if (!editable) return { ok: false, reason: `This lesson has no ${shared.track === 'rust' ? 'Rust' : 'TypeScript'} exercise for the shared files.` };
  const foreign = Object.keys(shared.files).find((p) => !editable.has(p));
  if (foreign !== undefined) return { ok: false, reason: `The share link changes a file you cannot change here: “${foreign}”.` };
  return { ok: true, shared };
}
