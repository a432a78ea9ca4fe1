import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VERSION_SCRIPT, type CheckMemory, type Located, type ProcessRunner, type Resolution } from '../src/interpreter';
import { choosePython, parseChoice, restartReason, type Choice, type ChoiceInputs } from '../src/pythonChoice';

/** Every command is its own file; checks are remembered in a map. */
function memory(remembered: Record<string, string> = {}): CheckMemory & { known: Map<string, string> } {
  const known = new Map(Object.entries(remembered));
  return {
    known,
    locate: (command): Located => ({ command, path: `/bin/${command.replace(/^\/bin\//, '')}`, realPath: command, mtimeMs: 1, size: 1 }),
    recall: (located) => {
      const version = known.get(located.path);
      return version ? { version: version.split('.').map(Number) as [number, number], executable: located.path } : undefined;
    },
    record: (located, check) => {
      if (check) known.set(located.path, check.version.join('.'));
      else known.delete(located.path);
    },
  };
}

function runner(versions: Record<string, string>): { run: ProcessRunner; calls: string[] } {
  const calls: string[] = [];
  const run: ProcessRunner = (command, args) => {
    calls.push(command);
    assert.deepEqual(args, ['-c', VERSION_SCRIPT]);
    const version = versions[command];
    return Promise.resolve(version ? { exitCode: 0, stdout: `${version}\n`, stderr: '' } : { exitCode: null, stdout: '', stderr: '', spawnError: 'not found' });
  };
  return { run, calls };
}

/** A Python extension that answers only when told to. */
function slowExtension(): { ask: () => Promise<string | undefined>; answer: (path: string | undefined) => void; asked: () => number } {
  let asked = 0;
  let answer: (path: string | undefined) => void = () => undefined;
  const reply = new Promise<string | undefined>((resolve) => {
    answer = resolve;
  });
  return {
    ask: () => {
      asked += 1;
      return reply;
    },
    answer: (path) => answer(path),
    asked: () => asked,
  };
}

function inputs(overrides: Partial<ChoiceInputs> & Pick<ChoiceInputs, 'run'>): ChoiceInputs & { saved: (Choice | undefined)[] } {
  const saved: (Choice | undefined)[] = [];
  return {
    setting: '',
    pythonExtension: () => Promise.resolve(undefined),
    extensionInstalled: true,
    lastChoice: undefined,
    saveChoice: (choice) => {
      saved.push(choice);
      return Promise.resolve();
    },
    saved,
    ...overrides,
  };
}

function expectOk(result: Resolution): Extract<Resolution, { ok: true }> {
  if (!result.ok) assert.fail(`expected a Python, got: ${result.message}`);
  return result;
}

