import { createLocalStorageStorage, type WorkbookStorage } from './persistence.ts';

/** The workbook's storage over an in-memory Storage: for tests of the engine without a browser. */
export function createMemoryStorage(): WorkbookStorage {
  const map = new Map<string, string>();
  return createLocalStorageStorage({
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  });
}
