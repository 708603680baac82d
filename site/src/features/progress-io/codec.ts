import { z } from 'zod';
import type { LessonProgress, SavedLesson } from '../../session/persistence.ts';
import type { PassTimes } from '../../session/pass-times.ts';

/**
 * The progress file (Export progress / Import progress): every track's mark, when it last passed, and
 * the learner's saved edits of both tracks, with a format name and version. No React, no storage.
 */
export const PROGRESS_FORMAT = 'rust-backend-workbook-progress';
export const PROGRESS_VERSION = 1;
/** Larger than any real export (14 lessons × 2 tracks of small projects); a bigger file is refused unread. */
export const MAX_PROGRESS_FILE_BYTES = 5 * 1024 * 1024;

export interface ProgressFile {
  format: typeof PROGRESS_FORMAT;
  version: typeof PROGRESS_VERSION;
  exportedAt: string;
  progress: Record<string, LessonProgress>;
  passedAt: PassTimes;
  edits: Record<string, SavedLesson>;
}

const progressValue = z.enum(['started', 'completed', 'completed-with-solution']);
const filePath = z
  .string()
  .min(1)
  .max(300)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.includes('\\'), 'a file path must stay inside the project');

const fileSchema = z.strictObject({
  format: z.literal(PROGRESS_FORMAT),
  version: z.literal(PROGRESS_VERSION),
  exportedAt: z.string(),
  progress: z.record(z.string(), progressValue),
  passedAt: z.record(z.string(), z.number().int().nonnegative()),
  edits: z.record(
    z.string(),
    z.strictObject({ files: z.record(filePath, z.string()), savedAt: z.number().int().nonnegative(), solutionShown: z.boolean().optional() }),
  ),
});

export function encodeProgressFile(data: Omit<ProgressFile, 'format' | 'version' | 'exportedAt'>, now = new Date()): string {
  const file: ProgressFile = { format: PROGRESS_FORMAT, version: PROGRESS_VERSION, exportedAt: now.toISOString(), ...data };
  return JSON.stringify(file, null, 2);
}

export type DecodeResult = { ok: true; file: ProgressFile } | { ok: false; reason: string };

/**
 * Reads a progress file; `knownKeys` are the progress keys of this workbook's lessons (`<id>`, `<id>:rust`).
 * Anything else — too big, not JSON, another program's file, another version, an unknown lesson — is
 * refused with a sentence saying why.
 */
export function decodeProgressFile(text: string, knownKeys: ReadonlySet<string>): DecodeResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_PROGRESS_FILE_BYTES) return { ok: false, reason: `The file is too large (${Math.round(bytes / 1024)} KB; at most ${MAX_PROGRESS_FILE_BYTES / 1024 / 1024} MB).` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The file is not valid JSON: it may be damaged or not a progress file.' };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json) || (json as { format?: unknown }).format !== PROGRESS_FORMAT) {
    return { ok: false, reason: 'This is not a Rust Backend Workbook progress file.' };
  }
  const version = (json as { version?: unknown }).version;
  if (version !== PROGRESS_VERSION) {
    return { ok: false, reason: `The file has format version ${JSON.stringify(version)}; this workbook reads version ${PROGRESS_VERSION}.` };
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `The file is damaged: ${issue.path.join('.') || 'the file'}: ${issue.message}.` };
  }
  const file = parsed.data as ProgressFile;
  const unknown = [...Object.keys(file.progress), ...Object.keys(file.passedAt), ...Object.keys(file.edits)].find((k) => !knownKeys.has(k));
  if (unknown !== undefined) return { ok: false, reason: `The file names a lesson this workbook does not have: “${unknown}”.` };
  return { ok: true, file };
}
