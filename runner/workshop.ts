import os from 'node:os';
import { WORKSHOP_ACTIVE_SECONDS, type WorkshopAddress, type WorkshopStatus } from '../contracts/workshop-protocol.ts';
import type { RunnerLimits } from '../contracts/runner-protocol.ts';

/**
 * What the instructor's /workshop page shows (GET /api/workshop): the addresses to give out and how
 * busy the room is. "Connected" is counted from authenticated API calls only (a page without the token
 * is not a learner yet), per remote address: a learner's page asks /api/info every 15 s, so its
 * address stays counted while the page is open, and falls out two minutes after it closes.
 */
export class WorkshopActivity {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** An authenticated API call came from this address. */
  seen(remoteAddress: string | undefined): void {
    if (!remoteAddress) return;
    // One machine reached over IPv4 on a dual-stack socket is "::ffff:a.b.c.d": the same as "a.b.c.d".
    this.lastSeen.set(remoteAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, ''), this.now());
  }

  connected(): number {
    const since = this.now() - WORKSHOP_ACTIVE_SECONDS * 1000;
    let n = 0;
    for (const [address, at] of this.lastSeen) {
      if (at >= since) n++;
      else this.lastSeen.delete(address); // a room of 30 never grows this past its own size
    }
    return n;
  }
}

/**
 * The addresses other machines can use, limited to what the Host check accepts (`hosts`): on a
 * wildcard bind every non-internal interface address (IPv6 link-local ones are left out: a browser
 * needs a zone id for them, which URLs cannot carry); on a named address only that one.
 */
export function workshopAddresses(host: string, port: number, hosts: ReadonlySet<string>): WorkshopAddress[] {
  const found: WorkshopAddress[] = [];
  for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.internal || (a.family === 'IPv6' && /^fe80:/i.test(a.address))) continue;
      const hostPort = a.family === 'IPv6' ? `[${a.address}]:${port}` : `${a.address}:${port}`;
      if (!hosts.has(hostPort)) continue;
      if (host !== '0.0.0.0' && host !== '::' && a.address !== host) continue;
      found.push({ hostPort, family: a.family, interface: name });
    }
  }
  // IPv4 first: the shorter address to read out to a room.
  return found.sort((x, y) => (x.family === y.family ? 0 : x.family === 'IPv4' ? -1 : 1));
}

export function workshopStatus(input: {
  loopback: boolean;
  host: string;
  port: number;
  hosts: ReadonlySet<string>;
  activity: WorkshopActivity;
  running: number;
  queued: number;
  limits: Pick<RunnerLimits, 'maxConcurrentRuns' | 'maxQueuedRuns'>;
}): WorkshopStatus {
  return {
    listening: input.loopback ? 'loopback' : 'exposed',
    port: input.port,
    addresses: input.loopback ? [] : workshopAddresses(input.host, input.port, input.hosts),
    connected: input.activity.connected(),
    activeSeconds: WORKSHOP_ACTIVE_SECONDS,
    runs: { running: input.running, queued: input.queued, maxConcurrent: input.limits.maxConcurrentRuns, maxQueued: input.limits.maxQueuedRuns },
  };
}
