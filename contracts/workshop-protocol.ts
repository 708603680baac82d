/**
 * A workshop on one machine: what the runner and the instructor's /workshop page agree on.
 *
 *   GET /api/workshop -> WorkshopStatus   (authenticated like every API call; 401 without the token)
 *   GET /preview/<capability>/<path>      -> the learner's server's /<path> (runner/preview.ts); the
 *       capability arrives only in the run's own `server-ready` event, as the path `/preview/<capability>/`
 */
export const PREVIEW_PREFIX = '/preview/';

/** How long after its last authenticated API call a browser's address still counts as connected. */
export const WORKSHOP_ACTIVE_SECONDS = 120;

export interface WorkshopStatus {
  /**
   * `loopback`: only this machine can open the workbook (the default); `addresses` is empty.
   * `exposed`: listening beyond it (`--host`); `addresses` are what learners open.
   */
  listening: 'loopback' | 'exposed';
  port: number;
  /** Each `host:port` other machines can use (IPv6 in brackets), as the runner's Host check accepts them. */
  addresses: WorkshopAddress[];
  /** Distinct remote addresses that made an authenticated API call in the last `activeSeconds` (this page included). */
  connected: number;
  activeSeconds: number;
  runs: { running: number; queued: number; maxConcurrent: number; maxQueued: number };
}

export interface WorkshopAddress {
  /** e.g. "192.168.1.20:4310" or "[fd00::5]:4310": the page adds http:// and ?token=. */
  hostPort: string;
  family: 'IPv4' | 'IPv6';
  /** The network interface it belongs to (eth0, wlan0), to tell Wi-Fi from a cable or a VPN. */
  interface: string;
}
