/**
 * The failures a caller of UserService can do something about. Each class carries a `kind`, so
 * `UserServiceError` is a discriminated union and a `switch (err.kind)` can be checked for
 * exhaustiveness, much like a `match` on a Rust error enum derived with thiserror.
 * Anything else that is thrown (a database outage, a bug) is unexpected: a 500 for the client,
 * the full story for the logs.
 */
export class NotFoundError extends Error {
  readonly kind = 'not_found' as const;
  override name = 'NotFoundError';
}

export class InvalidInputError extends Error {
  readonly kind = 'invalid_input' as const;
  override name = 'InvalidInputError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

export class ConflictError extends Error {
  readonly kind = 'conflict' as const;
  override name = 'ConflictError';
}

export type UserServiceError = NotFoundError | InvalidInputError | ConflictError;

export function isUserServiceError(err: unknown): err is UserServiceError {
  return err instanceof NotFoundError || err instanceof InvalidInputError || err instanceof ConflictError;
}

/**
 * "loading user 7: connection refused" with one "caused by:" line per link of the `cause` chain,
 * like anyhow prints an error with `{:?}`. For logs only: never send this to a client.
 */
export function formatErrorChain(err: unknown): string {
  const lines: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    const text = current instanceof Error ? `${current.name}: ${current.message}` : String(current);
    lines.push(depth === 0 ? text : `  caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}
