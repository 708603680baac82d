import type { Email, UserId, UserName } from './domain.js';
import { err, ok, type Result } from './result.js';

/**
 * The inner layer: it takes only branded values, so it never re-checks them. Whoever calls it
 * must have parsed the input first; a raw number or string does not type-check here.
 */
export interface User {
  id: UserId;
  name: UserName;
  email: Email;
}

const users = new Map<UserId, User>([
  [1 as UserId, { id: 1 as UserId, name: 'Ada' as UserName, email: 'ada@example.com' as Email }],
  [2 as UserId, { id: 2 as UserId, name: 'Grace' as UserName, email: 'grace@example.com' as Email }],
]); // the `as` casts are fine here: these literals are known to be valid

export function findUser(id: UserId): User | undefined {
  return users.get(id);
}

export function createUser(name: UserName, email: Email): Result<User> {
  if ([...users.values()].some((u) => u.email === email)) return err(`email ${email} is already registered`);
  const user: User = { id: (Math.max(...users.keys()) + 1) as UserId, name, email };
  users.set(user.id, user);
  return ok(user);
}
