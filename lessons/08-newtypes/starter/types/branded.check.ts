// Compile-time checks: this file is never run (it is not under test/), only type-checked. The editor
// shows its errors, and `npm run verify:lessons` type-checks it for the starter and the solution.
// A raw value is not a branded one: each line marked with a ts-expect-error directive must stay a
// type error (if it stops being one, the unused directive is itself reported as an error).
import { parseUserId } from '../src/domain.js';
import { createUser, findUser } from '../src/users.js';

export function brandedTypesRejectRawValues(): void {
  // @ts-expect-error a number is not a UserId: parse it first
  findUser(1);
  // @ts-expect-error plain strings are not a UserName and an Email: parse them first
  createUser('Ada', 'ada@example.com');
  const parsed = parseUserId('1');
  // @ts-expect-error the Result must be checked before its value can be used
  findUser(parsed.value);
  if (parsed.ok) findUser(parsed.value); // fine: narrowed to { ok: true, value: UserId }
}
