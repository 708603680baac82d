import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Account balances in cents, behind an async API like a database client's. A read sees the balance
 * at once and its answer takes STORE_LATENCY_MS to come back; a write takes STORE_LATENCY_MS to
 * arrive before it lands. While either is on its way, other requests run: the value a read returns
 * may already be stale when you get it.
 */
export const STORE_LATENCY_MS = 20;

export class AccountStore {
  private readonly balances: Map<string, number>;

  constructor(balances: Record<string, number>) {
    this.balances = new Map(Object.entries(balances));
  }

  async getBalance(account: string): Promise<number> {
    const balance = this.balances.get(account);
    await sleep(STORE_LATENCY_MS);
    if (balance === undefined) throw new Error(`no account "${account}"`);
    return balance;
  }

  async setBalance(account: string, cents: number): Promise<void> {
    await sleep(STORE_LATENCY_MS);
    this.balances.set(account, cents);
  }
}
