import type { User, UserStore } from './store.js';

// TODO: throw the typed errors from ./errors.js instead of plain Errors, so the HTTP boundary can
// tell "your request is wrong" (4xx) from "we are broken" (5xx). And when the store fails, throw a
// new Error that says what the service was doing, with the store's error as its `cause`.
export class UserService {
  private readonly store: UserStore;

  constructor(store: UserStore) {
    this.store = store;
  }

  async getUser(rawId: string): Promise<User> {
    const id = Number(rawId);
    if (!Number.isInteger(id) || id <= 0) {
      throw new Error(`user id must be a positive integer, got "${rawId}"`);
    }
    const user = await this.store.find(id);
    if (!user) throw new Error(`no user with id ${id}`);
    return user;
  }

  async createUser(body: unknown): Promise<User> {
    const { name, email } = (body ?? {}) as { name?: unknown; email?: unknown };
    if (typeof name !== 'string' || name.trim() === '') {
      throw new Error('name must be a non-empty string');
    }
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) {
      throw new Error('email must look like name@domain');
    }
    const existing = await this.store.findByEmail(email);
    if (existing) throw new Error(`email ${email} is already registered`);
    return this.store.insert({ name: name.trim(), email });
  }
}
