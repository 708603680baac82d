import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

// ---- Request context ---------------------------------------------------------------------------
// One value per async chain: everything `fn` starts (awaits, timers, promises) sees the id it was
// run with, while another request's chain sees its own. The TS analogue of entering a tracing span.
const context = new AsyncLocalStorage<string>();

/** Runs `fn` so that every log line written during it, also after awaits, carries `requestId`. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return context.run(requestId, fn);
}

/** The id of the request being handled, or undefined outside a request. */
export function currentRequest(): string | undefined {
  return context.getStore();
}

/** Reuses the caller's x-request-id when it looks sane (so one id follows a call across services). */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w.:-]{1,64}$/.test(header) ? header : randomUUID();
}

// ---- Structured logs: one JSON object per line ---------------------------------------------------
let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);
export function setLogSink(write: (line: string) => void): void {
  sink = write;
}

export function log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  sink(JSON.stringify({ time: new Date().toISOString(), level, msg, request_id: currentRequest(), ...fields }));
}

// ---- Metrics in the Prometheus text format ------------------------------------------------------
export type Labels = Record<string, string>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const formatLabels = (labels: Labels) =>
  Object.keys(labels).length === 0
    ? ''
    : `{${Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;

/** A number that only goes up, one series per distinct set of labels. */
export class Counter {
  readonly name: string;
  readonly help: string;
  private readonly series = new Map<string, number>();
  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = formatLabels(labels);
    this.series.set(key, (this.series.get(key) ?? 0) + by);
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [labels, value] of this.series) lines.push(`${this.name}${labels} ${value}`);
    return `${lines.join('\n')}\n`;
  }
}

/** Counts observations (e.g. seconds per request) into buckets by upper bound `le`. */
export class Histogram {
  readonly name: string;
  readonly help: string;
  readonly buckets: number[];
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(name: string, help: string, buckets: number[]) {
    this.name = name;
    this.help = help;
    this.buckets = buckets;
    this.counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    // Buckets are cumulative: le="x" counts every observation <= x. Values above the largest
    // bound are only in the +Inf bucket, which is `count`.
    this.buckets.forEach((le, i) => {
      if (value <= le) this.counts[i]! += 1;
    });
    this.sum += value;
    this.count += 1;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    this.buckets.forEach((le, i) => lines.push(`${this.name}_bucket{le="${le}"} ${this.counts[i]}`));
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`);
    lines.push(`${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
    return `${lines.join('\n')}\n`;
  }
}
