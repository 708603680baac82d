import type { SavedLesson, WorkbookStorage } from '../../session/persistence.ts';
import type { PassTimeStore } from '../../session/pass-times.ts';
import { rustStorageKey } from '../../session/rust-session.ts';
import type { ProgressFile } from './codec.ts';

/** The progress keys of these lessons: the TypeScript track's (the id) and the Rust track's. */
export function progressKeys(lessonIds: readonly string[]): string[] {
  return lessonIds.flatMap((id) => [id, rustStorageKey(id)]);
}

/** Everything Export progress writes, read from the storage. */
export async function gatherProgress(storage: WorkbookStorage, passTimes: PassTimeStore, lessonIds: readonly string[]): Promise<Omit<ProgressFile, 'format' | 'version' | 'exportedAt'>> {
  const keys = new Set(progressKeys(lessonIds));
  const all = await storage.loadProgress();
  const progress = Object.fromEntries(Object.entries(all).filter(([k]) => keys.has(k)));
  const passedAt = Object.fromEntries(Object.entries(passTimes.store.get()).filter(([k]) => keys.has(k)));
  const edits: Record<string, SavedLesson> = {};
  for (const key of keys) {
    const saved = await storage.loadLesson(key).catch(() => undefined);
    if (saved && Object.keys(saved.files).length > 0) edits[key] = saved;
  }
  return { progress, passedAt, edits };
}

/** Import progress: this workbook's marks, pass times and edits become the file's (nothing else kept). */
export async function replaceProgress(storage: WorkbookStorage, passTimes: PassTimeStore, lessonIds: readonly string[], file: ProgressFile): Promise<void> {
  for (const key of progressKeys(lessonIds)) {
    const mark = file.progress[key];
    if (mark) await storage.setProgress(key, mark);
    else await storage.clearProgress(key);
    const saved = file.edits[key];
    if (saved) await storage.saveLesson(key, saved);
    else await storage.clearLesson(key);
  }
  // After the marks: storing a passing mark stamps it with now, the file's times win.
  passTimes.replace({ ...file.passedAt });
}
