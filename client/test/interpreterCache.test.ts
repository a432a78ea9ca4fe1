import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeRunner } from './fakePython';
import { resolveInterpreter, type Resolution } from '../src/interpreter';
import { CheckCache, MAX_ENTRIES, STORE_KEY, type FileStats, type FileSystem, type Store } from '../src/interpreterCache';

interface FakeFile {
  mtimeMs: number;
  size: number;
  mode?: number;
  /** Where a symbolic link leads (the file's real path); itself when absent. */
  linksTo?: string;
  folder?: boolean;
}

/** A fake file system, which starts no process. */
function fakeFs(files: Record<string, FakeFile>): FileSystem & { files: Record<string, FakeFile> } {
  const get = (file: string): FakeFile => {
    const entry = files[file];
    if (!entry) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return entry;
  };
  return {
    files,
    stat: (file): FileStats => {
      const entry = get(file);
      const target = entry.linksTo ? get(entry.linksTo) : entry;
      return { isFile: () => !target.folder, mode: target.mode ?? 0o755, mtimeMs: target.mtimeMs, size: target.size };
    },
    realpath: (file) => get(file).linksTo ?? file,
  };
}

/** globalState as VS Code keeps it: a JSON round trip per update. */
function fakeStore(initial: Record<string, unknown> = {}): Store & { data: Record<string, unknown>; writes: number } {
  const store = {
    data: { ...initial },
    writes: 0,
    get: (key: string): unknown => store.data[key],
    update: (key: string, value: unknown): Promise<void> => {
      store.writes += 1;
      store.data[key] = JSON.parse(JSON.stringify(value)) as unknown;
      return Promise.resolve();
    },
  };
  return store;
}


const POSIX = { PATH: '/home/s/.local/bin:/usr/bin:relative/bin', platform: 'linux' as const, cwd: '/home/s/project' };
const noExtension = (): Promise<string | undefined> => Promise.resolve(undefined);

function expectOk(result: Resolution): Extract<Resolution, { ok: true }> {
  if (!result.ok) assert.fail(`expected a Python, got: ${result.message}`);
  return result;
}

/** A machine with /usr/bin/python3 -> python3.11 and a venv; the cache over it. */
function machine(store = fakeStore()) {
  const fs = fakeFs({
    '/usr/bin/python3': { mtimeMs: 1, size: 0, linksTo: '/usr/bin/python3.11' },
    '/usr/bin/python3.11': { mtimeMs: 1000, size: 6_000_000 },
    '/home/s/project/.venv/bin/python': { mtimeMs: 2, size: 0, linksTo: '/usr/bin/python3.11' },
    '/opt/py/bin/python3.12': { mtimeMs: 3000, size: 7_000_000 },
  });
  const cache = new CheckCache(store, fs, POSIX, () => 42);
  const runner = fakeRunner({
    '/usr/bin/python3': '3.11',
    '/home/s/project/.venv/bin/python': '3.11',
    '/opt/py/bin/python3.12': '3.12',
  });
  return { fs, store, cache, ...runner };
}

