/** An in-memory user table. In the Rust listing this is the shared state behind `web::Data`. */
export interface User {
  id: number;
  name: string;
  email: string;
}

export type NewUser = Omit<User, 'id'>;

export class UserStore {
  private readonly users = new Map<number, User>();
  private nextId = 1;

  constructor(seed: NewUser[] = [
    { name: 'Ada Lovelace', email: 'ada@example.com' },
    { name: 'Grace Hopper', email: 'grace@example.com' },
  ]) {
    for (const u of seed) this.create(u);
  }

  list(): User[] {
    return [...this.users.values()];
  }

  get(id: number): User | undefined {
    return this.users.get(id);
  }

  create(input: NewUser): User {
    const user = { id: this.nextId++, ...input };
    this.users.set(user.id, user);
    return user;
  }
}
