/**
 * A minimal observable value. The engine publishes state through these; React reads them with
 * useSyncExternalStore (see site/src/shared/use-store.ts), so nothing below React depends on it.
 */
export interface ReadableStore<T> {
  get(): T;
  subscribe(listener: (value: T) => void): () => void;
}

export interface Store<T> extends ReadableStore<T> {
  set(value: T): void;
  update(fn: (value: T) => T): void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const l of [...listeners]) l(value);
    },
    update(fn) {
      this.set(fn(value));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