describe('CheckCache.locate', () => {
  it('finds a bare command on PATH in order, through links, without running it', () => {
    const { cache } = machine();
    const located = cache.locate('python3');
    assert.deepEqual(located, { command: 'python3', path: '/usr/bin/python3', realPath: '/usr/bin/python3.11', mtimeMs: 1000, size: 6_000_000 });
    assert.equal(cache.locate('python'), undefined);
  });

  it('takes a path as given, relative to the working folder', () => {
    const { cache } = machine();
    assert.equal((cache.locate('.venv/bin/python'))?.path, '/home/s/project/.venv/bin/python');
    assert.equal((cache.locate('/opt/py/bin/python3.12'))?.realPath, '/opt/py/bin/python3.12');
  });

  it('skips folders, files that cannot be run, and relative PATH entries', () => {
    const fs = fakeFs({
      '/a/python3': { mtimeMs: 1, size: 1, folder: true },
      '/b/python3': { mtimeMs: 1, size: 1, mode: 0o644 },
      'relative/bin/python3': { mtimeMs: 1, size: 1 },
      '/c/python3': { mtimeMs: 5, size: 5 },
    });
    const cache = new CheckCache(fakeStore(), fs, { PATH: '/a:/b:relative/bin:/c', platform: 'linux', cwd: '/' });
    assert.equal((cache.locate('python3'))?.path, '/c/python3');
  });

  it('does not look past a file it cannot look at: the command is then run by name, and not remembered', async () => {
    const fs = fakeFs({ '/usr/bin/python3': { mtimeMs: 1, size: 1 } });
    const alias: FileSystem = {
      stat: (file) => {
        if (file === '/apps/python3') throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        return fs.stat(file);
      },
      realpath: (file) => fs.realpath(file),
    };
    const store = fakeStore();
    const cache = new CheckCache(store, alias, { PATH: '/apps:/usr/bin', platform: 'linux', cwd: '/' });
    assert.equal(cache.locate('python3'), undefined);
    const { run, calls } = fakeRunner({ python3: '3.12' });
    for (let i = 0; i < 2; i++) expectOk(await resolveInterpreter({ setting: '', pythonExtension: noExtension, run, memory: cache }));
    assert.deepEqual(calls, ['python3', 'python3']);
    assert.equal(store.writes, 0);
  });

  it('adds .com and .exe on Windows, as Node does', () => {
    const fs = fakeFs({ 'C:\\Python312\\python.exe': { mtimeMs: 9, size: 100_000, mode: 0o666 } });
    const cache = new CheckCache(fakeStore(), fs, { PATH: 'C:\\Windows;"C:\\Python312"', platform: 'win32', cwd: 'C:\\' });
    assert.equal((cache.locate('python'))?.path, 'C:\\Python312\\python.exe');
  });
});

