/** The service's own model. It may change; the JSON that clients see must not change under them. */
export interface User {
  id: number;
  givenName: string;
  familyName: string;
  email: string;
  createdAt: Date;
}

const USERS: User[] = [
  { id: 1, givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', createdAt: new Date('2015-12-10T09:30:00Z') },
  { id: 2, givenName: 'Grace', familyName: 'Hopper', email: 'grace@example.com', createdAt: new Date('2016-12-09T14:05:00Z') },
  { id: 3, givenName: 'Barbara', familyName: 'Liskov', email: 'barbara@example.com', createdAt: new Date('2018-11-07T08:00:00Z') },
];

export function findUser(id: number): User | undefined {
  return USERS.find((u) => u.id === id);
}

export function listUsers(): User[] {
  return USERS;
}

/** The /v1 wire format. Frozen: mobile apps in the field parse exactly these four fields. */
export interface UserV1 {
  id: number;
  name: string;
  email: string;
  /** The day only, YYYY-MM-DD (UTC). */
  created: string;
}

export function toV1(u: User): UserV1 {
  return { id: u.id, name: `${u.givenName} ${u.familyName}`, email: u.email, created: u.createdAt.toISOString().slice(0, 10) };
}
