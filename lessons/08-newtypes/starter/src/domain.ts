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

// TODO: accept only canonical decimal ids from 1 to MAX_USER_ID ("42"), and reject everything else
// ("0", "-1", "1.5", "12abc", "1e3", "0x1F", "") with a message that names the field ("user id ...") and quotes the input.
export function parseUserId(raw: string): Result<UserId> {
  return ok(Number(raw) as UserId);
}

// TODO: require a string of at most 254 characters once trimmed, split at its last "@": a non-empty
// part before it without whitespace, and a domain after it made of two or more labels of letters,
// digits and "-" separated by dots. Return the trimmed form with the domain lower-cased.
export function parseEmail(raw: unknown): Result<Email> {
  return ok(String(raw) as Email);
}

// TODO: require a string of 1 to MAX_NAME_LENGTH characters once trimmed. Return the trimmed form.
export function parseUserName(raw: unknown): Result<UserName> {
  if (typeof raw !== 'string') return err('name must be a string');
  return ok(raw as UserName);
}