describe('remembered interpreter checks', () => {
  it('checks once; a later start (another window, the same store) runs nothing', async () => {
    const first = machine();
    const cold = expectOk(await resolveInterpreter({ setting: '', pythonExtension: noExtension, run: first.run, memory: first.cache }));
    assert.deepEqual(first.calls, ['/usr/bin/python3']);
    assert.equal(cold.processes, 1);
    assert.equal(cold.remembered, false);

    const second = machine(first.store);
    const warm = expectOk(await resolveInterpreter({ setting: '', pythonExtension: noExtension, run: second.run, memory: second.cache }));
    assert.deepEqual(second.calls, []);
    assert.equal(warm.processes, 0);
    assert.equal(warm.remembered, true);
    assert.deepEqual(warm.version, [3, 11]);
    assert.equal(warm.command, 'python3');
    assert.equal(warm.executable, '/usr/bin/python3');
  });

  it('misses for a Python it never checked', async () => {
    const { cache, run, calls, store } = machine();
    await resolveInterpreter({ setting: '/opt/py/bin/python3.12', pythonExtension: noExtension, run, memory: cache });
    const other = expectOk(await resolveInterpreter({ setting: '', pythonExtension: noExtension, run, memory: cache }));
    assert.deepEqual(calls, ['/opt/py/bin/python3.12', '/usr/bin/python3']);
    assert.equal(other.processes, 1);
    assert.deepEqual(Object.keys(store.data[STORE_KEY] as object).sort(), ['/opt/py/bin/python3.12', '/usr/bin/python3']);
  });

  it('checks again when the file changed (mtime, size) or its link points elsewhere', async () => {
    const { cache, run, calls, fs } = machine();
    const resolve = () => resolveInterpreter({ setting: '', pythonExtension: noExtension, run, memory: cache });
    await resolve();
    const python = fs.files['/usr/bin/python3.11'];
    assert.ok(python);
    python.mtimeMs = 2000; // upgraded in place
    assert.equal((await resolve()).processes, 1);
    python.size += 1;
    assert.equal((await resolve()).processes, 1);
    assert.equal((await resolve()).processes, 0);
    fs.files['/usr/bin/python3.12'] = { mtimeMs: 2000, size: python.size };
    fs.files['/usr/bin/python3'] = { mtimeMs: 3, size: 0, linksTo: '/usr/bin/python3.12' };
    assert.equal((await resolve()).processes, 1);
    assert.deepEqual(calls, Array(4).fill('/usr/bin/python3'));
  });

  it('checks again when the setting names another Python, and not when it names a checked one', async () => {
    const { cache, run, calls } = machine();
    const withSetting = (setting: string) => resolveInterpreter({ setting, pythonExtension: noExtension, run, memory: cache });
    assert.equal((await withSetting('/usr/bin/python3')).processes, 1);
    const changed = expectOk(await withSetting('/opt/py/bin/python3.12'));
    assert.equal(changed.processes, 1);
    assert.deepEqual(changed.version, [3, 12]);
    assert.equal((await withSetting('/usr/bin/python3')).processes, 0);
    assert.equal((await withSetting('/opt/py/bin/python3.12')).processes, 0);
    assert.deepEqual(calls, ['/usr/bin/python3', '/opt/py/bin/python3.12']);
  });

  it('a venv linked to a checked Python is its own interpreter: checked once, started as itself', async () => {
    const { cache, run, calls } = machine();
    await resolveInterpreter({ setting: '', pythonExtension: noExtension, run, memory: cache });
    const venv = () => resolveInterpreter({ setting: '', pythonExtension: () => Promise.resolve('/home/s/project/.venv/bin/python'), run, memory: cache, startReported: true });
    assert.equal(expectOk(await venv()).executable, '/home/s/project/.venv/bin/python');
    assert.equal(expectOk(await venv()).processes, 0);
    assert.deepEqual(calls, ['/usr/bin/python3', '/home/s/project/.venv/bin/python']);
  });

  it('does not remember a failed check as a success, and forgets an earlier success', async () => {
    const { cache, fs, store } = machine();
    const broken = fakeRunner({ '/usr/bin/python3': 'crash', '/opt/py/bin/python3.12': '3.12' });
    const failed = await resolveInterpreter({ setting: '/usr/bin/python3', pythonExtension: noExtension, run: broken.run, memory: cache });
    assert.equal(failed.ok, false);
    assert.equal(failed.processes, 1);
    const again = await resolveInterpreter({ setting: '/usr/bin/python3', pythonExtension: noExtension, run: broken.run, memory: cache });
    assert.equal(again.processes, 1);
    assert.deepEqual(store.data[STORE_KEY], {});

    // Remembered as working, then broken without its file changing: a recheck forgets it.
    const working = fakeRunner({ '/usr/bin/python3': '3.11' });
    await resolveInterpreter({ setting: '/usr/bin/python3', pythonExtension: noExtension, run: working.run, memory: cache });
    assert.ok((store.data[STORE_KEY] as Record<string, unknown>)['/usr/bin/python3']);
    const rechecked = await resolveInterpreter({ setting: '/usr/bin/python3', pythonExtension: noExtension, run: broken.run, memory: cache, recheck: true });
    assert.equal(rechecked.ok, false);
    assert.deepEqual(store.data[STORE_KEY], {});
    assert.ok(fs.files['/usr/bin/python3']);
  });

  it('remembers a Python that is too old as too old, without running it again', async () => {
    const { cache } = machine();
    const old = fakeRunner({ '/usr/bin/python3': '3.8' });
    const first = await resolveInterpreter({ setting: '/usr/bin/python3', pythonExtension: noExtension, run: old.run, memory: cache });
    const second = await resolveInterpreter({ setting: '/usr/bin/python3', pythonExtension: noExtension, run: old.run, memory: cache });
    assert.equal(first.ok || second.ok, false);
    assert.deepEqual([first.processes, second.processes], [1, 0]);
    assert.match(second.ok ? '' : second.message, /\/usr\/bin\/python3 is Python 3\.8, older than 3\.10/);
  });

  it('ignores corrupt entries and a corrupt store, and keeps the good ones', async () => {
    const { cache, run, calls, store } = machine(
      fakeStore({
        [STORE_KEY]: {
          '/usr/bin/python3': { realPath: '/usr/bin/python3.11', mtimeMs: 1000, size: 6_000_000, version: '3.11', executable: '/usr/bin/python3', checkedAt: 1 },
          '/opt/py/bin/python3.12': { realPath: '/opt/py/bin/python3.12', mtimeMs: 3000, size: 7_000_000, version: [3, 12], executable: '/opt/py/bin/python3.12', checkedAt: 1 },
          '/x': null,
        },
      }),
    );
    assert.equal((await resolveInterpreter({ setting: '', pythonExtension: noExtension, run, memory: cache })).processes, 1);
    assert.equal((await resolveInterpreter({ setting: '/opt/py/bin/python3.12', pythonExtension: noExtension, run, memory: cache })).processes, 0);
    assert.deepEqual(calls, ['/usr/bin/python3']);
    assert.deepEqual(Object.keys(store.data[STORE_KEY] as object).sort(), ['/opt/py/bin/python3.12', '/usr/bin/python3']);

    for (const junk of ['not an object', [1, 2], 7, null]) {
      const damaged = machine(fakeStore({ [STORE_KEY]: junk }));
      const result = expectOk(await resolveInterpreter({ setting: '', pythonExtension: noExtension, run: damaged.run, memory: damaged.cache }));
      assert.equal(result.processes, 1);
    }
  });

  it("starts a shim's target, and checks again when the target changed or is gone", async () => {
    const fs = fakeFs({
      '/home/s/.pyenv/shims/python3': { mtimeMs: 5, size: 278 },
      '/home/s/.pyenv/versions/3.11.7/bin/python3': { mtimeMs: 6, size: 17_000 },
    });
    const cache = new CheckCache(fakeStore(), fs, { PATH: '/home/s/.pyenv/shims:/usr/bin', platform: 'linux', cwd: '/' });
    const { run, calls } = fakeRunner({ '/home/s/.pyenv/shims/python3': ['3.11', '/home/s/.pyenv/versions/3.11.7/bin/python3'] });
    const resolve = (startReported = true) => resolveInterpreter({ setting: '', pythonExtension: noExtension, run, memory: cache, startReported });
    const first = expectOk(await resolve());
    assert.equal(first.executable, '/home/s/.pyenv/versions/3.11.7/bin/python3');
    assert.equal(expectOk(await resolve()).processes, 0);
    // Without startReported (Windows) the command's own file is started.
    assert.equal(expectOk(await resolve(false)).executable, '/home/s/.pyenv/shims/python3');
    const target = fs.files['/home/s/.pyenv/versions/3.11.7/bin/python3'];
    assert.ok(target);
    target.mtimeMs = 7;
    assert.equal(expectOk(await resolve()).processes, 1);
    assert.equal(expectOk(await resolve()).processes, 0);
    fs.files['/home/s/.pyenv/versions/3.11.7/bin/python3'] = { mtimeMs: 7, size: 17_000, folder: true };
    assert.equal(expectOk(await resolve()).processes, 1);
    assert.equal(calls.length, 3);
  });

  it('a store that cannot be written costs a check, not the start', async () => {
    const { run } = machine();
    const failing: Store = { get: () => undefined, update: () => Promise.reject(new Error('disk full')) };
    const cache = new CheckCache(failing, machine().fs, POSIX);
    const result = expectOk(await resolveInterpreter({ setting: '', pythonExtension: noExtension, run, memory: cache }));
    assert.equal(result.command, 'python3');
  });

  it('keeps the most recently checked entries only', async () => {
    const files: Record<string, FakeFile> = {};
    const machineRuns: Record<string, string> = {};
    for (let i = 0; i < MAX_ENTRIES + 3; i++) {
      files[`/py/${i}/python`] = { mtimeMs: i, size: i };
      machineRuns[`/py/${i}/python`] = '3.12';
    }
    let clock = 0;
    const store = fakeStore();
    const cache = new CheckCache(store, fakeFs(files), POSIX, () => ++clock);
    const { run } = fakeRunner(machineRuns);
    for (let i = 0; i < MAX_ENTRIES + 3; i++) await resolveInterpreter({ setting: `/py/${i}/python`, pythonExtension: noExtension, run, memory: cache });
    const kept = Object.keys(store.data[STORE_KEY] as object);
    assert.equal(kept.length, MAX_ENTRIES);
    assert.ok(!kept.includes('/py/0/python'));
    assert.ok(kept.includes(`/py/${MAX_ENTRIES + 2}/python`));
  });
});
