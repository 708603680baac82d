/** The storage the service talks to. MemoryStore is the happy path; BrokenStore is an outage. */
export interface User {
  id: number;
  name: string;
  email: string;
}

export interface UserStore {
  find(id: number): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  insert(user: Omit<User, 'id'>): Promise<User>;
}

export class MemoryStore implements UserStore {
  private readonly users = new Map<number, User>([
    [1, { id: 1, name: 'Ada', email: 'ada@example.com' }],
    [2, { id: 2, name: 'Grace', email: 'grace@example.com' }],
  ]);

  async find(id: number) {
    return this.users.get(id);
  }

  async findByEmail(email: string) {
    return [...this.users.values()].find((u) => u.email === email);
  }

  async insert(user: Omit<User, 'id'>) {
    const created = { id: Math.max(0, ...this.users.keys()) + 1, ...user };
    this.users.set(created.id, created);
    return created;
  }
}

/** Every call fails the way a driver does when the database is down, with internal details. */
export class BrokenStore implements UserStore {
  readonly failure = new Error('connect ECONNREFUSED 10.0.4.12:5432 (postgres://app@db-primary.internal/users)');

  async find(): Promise<User | undefined> {
    throw this.failure;
  }

  async findByEmail(): Promise<User | undefined> {
    throw this.failure;
  }

  async insert(): Promise<User> {
    throw this.failure;
  }
}
