import { Bank } from './bank.js';
import { AccountStore } from './store.js';

// Two requests arrive at the same moment, each asking for 70 from an account that holds 100.
const bank = new Bank(new AccountStore({ alice: 100 }));
const results = await Promise.allSettled([bank.withdraw('alice', 70), bank.withdraw('alice', 70)]);

let paidOut = 0;
for (const [i, r] of results.entries()) {
  if (r.status === 'fulfilled') {
    paidOut += 70;
    console.log(`withdrawal ${i + 1}: ok, balance now ${r.value}`);
  } else {
    console.log(`withdrawal ${i + 1}: refused (${(r.reason as Error).message})`);
  }
}
const final = await bank.balance('alice');
console.log(`paid out ${paidOut}, final balance ${final}`);
console.log(
  paidOut + final === 100
    ? 'consistent: the money paid out plus the balance is still 100'
    : `inconsistent: ${paidOut + final - 100} was created from nothing (a lost update)`,
);
