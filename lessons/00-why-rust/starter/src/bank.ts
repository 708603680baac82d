import { KeyedLock } from './lock.js';
import type { AccountStore } from './store.js';

export class InsufficientFundsError extends Error {
  override name = 'InsufficientFundsError';
}

export class Bank {
  private readonly store: AccountStore;
  private readonly lock = new KeyedLock();

  constructor(store: AccountStore) {
    this.store = store;
  }

  /** Takes `cents` out of `account` and returns the new balance, or throws InsufficientFundsError. */
  async withdraw(account: string, cents: number): Promise<number> {
    // TODO: two withdrawals can both read the old balance here, both pass the check, and the second
    // write overwrites the first. Make read, check and write one step per account with this.lock.
    const balance = await this.store.getBalance(account);
    if (balance < cents) {
      throw new InsufficientFundsError(`cannot withdraw ${cents} from ${account}: balance is ${balance}`);
    }
    const next = balance - cents;
    await this.store.setBalance(account, next);
    return next;
  }

  balance(account: string): Promise<number> {
    return this.store.getBalance(account);
  }
}
