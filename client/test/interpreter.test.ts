import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeRunner } from './fakePython';
import {
  checkInterpreter,
  isSupported,
  parseCheckOutput,
  parseVersion,
  resolveInterpreter,
  type CheckMemory,
  type Resolution,
} from '../src/interpreter';

function expectOk(result: Resolution): Extract<Resolution, { ok: true }> {
  if (!result.ok) assert.fail(`expected a Python, got: ${result.message}`);
  return result;
}

function expectFailure(result: Resolution): Extract<Resolution, { ok: false }> {
  if (result.ok) assert.fail(`expected no Python, got ${result.command}`);
  return result;
}


const noExtension = (): Promise<string | undefined> => Promise.resolve(undefined);

describe('parseVersion / isSupported', () => {
  it('reads major.minor', () => {
    assert.deepEqual(parseVersion('3.12\n'), [3, 12]);
    assert.deepEqual(parseVersion('  3.10  '), [3, 10]);
  });
  it('rejects anything else', () => {
    assert.equal(parseVersion(''), undefined);
    assert.equal(parseVersion('Python 3.12.1'), undefined);
    assert.equal(parseVersion('3'), undefined);
  });
  it('needs 3.10 or newer', () => {
    assert.equal(isSupported([3, 10]), true);
    assert.equal(isSupported([3, 13]), true);
    assert.equal(isSupported([4, 0]), true);
    assert.equal(isSupported([3, 9]), false);
    assert.equal(isSupported([2, 7]), false);
  });
});

describe('parseCheckOutput', () => {
  it('reads the version and sys.executable, escaped or not there', () => {
    assert.deepEqual(parseCheckOutput('3.12\n"/opt/py/bin/python3"\n'), { version: [3, 12], executable: '/opt/py/bin/python3' });
    assert.deepEqual(parseCheckOutput('3.12\r\n"C:\\\\Users\\\\J\\u00f8rgen\\\\python.exe"\r\n'), { version: [3, 12], executable: 'C:\\Users\\Jørgen\\python.exe' });
    assert.deepEqual(parseCheckOutput('2.7\n'), { version: [2, 7] });
    assert.deepEqual(parseCheckOutput('3.12\n""\n'), { version: [3, 12] });
    assert.deepEqual(parseCheckOutput('3.12\nnot json\n'), { version: [3, 12] });
    assert.equal(parseCheckOutput('hello\n"/x"'), undefined);
  });
});

describe('checkInterpreter', () => {
  it('accepts a recent Python', async () => {
    const { run } = fakeRunner({ py: '3.11' });
    assert.deepEqual(await checkInterpreter('py', 'path', run), { command: 'py', source: 'path', version: [3, 11], reported: 'py' });
  });
  it('names an old Python as too old', async () => {
    const { run } = fakeRunner({ py: '3.8' });
    const attempt = await checkInterpreter('py', 'path', run);
    assert.deepEqual(attempt.version, [3, 8]);
    assert.match(attempt.problem ?? '', /Python 3\.8, older than 3\.10/);
  });
  it('reports a missing program and a failing one', async () => {
    const { run } = fakeRunner({ broken: { exitCode: 1, stdout: '', stderr: 'Traceback...\nImportError: bad site\n' } });
    assert.match((await checkInterpreter('nope', 'path', run)).problem ?? '', /could not be run \(not found\)/);
    assert.match((await checkInterpreter('broken', 'path', run)).problem ?? '', /exit code 1: ImportError: bad site/);
  });
  it('rejects a program that is not Python', async () => {
    const { run } = fakeRunner({ notpy: 'hello' });
    assert.match((await checkInterpreter('notpy', 'path', run)).problem ?? '', /did not report a Python version/);
  });
});

