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

/** The wire format, improved: structured name and a full timestamp. One serializer for every version. */
export interface UserJson {
  id: number;
  name: { given: string; family: string };
  email: string;
  createdAt: string;
}

export function toJson(u: User): UserJson {
  return { id: u.id, name: { given: u.givenName, family: u.familyName }, email: u.email, createdAt: u.createdAt.toISOString() };
}

/** Kept for the v1 routes. */
export const toV1 = toJson;
export const toV2 = toJson;
