import { FakeClient } from './vscodeFake'; // first: the controller's imports resolve to the fakes
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { Resolution } from '../src/interpreter';
import type { PythonChoice } from '../src/pythonChoice';
import { ServerController, type ServerDeps } from '../src/server';

function python(executable: string): Resolution {
  return { ok: true, command: executable, source: 'python-extension', version: [3, 11], executable, remembered: true, attempts: [], processes: 0 };
}

const NONE: Resolution = { ok: false, fromSetting: false, attempts: [], message: 'No Python found.', processes: 0 };

function later<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A controller whose lookups answer, in turn, the given choices, then the last one again. */
function controller(choices: PythonChoice[]): { server: ServerController; log: string[] } {
  const log: string[] = [];
  const record = (line: string): void => void log.push(line);
  const output = { info: record, warn: record, error: record, debug: record, show: () => undefined };
  const status = { setState: () => undefined, setSummary: () => undefined };
  const deps = {
    extensionPath: '/nowhere',
    output,
    status,
    findPython: () => {
      const next = choices.length > 1 ? choices.shift() : choices[0];
      assert.ok(next);
      // Answered on a later turn of the event loop, as a real lookup is: a restart loop then
      // meets the test's timeout instead of starving it.
      return new Promise<PythonChoice>((resolve) => setImmediate(() => resolve(next)));
    },
  } as unknown as ServerDeps;
  return { server: new ServerController(deps), log };
}

describe('ServerController.followPython', { timeout: 10_000 }, () => {
  beforeEach(() => {
    FakeClient.created = [];
  });

  it("restarts once when both the start's lookup and the follow-up find another Python", async () => {
    const first = later<Resolution>();
    const second = later<Resolution>();
    const { server } = controller([
      { resolution: python('/old/python'), confirmation: first.promise },
      { resolution: python('/old/python'), confirmation: second.promise },
      { resolution: python('/new/python') },
    ]);
    await server.start();
    const following = server.followPython();
    first.resolve(python('/new/python'));
    second.resolve(python('/new/python'));
    await following;
    await server.stop(); // queued after any restart
    assert.equal(FakeClient.created.length, 2);
  });

  it('starts nothing once the extension is stopping, whatever the lookup answers', async () => {
    const answer = later<Resolution>();
    const { server } = controller([{ resolution: python('/old/python') }, { resolution: python('/old/python'), confirmation: answer.promise }]);
    await server.start();
    const following = server.followPython();
    const stopped = server.stop();
    answer.resolve(python('/new/python'));
    await following;
    await stopped;
    await server.stop();
    assert.equal(FakeClient.created.length, 1);
    assert.ok(FakeClient.created[0]?.disposed);
  });

  it('starts the server when a Python has been picked since the start found none', async () => {
    const { server, log } = controller([{ resolution: NONE }, { resolution: python('/new/python') }, { resolution: python('/new/python') }]);
    await server.start();
    assert.equal(FakeClient.created.length, 0);
    await server.followPython();
    assert.equal(FakeClient.created.length, 1);
    assert.ok(log.some((line) => line.includes('/new/python')));
    await server.stop();
  });

  it('keeps the server when the follow-up finds the Python it runs on', async () => {
    const { server } = controller([{ resolution: python('/same/python') }, { resolution: python('/same/python') }]);
    await server.start();
    await server.followPython();
    await server.stop();
    assert.equal(FakeClient.created.length, 1);
  });
});
