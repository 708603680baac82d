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
    // The check is what goes wrong, so it runs under the lock.
    const balance = await this.lock.run(account, async () => {
      const current = await this.store.getBalance(account);
      if (current < cents) {
        throw new InsufficientFundsError(`cannot withdraw ${cents} from ${account}: balance is ${current}`);
      }
      return current;
    });
    const next = balance - cents;
    await this.store.setBalance(account, next);
    return next;
  }

  balance(account: string): Promise<number> {
    return this.store.getBalance(account);
  }
}
