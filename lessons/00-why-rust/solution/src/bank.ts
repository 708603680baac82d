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
  withdraw(account: string, cents: number): Promise<number> {
    // Read, check and write as one step per account: no other withdrawal from this account can
    // run between our read and our write, so nobody acts on a balance that is already stale.
    return this.lock.run(account, async () => {
      const balance = await this.store.getBalance(account);
      if (balance < cents) {
        throw new InsufficientFundsError(`cannot withdraw ${cents} from ${account}: balance is ${balance}`);
      }
      const next = balance - cents;
      await this.store.setBalance(account, next);
      return next;
    });
  }

  balance(account: string): Promise<number> {
    return this.store.getBalance(account);
  }
}
