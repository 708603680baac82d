import { useSyncExternalStore } from 'react';
import type { ReadableStore } from '../runtime/store.ts';

/** Reads an engine store in a component and re-renders when it changes. */
export function useStore<T>(store: ReadableStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