describe('resolveInterpreter', () => {
  it('uses the setting, and only the setting, when it is set', async () => {
    const { run, calls } = fakeRunner({ '/opt/py/bin/python': '3.12', python3: '3.11' });
    const result = expectOk(await resolveInterpreter({ setting: ' /opt/py/bin/python ', pythonExtension: () => Promise.resolve('/ext/python'), run }));
    assert.equal(result.command, '/opt/py/bin/python');
    assert.equal(result.source, 'setting');
    assert.deepEqual(calls, ['/opt/py/bin/python']);
  });

  it('does not fall back when the set Python is unusable, and says so', async () => {
    const { run, calls } = fakeRunner({ '/old/python': '3.8', python3: '3.12' });
    const result = expectFailure(await resolveInterpreter({ setting: '/old/python', pythonExtension: noExtension, run }));
    assert.deepEqual(calls, ['/old/python']);
    assert.equal(result.fromSetting, true);
    assert.match(result.message, /mlopsReport\.interpreter/);
    assert.match(result.message, /\/old\/python is Python 3\.8/);
  });

  it('prefers the Python extension over PATH', async () => {
    const { run, calls } = fakeRunner({ '/venv/bin/python': '3.10', python3: '3.12' });
    const result = expectOk(await resolveInterpreter({ setting: '', pythonExtension: () => Promise.resolve('/venv/bin/python'), run }));
    assert.equal(result.source, 'python-extension');
    assert.deepEqual(calls, ['/venv/bin/python']);
  });

  it('falls back to python3 then python when the extension is absent or its Python is too old', async () => {
    const first = fakeRunner({ python3: '3.11', python: '3.12' });
    const viaPython3 = expectOk(await resolveInterpreter({ setting: '', pythonExtension: noExtension, run: first.run }));
    assert.equal(viaPython3.command, 'python3');
    assert.equal(viaPython3.source, 'path');
    assert.deepEqual(first.calls, ['python3']);

    const second = fakeRunner({ '/venv/bin/python': '3.9', python3: '3.8', python: '3.13' });
    const viaPython = expectOk(await resolveInterpreter({ setting: '', pythonExtension: () => Promise.resolve('/venv/bin/python'), run: second.run }));
    assert.equal(viaPython.command, 'python');
    assert.deepEqual(viaPython.version, [3, 13]);
    assert.deepEqual(second.calls, ['/venv/bin/python', 'python3', 'python']);
    assert.equal(viaPython.attempts.filter((a) => a.problem !== undefined).length, 2);
  });

  it('survives a failing Python extension lookup', async () => {
    const { run } = fakeRunner({ python3: '3.12' });
    const result = expectOk(await resolveInterpreter({ setting: '', pythonExtension: () => Promise.reject(new Error('boom')), run }));
    assert.equal(result.command, 'python3');
    assert.match(result.attempts[0]?.problem ?? '', /failed: boom/);
  });

  it('does not run the same command twice', async () => {
    const { run, calls } = fakeRunner({ python: '3.7' });
    await resolveInterpreter({ setting: '', pythonExtension: () => Promise.resolve('python3'), run });
    assert.deepEqual(calls, ['python3', 'python']);
  });

  it('explains every failed candidate when none fits', async () => {
    const { run } = fakeRunner({ python3: '3.6' });
    const result = expectFailure(await resolveInterpreter({ setting: '', pythonExtension: noExtension, run }));
    assert.equal(result.fromSetting, false);
    assert.match(result.message, /needs Python 3\.10 or newer/);
    assert.match(result.message, /python3 is Python 3\.6/);
    assert.match(result.message, /python could not be run \(not found\)/);
    assert.match(result.message, /mlopsReport\.interpreter/);
  });
});

describe('resolveInterpreter with a memory of checks', () => {
  it('finds python3 and python on disk while the Python extension is still answering', async () => {
    const located: string[] = [];
    const memory: CheckMemory = {
      locate: (command) => {
        located.push(command);
        return undefined;
      },
      recall: () => undefined,
      record: () => undefined,
    };
    let answer: (path: string) => void = () => undefined;
    const extension = new Promise<string>((resolve) => {
      answer = resolve;
    });
    const { run, calls } = fakeRunner({ '/venv/bin/python': '3.12' });
    const pending = resolveInterpreter({ setting: '', pythonExtension: () => extension, run, memory });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(located, ['python3', 'python']);
    assert.deepEqual(calls, []);
    answer('/venv/bin/python');
    const result = expectOk(await pending);
    assert.equal(result.command, '/venv/bin/python');
    assert.equal(result.processes, 1);
    assert.deepEqual(calls, ['/venv/bin/python']);
  });
});
