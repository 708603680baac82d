import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bank, InsufficientFundsError } from '../src/bank.js';
import { AccountStore } from '../src/store.js';

test('two concurrent withdrawals cannot both spend the same money', async () => {
  const bank = new Bank(new AccountStore({ alice: 100 }));
  const results = await Promise.allSettled([bank.withdraw('alice', 70), bank.withdraw('alice', 70)]);
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  assert.equal(
    ok,
    1,
    `withdrawing 70 twice at once from a balance of 100 should succeed once, it succeeded ${ok} times: ` +
      'both read the balance before either wrote it back (check-then-act across an await)',
  );
  const refused = results.find((r) => r.status === 'rejected');
  assert.ok(
    refused?.status === 'rejected' && refused.reason instanceof InsufficientFundsError,
    'the second withdrawal should be refused with an InsufficientFundsError',
  );
  assert.equal(await bank.balance('alice'), 30, 'after one withdrawal of 70 from 100 the balance should be 30');
});

test('no update is lost when ten withdrawals run at once', async () => {
  const bank = new Bank(new AccountStore({ bob: 100 }));
  const results = await Promise.allSettled(Array.from({ length: 10 }, () => bank.withdraw('bob', 10)));
  const failed = results.filter((r) => r.status === 'rejected').length;
  assert.equal(failed, 0, `ten withdrawals of 10 from 100 should all succeed, ${failed} failed`);
  const balance = await bank.balance('bob');
  assert.equal(
    balance,
    0,
    `ten withdrawals of 10 from 100 should leave 0, but the balance is ${balance}: ` +
      'concurrent read-modify-writes overwrote each other (lost updates)',
  );
});

test('a refused withdrawal does not block the account', async () => {
  const bank = new Bank(new AccountStore({ carol: 50 }));
  await assert.rejects(bank.withdraw('carol', 80), InsufficientFundsError, 'withdrawing 80 from 50 should be refused');
  await assert.rejects(bank.withdraw('carol', 80), /80.*50/, 'the refusal should say what was asked (80) and what the balance is (50)');
  const next = await Promise.race([
    bank.withdraw('carol', 20),
    new Promise<'stuck'>((resolve) => setTimeout(resolve, 2000, 'stuck').unref()),
  ]);
  assert.notEqual(next, 'stuck', 'after a refused withdrawal the next one never ran: release the lock in a finally block');
  assert.equal(next, 30, 'withdrawing 20 from 50 should leave 30');
});
