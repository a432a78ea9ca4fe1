// Remembers interpreter checks across restarts and windows (VS Code's globalState), so that a
// start whose Python has not changed runs no process before the server. Pure: the file system,
// the environment and the store are injected, so hits, misses and changes are unit-tested.
//
// Synchronous on purpose: the few dozen stat calls of a lookup take well under a millisecond,
// while each await on Node's thread pool waits for the extension host's event loop, which the
// extensions starting beside this one keep busy (800 ms measured in code-server for two rounds).
import * as path from 'node:path';
import type { Check, CheckMemory, Located } from './interpreter';

/** What a check depends on: the file that runs, found without running anything. */
export interface FileStats {
  isFile(): boolean;
  mode: number;
  mtimeMs: number;
  size: number;
}

/** Both throw when the file is not there (fs.statSync, fs.realpathSync.native). */
export interface FileSystem {
  /** Follows symbolic links, as running the file does. */
  stat(file: string): FileStats;
  realpath(file: string): string;
}

/**
 * The part of vscode.Memento used here; globalState is shared by all windows. Memento.update
 * changes what get returns at once; its promise only says the value was written to disk.
 */
export interface Store {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface SearchEnvironment {
  PATH?: string | undefined;
  platform: NodeJS.Platform;
  /** Where a relative path is taken from, as spawning the command would. */
  cwd: string;
}

/** Bump when the check itself changes, so older results are not trusted. */
export const STORE_KEY = 'mlopsReport.interpreterChecks.v1';
/** Enough for every Python a student switches between; the oldest go first. */
export const MAX_ENTRIES = 16;

interface Identity {
  realPath: string;
  mtimeMs: number;
  size: number;
}

interface Entry extends Identity {
  version: [number, number];
  executable: string;
  /** The identity of `executable` when it is another file (a pyenv shim's target). */
  target?: Identity;
  checkedAt: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIdentity(value: unknown): value is Identity {
  return (
    isRecord(value) &&
    typeof value.realPath === 'string' &&
    typeof value.mtimeMs === 'number' &&
    typeof value.size === 'number'
  );
}

/** A stored entry, or undefined for anything malformed (an older or damaged store). */
function asEntry(value: unknown): Entry | undefined {
  if (!isIdentity(value) || !isRecord(value)) return undefined;
  const { version, executable, target, checkedAt } = value;
  if (!Array.isArray(version) || version.length !== 2 || !version.every((n) => Number.isInteger(n))) return undefined;
  if (typeof executable !== 'string' || executable === '' || typeof checkedAt !== 'number') return undefined;
  if (target !== undefined && !isIdentity(target)) return undefined;
  return value as unknown as Entry;
}

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.realPath === b.realPath && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

export class CheckCache implements CheckMemory {
  private readonly paths: path.PlatformPath;

  constructor(
    private readonly store: Store,
    private readonly fs: FileSystem,
    private readonly env: SearchEnvironment,
    private readonly now: () => number = Date.now,
  ) {
    this.paths = env.platform === 'win32' ? path.win32 : path.posix;
  }

  /**
   * The file `command` runs: a path as given (relative to `cwd`), a bare name searched on PATH
   * as spawning it would (on Windows with .com and .exe added, as Node does). Undefined when
   * not found: the caller then runs the command as it is, and remembers nothing.
   */
  locate(command: string): Located | undefined {
    const windows = this.env.platform === 'win32';
    const hasFolder = command.includes('/') || (windows && command.includes('\\'));
    let files: string[];
    if (hasFolder) {
      files = [this.paths.resolve(this.env.cwd, command)];
    } else {
      const names = windows && this.paths.extname(command) === '' ? [`${command}.com`, `${command}.exe`] : [command];
      const dirs = (this.env.PATH ?? '')
        .split(windows ? ';' : ':')
        .map((dir) => (windows ? dir.replace(/^"(.*)"$/, '$1') : dir))
        .filter((dir) => dir !== '' && this.paths.isAbsolute(dir));
      files = dirs.flatMap((dir) => names.map((name) => this.paths.join(dir, name)));
    }
    for (const file of files) {
      const identity = this.identify(file);
      // A file there that cannot be looked at (a Windows app alias, say): run it by name.
      if (identity === 'unknown') return undefined;
      if (identity !== 'absent') return { command, path: file, ...identity };
    }
    return undefined;
  }

  /** An earlier check of `located`, when neither it nor what it ran has changed since. */
  recall(located: Located): Check | undefined {
    const entry = asEntry(this.entries()[located.path]);
    if (!entry || !sameIdentity(entry, located)) return undefined;
    if (entry.target) {
      const target = this.identify(entry.executable);
      if (typeof target === 'string' || !sameIdentity(target, entry.target)) return undefined;
    } else if (entry.executable !== located.path) {
      return undefined;
    }
    return { version: [entry.version[0], entry.version[1]], executable: entry.executable };
  }

  /** Remembers a check that ran; `undefined` (the check failed) forgets any earlier one. */
  record(located: Located, check: Check | undefined): void {
    const entries = Object.fromEntries(Object.entries(this.entries()).filter(([key]) => key !== located.path));
    if (check) {
      const executable = check.executable ?? located.path;
      let target: Identity | undefined;
      if (executable !== located.path) {
        const found = this.identify(executable);
        target = typeof found === 'string' ? undefined : found;
        if (!target) {
          this.save(entries); // it ran something we cannot find again
          return;
        }
      }
      const entry: Entry = {
        realPath: located.realPath,
        mtimeMs: located.mtimeMs,
        size: located.size,
        version: [check.version[0], check.version[1]],
        executable,
        ...(target ? { target } : {}),
        checkedAt: this.now(),
      };
      entries[located.path] = entry;
    }
    this.save(entries);
  }

  private entries(): Record<string, unknown> {
    const stored = this.store.get(STORE_KEY);
    return isRecord(stored) ? stored : {};
  }

  /** Not waited for: a value not written to disk costs one check at a later start. */
  private save(entries: Record<string, unknown>): void {
    const kept = Object.entries(entries)
      .map(([key, value]) => [key, asEntry(value)] as const)
      .filter((pair): pair is readonly [string, Entry] => pair[1] !== undefined)
      .sort((a, b) => b[1].checkedAt - a[1].checkedAt)
      .slice(0, MAX_ENTRIES);
    this.store.update(STORE_KEY, Object.fromEntries(kept)).then(undefined, () => undefined);
  }

  /**
   * The file's identity, when it is a file this user may run; 'absent' when there is none to run
   * (as the system's own search skips it); 'unknown' when it is there but cannot be looked at.
   * No process is started.
   */
  private identify(file: string): Identity | 'absent' | 'unknown' {
    try {
      const stats = this.fs.stat(file);
      if (!stats.isFile()) return 'absent';
      if (this.env.platform !== 'win32' && (stats.mode & 0o111) === 0) return 'absent';
      return { realPath: this.fs.realpath(file), mtimeMs: stats.mtimeMs, size: stats.size };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? 'absent' : 'unknown';
    }
  }
}
