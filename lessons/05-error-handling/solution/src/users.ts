import { ConflictError, InvalidInputError, NotFoundError } from './errors.js';
import type { User, UserStore } from './store.js';

/**
 * Like anyhow's `.context(...)`: rethrows a failure as an Error that says what we were doing,
 * with the original error kept as its `cause` for the logs.
 */
function context(message: string) {
  return (err: unknown): never => {
    throw new Error(message, { cause: err });
  };
}

export class UserService {
  private readonly store: UserStore;

  constructor(store: UserStore) {
    this.store = store;
  }

  async getUser(rawId: string): Promise<User> {
    const id = Number(rawId);
    if (!Number.isInteger(id) || id <= 0) {
      throw new InvalidInputError('id', `user id must be a positive integer, got "${rawId}"`);
    }
    const user = await this.store.find(id).catch(context(`loading user ${id}`));
    if (!user) throw new NotFoundError(`no user with id ${id}`);
    return user;
  }

  async createUser(body: unknown): Promise<User> {
    const { name, email } = (body ?? {}) as { name?: unknown; email?: unknown };
    if (typeof name !== 'string' || name.trim() === '') {
      throw new InvalidInputError('name', 'name must be a non-empty string');
    }
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) {
      throw new InvalidInputError('email', 'email must look like name@domain');
    }
    const existing = await this.store.findByEmail(email).catch(context('checking whether the email is taken'));
    if (existing) throw new ConflictError(`email ${email} is already registered`);
    return this.store.insert({ name: name.trim(), email }).catch(context('inserting a new user'));
  }
}
