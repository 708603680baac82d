/** What the client gets when a request fails: a status and a small, stable JSON body. */
export interface ErrorResponse {
  status: number;
  body: { error: { code: string; message: string } };
}

// TODO: map the typed errors to 400 / 404 / 409 with their own message and `kind` as the code.
// Anything else is unexpected: answer 500 with a fixed message ("internal server error"), because
// its message may contain hosts, queries or credentials that a client must never see.
export function toErrorResponse(err: unknown): ErrorResponse {
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: { error: { code: 'internal', message } } };
}
