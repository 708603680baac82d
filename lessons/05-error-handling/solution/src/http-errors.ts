import { isUserServiceError } from './errors.js';

/** What the client gets when a request fails: a status and a small, stable JSON body. */
export interface ErrorResponse {
  status: number;
  body: { error: { code: string; message: string } };
}

export function toErrorResponse(err: unknown): ErrorResponse {
  // Only errors we created on purpose carry a message written for the client.
  if (!isUserServiceError(err)) {
    return { status: 500, body: { error: { code: 'internal', message: 'internal server error' } } };
  }
  const body = { error: { code: err.kind, message: err.message } };
  switch (err.kind) {
    case 'invalid_input':
      return { status: 400, body };
    case 'not_found':
      return { status: 404, body };
    case 'conflict':
      return { status: 409, body };
    default: {
      // A new kind added to UserServiceError makes this line a compile error until it is mapped.
      const unmapped: never = err;
      return unmapped;
    }
  }
}
