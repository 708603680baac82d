import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ProjectFiles } from '../../contracts/project.ts';

/**
 * A lesson's cargo runs happen in slots the runner keeps, so dependencies compile once per lesson:
 *
 *   <cache>/<lessonId>/slot-<n>/       bound at /run/workbook-rust inside the sandbox (writable)
 *     crate/                           the lesson's crate: Cargo.toml, Cargo.lock, tests/ (lesson-owned),
 *                                      src/**.rs and build.rs (the learner's); the working directory
 *     target/                          CARGO_TARGET_DIR, kept between runs
 *     home/                            CARGO_HOME
 *   <cache>/<lessonId>/slot-<n>.built  written by the runner when a build in the slot finished once
 *
 * A run takes the lowest free slot of its lesson (an in-process lock: one run per slot at a time),
 * so concurrent runs never share a target directory. A new slot is seeded with a copy of a built
 * slot's target directory (`cp -a --reflink=auto`), so a second concurrent run does not build the
 * dependencies again: inside the sandbox every slot is at the same path, so the copied fingerprints
 * stay valid.
 */
export interface Slot {
  lessonId: string;
  index: number;
  dir: string;
  crate: string;
  target: string;
  home: string;
  /** True once a build in this slot finished (the shorter build time limit applies). */
  built: boolean;
  markBuilt(): Promise<void>;
  release(): void;
}

const execFileAsync = promisify(execFile);

export class SlotPool {
  private readonly busy = new Map<string, Set<number>>();

  constructor(readonly cacheRoot: string) {}

  lessonDir(lessonId: string): string {
    return path.join(this.cacheRoot, lessonId);
  }

  /** The lowest free slot of the lesson, made (and seeded) if new. Never waits. */
  async acquire(lessonId: string, options: { index?: number } = {}): Promise<Slot> {
    const busy = this.busy.get(lessonId) ?? new Set<number>();
    this.busy.set(lessonId, busy);
    let index = options.index ?? 0;
    if (options.index === undefined) while (busy.has(index)) index++;
    else if (busy.has(index)) throw new Error(`slot ${index} of ${lessonId} is in use`);
    busy.add(index);
    const release = () => busy.delete(index);
    try {
      const base = this.lessonDir(lessonId);
      const dir = path.join(base, `slot-${index}`);
      const marker = `${dir}.built`;
      const slot: Slot = {
        lessonId,
        index,
        dir,
        crate: path.join(dir, 'crate'),
        target: path.join(dir, 'target'),
        home: path.join(dir, 'home'),
        built: existsSync(marker),
        markBuilt: async () => {
          if (!slot.built) await writeFile(marker, new Date().toISOString());
          slot.built = true;
        },
        release,
      };
      // The slot's folders are the learner's inside the sandbox: one replaced by a symlink (to the home,
      // say) would make the runner's own writes and deletions land there. Anything but a real folder goes.
      for (const d of [slot.crate, slot.target, slot.home]) {
        const st = await lstat(d).catch(() => null);
        if (st && !st.isDirectory()) await rm(d, { force: true });
      }
      const fresh = !existsSync(slot.target);
      for (const d of [slot.crate, slot.home]) await mkdir(d, { recursive: true });
      if (fresh) {
        const seed = await this.seedFrom(lessonId, index);
        if (seed !== null) {
          // Into a temp name first: a copy cut short must not look like a target directory.
          const tmp = `${slot.target}.seeding`;
          await rm(tmp, { recursive: true, force: true });
          const copied = await execFileAsync('cp', ['-a', '--reflink=auto', path.join(this.lessonDir(lessonId), `slot-${seed}`, 'target'), tmp], { timeout: 120_000 }).then(
            () => true,
            () => false,
          );
          if (copied) {
            await rename(tmp, slot.target);
            await writeFile(marker, `seeded from slot ${seed} ${new Date().toISOString()}`);
            slot.built = true;
          } else await rm(tmp, { recursive: true, force: true });
        }
        await mkdir(slot.target, { recursive: true });
      }
      return slot;
    } catch (e) {
      release();
      throw e;
    }
  }

  /** A slot of the lesson that has finished a build (its dependencies are complete), or null. */
  private async seedFrom(lessonId: string, except: number): Promise<number | null> {
    const names = await readdir(this.lessonDir(lessonId)).catch(() => [] as string[]);
    const built = names.flatMap((n) => /^slot-(\d+)\.built$/.exec(n)?.[1] ?? []).map(Number).filter((i) => i !== except).sort((a, b) => a - b);
    return built[0] ?? null;
  }
}

/** Entries at the top of the crate the runner manages; anything else there (made by a build script) is removed. */
const TOP_LEVEL = new Set(['Cargo.toml', 'Cargo.lock', 'build.rs', 'src', 'tests']);

/**
 * Makes `crateDir` hold exactly `files` (plus Cargo.lock when it is not given): a file is written only
 * when its content changed, so its mtime (which cargo's fingerprints compare) stays for the unchanged
 * ones; files and folders not in `files` are removed. The crate folder is writable by the learner's
 * build script, so nothing there is trusted: a symlink or other non-regular entry is removed, never
 * followed, and files are replaced by rename.
 */
export async function syncCrate(crateDir: string, files: ProjectFiles): Promise<{ written: string[]; removed: string[] }> {
  const written: string[] = [];
  const removed: string[] = [];
  const wanted = new Set(Object.keys(files));
  const wantedDirs = new Set<string>();
  for (const f of wanted) for (let d = path.posix.dirname(f); d !== '.'; d = path.posix.dirname(d)) wantedDirs.add(d);

  const walk = async (rel: string) => {
    const abs = rel ? path.join(crateDir, rel) : crateDir;
    for (const entry of await readdir(abs, { withFileTypes: true }).catch(() => [])) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && !TOP_LEVEL.has(entry.name)) {
        await rm(path.join(crateDir, name), { recursive: true, force: true });
        removed.push(name);
      } else if (entry.isDirectory() && wantedDirs.has(name)) await walk(name);
      else if (entry.isFile() && (wanted.has(name) || (name === 'Cargo.lock' && !wanted.has(name)))) continue;
      else {
        await rm(path.join(crateDir, name), { recursive: true, force: true });
        removed.push(name);
      }
    }
  };
  await mkdir(crateDir, { recursive: true });
  await walk('');

  for (const [name, text] of Object.entries(files)) {
    const target = path.join(crateDir, name);
    await mkdir(path.dirname(target), { recursive: true });
    const st = await lstat(target).catch(() => null);
    if (st?.isFile() && st.size === Buffer.byteLength(text)) {
      const current = await readFile(target, 'utf8').catch(() => null);
      if (current === text) continue;
    }
    const tmp = `${target}.workbook-tmp`;
    await rm(tmp, { force: true, recursive: true });
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, target);
    written.push(name);
  }
  return { written, removed };
}
