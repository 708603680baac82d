import { createStore as createIdbStore, del, get, set, entries } from 'idb-keyval';
import { createStore, type ReadableStore } from '../runtime/store.ts';
import type { ProjectFiles } from '../runtime/types.ts';

/**
 * Where a learner's work lives between visits: IndexedDB (idb-keyval), per lesson, with a
 * localStorage fallback for browsers that refuse IndexedDB (some private modes).
 */
export interface SavedLesson {
  files: ProjectFiles;
  savedAt: number;
  /** Show solution was used since the last Reset: a pass then says so. */
  solutionShown?: boolean;
}

/** `completed`: passed with the learner's own code; `completed-with-solution`: after Show solution. */
export type LessonProgress = 'started' | 'completed' | 'completed-with-solution';

/**
 * Tells the other tabs of this browser that a track's files were saved (or cleared by Reset), so that
 * a tab showing the same lesson can say so instead of overwriting them later without a word.
 */
export interface SavedMessage {
  key: string;
  /** Which tab saved: a tab ignores its own messages. */
  tab: string;
  savedAt: number;
  /** The learner's changed files as saved (empty: back at the starter). */
  files: ProjectFiles;
}

export interface EditChannel {
  post(message: SavedMessage): void;
  onMessage(listener: (message: SavedMessage) => void): void;
  close(): void;
}

const CHANNEL_NAME = 'rust-backend-workbook.saved';

/** BroadcastChannel where the browser has one; null elsewhere (then tabs do not hear of each other). */
export function openBroadcastChannel(): EditChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(CHANNEL_NAME);
  // Node (tests, tools) would otherwise stay alive for an open channel.
  (channel as unknown as { unref?: () => void }).unref?.();
  return {
    post: (message) => channel.postMessage(message),
    onMessage: (listener) => {
      channel.onmessage = (e: MessageEvent<SavedMessage>) => listener(e.data);
    },
    close: () => channel.close(),
  };
}

export interface WorkbookStorage {
  /** Where saves are announced to other tabs; absent: this storage is not shared with any. */
  openChannel?(): EditChannel | null;
  loadLesson(lessonId: string): Promise<SavedLesson | undefined>;
  saveLesson(lessonId: string, saved: SavedLesson): Promise<void>;
  clearLesson(lessonId: string): Promise<void>;
  loadProgress(): Promise<Record<string, LessonProgress>>;
  setProgress(lessonId: string, progress: LessonProgress): Promise<void>;
  clearProgress(lessonId: string): Promise<void>;
}

export function createBrowserStorage(): WorkbookStorage {
  try {
    if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB');
    const files = createIdbStore('rust-backend-workbook', 'lessons');
    const progress = createIdbStore('rust-backend-workbook-progress', 'progress');
    return {
      openChannel: openBroadcastChannel,
      loadLesson: (id) => get<SavedLesson>(id, files),
      saveLesson: (id, saved) => set(id, saved, files),
      clearLesson: (id) => del(id, files),
      loadProgress: async () => Object.fromEntries(await entries<string, LessonProgress>(progress)),
      setProgress: (id, p) => set(id, p, progress),
      clearProgress: (id) => del(id, progress),
    };
  } catch {
    return { ...createLocalStorageStorage(localStorage), openChannel: openBroadcastChannel };
  }
}

export function createLocalStorageStorage(ls: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): WorkbookStorage {
  const read = <T>(key: string): T | undefined => {
    const text = ls.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  };
  return {
    loadLesson: async (id) => read<SavedLesson>(`workbook.lesson.${id}`),
    saveLesson: async (id, saved) => ls.setItem(`workbook.lesson.${id}`, JSON.stringify(saved)),
    clearLesson: async (id) => ls.removeItem(`workbook.lesson.${id}`),
    loadProgress: async () => read<Record<string, LessonProgress>>('workbook.progress') ?? {},
    setProgress: async (id, p) => ls.setItem('workbook.progress', JSON.stringify({ ...read<Record<string, LessonProgress>>('workbook.progress'), [id]: p })),
    clearProgress: async (id) => {
      const { [id]: _gone, ...rest } = read<Record<string, LessonProgress>>('workbook.progress') ?? {};
      ls.setItem('workbook.progress', JSON.stringify(rest));
    },
  };
}

/**
 * The storage with its progress published as a store, so every view showing a mark (the sidebar, the
 * home page, the result box) changes the moment a check passes, without a reload.
 */
export function withLiveProgress(storage: WorkbookStorage): { storage: WorkbookStorage; progress: ReadableStore<Record<string, LessonProgress>> } {
  const progress = createStore<Record<string, LessonProgress>>({});
  void storage.loadProgress().then((p) => progress.set({ ...p, ...progress.get() }), () => undefined);
  return {
    progress,
    storage: {
      ...storage,
      async setProgress(id, p) {
        progress.set({ ...progress.get(), [id]: p });
        await storage.setProgress(id, p);
      },
      async clearProgress(id) {
        const { [id]: _gone, ...rest } = progress.get();
        progress.set(rest);
        await storage.clearProgress(id);
      },
    },
  };
}
