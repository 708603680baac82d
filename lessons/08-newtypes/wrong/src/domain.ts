import { err, ok, type Result } from './result.js';

/**
 * Branded types. At run time a UserId is a plain number and an Email a plain string; at compile
 * time the brand makes them different types, so a raw number or string is not accepted where a
 * UserId or an Email is expected. The only intended way to get one is through its parse function.
 */
export type UserId = number & { readonly __brand: 'UserId' };
export type Email = string & { readonly __brand: 'Email' };
export type UserName = string & { readonly __brand: 'UserName' };

/** The largest id the users table can hold (a signed 32-bit integer column). */
export const MAX_USER_ID = 2_147_483_647;
export const MAX_NAME_LENGTH = 50;

export function parseUserId(raw: string): Result<UserId> {
  // Digits only, no sign, no leading zero: Number() alone would accept "1e3", "0x1F" and " 7".
  if (!/^[1-9][0-9]*$/.test(raw)) {
    return err(`user id must be a positive whole number, got "${raw}"`);
  }
  const id = Number(raw);
  if (id > MAX_USER_ID) return err(`user id must be at most ${MAX_USER_ID}, got "${raw}"`);
  return ok(id as UserId); // the one place where the cast is earned
}

export function parseEmail(raw: unknown): Result<Email> {
  if (typeof raw !== 'string') return err('email must be a string');
  const email = raw.trim();
  if (email.length > 254) return err(`email must be at most 254 characters, got ${email.length}`);
  const at = email.lastIndexOf('@');
  if (at < 0) return err(`email needs an @, got "${raw}"`);
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local === '' || /\s/.test(local)) {
    return err(`email needs a name without spaces before the @, got "${raw}"`);
  }
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => /^[A-Za-z0-9-]+$/.test(l))) {
    return err(`email needs a domain like example.com after the @, got "${raw}"`);
  }
  // The domain is case-insensitive; the part before @ may not be, so only the domain is lower-cased.
  return ok(`${local}@${domain.toLowerCase()}` as Email);
}

export function parseUserName(raw: unknown): Result<UserName> {
  if (typeof raw !== 'string') return err('name must be a string');
  const name = raw.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    return err(`name must be 1 to ${MAX_NAME_LENGTH} characters once trimmed, got ${name.length}`);
  }
  return ok(name as UserName);
}