describe('choosePython', () => {
  it('with the setting set, asks neither the Python extension nor last time', async () => {
    const extension = slowExtension();
    const { run, calls } = runner({ '/bin/mine': '3.12' });
    const choice = await choosePython(
      inputs({ setting: '/bin/mine', pythonExtension: extension.ask, run, memory: memory(), lastChoice: { command: 'python3', source: 'path' } }),
    );
    assert.equal(expectOk(choice.resolution).command, '/bin/mine');
    assert.equal(choice.confirmation, undefined);
    assert.equal(extension.asked(), 0);
    assert.deepEqual(calls, ['/bin/mine']);
  });

  it("starts last time's remembered choice before the Python extension has answered, then confirms it", async () => {
    const extension = slowExtension();
    const { run, calls } = runner({});
    const args = inputs({ pythonExtension: extension.ask, run, memory: memory({ '/bin/venvpython': '3.11' }), lastChoice: { command: '/bin/venvpython', source: 'python-extension' } });
    const choice = await choosePython(args);
    const quick = expectOk(choice.resolution);
    assert.equal(quick.command, '/bin/venvpython');
    assert.equal(quick.source, 'python-extension');
    assert.equal(quick.processes, 0);
    assert.ok(choice.confirmation);
    extension.answer('/bin/venvpython');
    const confirmed = expectOk(await choice.confirmation);
    assert.equal(confirmed.executable, quick.executable);
    assert.deepEqual(calls, []);
    assert.deepEqual(args.saved, [{ command: '/bin/venvpython', source: 'python-extension' }]);
  });

  it('keeps the order: the confirmation names the Python extension\'s interpreter over python3 from last time', async () => {
    const extension = slowExtension();
    const { run, calls } = runner({ '/bin/venvpython': '3.12' });
    const args = inputs({ pythonExtension: extension.ask, run, memory: memory({ '/bin/python3': '3.11' }), lastChoice: { command: 'python3', source: 'path' } });
    const choice = await choosePython(args);
    assert.equal(expectOk(choice.resolution).command, 'python3');
    extension.answer('/bin/venvpython');
    const confirmed = expectOk(await (choice.confirmation ?? Promise.reject(new Error('no confirmation'))));
    assert.equal(confirmed.command, '/bin/venvpython');
    assert.notEqual(confirmed.executable, expectOk(choice.resolution).executable);
    assert.deepEqual(calls, ['/bin/venvpython']);
    assert.deepEqual(args.saved, [{ command: '/bin/venvpython', source: 'python-extension' }]);
  });

  it('waits for the Python extension when last time is not remembered as checked', async () => {
    const extension = slowExtension();
    const { run } = runner({ '/bin/venvpython': '3.12' });
    let settled = false;
    const pending = choosePython(inputs({ pythonExtension: extension.ask, run, memory: memory(), lastChoice: { command: '/bin/venvpython', source: 'python-extension' } })).then((choice) => {
      settled = true;
      return choice;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false);
    extension.answer('/bin/venvpython');
    const choice = await pending;
    assert.equal(expectOk(choice.resolution).processes, 1);
    assert.equal(choice.confirmation, undefined);
  });

  it('does not wait when the Python extension is not installed, and does not guess', async () => {
    const { run } = runner({ '/bin/python3': '3.11' });
    const args = inputs({ extensionInstalled: false, run, memory: memory({ '/bin/venvpython': '3.12' }), lastChoice: { command: '/bin/venvpython', source: 'python-extension' } });
    const choice = await choosePython(args);
    assert.equal(expectOk(choice.resolution).command, 'python3');
    assert.equal(choice.confirmation, undefined);
    assert.deepEqual(args.saved, [{ command: 'python3', source: 'path' }]);
  });

  it('checks again, without guessing, when asked to recheck; forgets the choice when nothing fits', async () => {
    const { run, calls } = runner({});
    const args = inputs({ recheck: true, run, memory: memory({ '/bin/python3': '3.11' }), lastChoice: { command: 'python3', source: 'path' } });
    const choice = await choosePython(args);
    assert.equal(choice.resolution.ok, false);
    assert.equal(choice.confirmation, undefined);
    assert.deepEqual(calls, ['/bin/python3', '/bin/python']);
    assert.deepEqual(args.saved, [undefined]);
  });

  it('ignores a damaged saved choice', () => {
    for (const junk of [undefined, null, 'python3', { command: 3, source: 'path' }, { command: 'python3', source: 'setting' }, { command: ' ', source: 'path' }]) {
      assert.equal(parseChoice(junk), undefined);
    }
    assert.deepEqual(parseChoice({ command: 'python3', source: 'path', extra: 1 }), { command: 'python3', source: 'path' });
  });
});

describe('restartReason', () => {
  const running = { command: 'python3', executable: '/usr/bin/python3.11' };

  it('restarts when a later lookup, once the extension is followed, names another Python', async () => {
    // The server started on PATH's Python; the Python extension then picked the workspace's venv.
    const { run } = runner({ '/bin/venvpython': '3.12' });
    const latest = (await choosePython(inputs({ run, memory: memory(), pythonExtension: () => Promise.resolve('/bin/venvpython') }))).resolution;
    assert.equal(restartReason(running, latest), "the Python to use is /bin/venvpython (the Python extension's interpreter), not python3");
  });

  it('keeps the server where it runs when the lookup finds the same Python, or none', async () => {
    const { run } = runner({ '/bin/python3': '3.11' });
    const same = expectOk((await choosePython(inputs({ run, memory: memory() }))).resolution);
    assert.equal(restartReason({ command: 'python3', executable: same.executable }, same), undefined);
    const none = (await choosePython(inputs({ run: runner({}).run, memory: memory() }))).resolution;
    assert.equal(none.ok, false);
    assert.equal(restartReason(running, none), undefined);
  });
});
