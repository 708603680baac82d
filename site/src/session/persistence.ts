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

export interface WorkbookStorage {
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
      loadLesson: (id) => get<SavedLesson>(id, files),
      saveLesson: (id, saved) => set(id, saved, files),
      clearLesson: (id) => del(id, files),
      loadProgress: async () => Object.fromEntries(await entries<string, LessonProgress>(progress)),
      setProgress: (id, p) => set(id, p, progress),
      clearProgress: (id) => del(id, progress),
    };
  } catch {
    return createLocalStorageStorage(localStorage);
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
