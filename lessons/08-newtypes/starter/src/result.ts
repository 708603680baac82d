/**
 * A Result-like union, as in Rust: a constructor that can fail returns one of these instead of
 * throwing, so the caller's code does not compile until it has looked at `ok`.
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function err<E>(error: E): Result<never, E> {
  return { ok: false, error };
}
