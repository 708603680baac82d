/**
 * Runs kept across visits, in IndexedDB through idb-keyval. Each entry holds the whole report, so a run
 * can be shown, compared and exported again later. When IndexedDB is unavailable (some private modes),
 * calls reject and the store says history is not being saved; nothing else breaks.
 */
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { LabReport } from './report-schema.ts';

export interface HistoryEntry {
  id: string;
  /** When it entered the history (ISO 8601). The run's own date is report.environment.date. */
  savedAt: string;
  origin: 'run' | 'import';
  /** Shown in lists: the imported file's name, or where and how the run was made. */
  name: string;
  report: LabReport;
}

let store: UseStore | undefined;
const runs = () => (store ??= createStore('rust-workbook-lab', 'runs'));

export function newEntryId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export async function loadHistory(): Promise<HistoryEntry[]> {
  const all = await entries<string, HistoryEntry>(runs());
  return all.map(([, entry]) => entry).sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export async function saveEntry(entry: HistoryEntry): Promise<void> {
  await set(entry.id, entry, runs());
}

export async function deleteEntry(id: string): Promise<void> {
  await del(id, runs());
}
