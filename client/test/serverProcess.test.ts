import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServerProcess, StderrLevels, type Level } from '../src/serverProcess';

function recorder(): { log: Record<Level, (m: string) => void>; lines: [Level, string][] } {
  const lines: [Level, string][] = [];
  return {
    lines,
    log: { info: (m) => lines.push(['info', m]), warn: (m) => lines.push(['warn', m]), error: (m) => lines.push(['error', m]) },
  };
}

describe('StderrLevels', () => {
  it("takes each log record's level, tracebacks going with their record", () => {
    const levels = new StderrLevels();
    assert.deepEqual(levels.push('WARNING pygls: odd\nERROR pygls: failed\nTraceback (most recent call last):\n  File "x.py"\nValueError: b'), [
      ['warn', 'WARNING pygls: odd'],
      ['error', 'ERROR pygls: failed'],
      ['error', 'Traceback (most recent call last):'],
      ['error', '  File "x.py"'],
    ]);
    assert.deepEqual(levels.push('ad\n\nINFO x: fine\n'), [['error', 'ValueError: bad'], ['info', 'INFO x: fine']]);
    assert.deepEqual(levels.flush(), []);
  });
  it('reads an unprefixed line as an error, and flushes a last partial line', () => {
    const levels = new StderrLevels();
    assert.deepEqual(levels.push('WARNING a\nsomething broke'), [['warn', 'WARNING a']]);
    assert.deepEqual(levels.flush(), [['error', 'something broke']]);
  });
});

describe('ServerProcess', () => {
  it('logs stderr by level, and an unexpected exit as an error', async () => {
    const { log, lines } = recorder();
    const script = "console.error('WARNING a: careful'); console.error('INFO b: fine'); process.exit(3)";
    const process_ = new ServerProcess(process.execPath, ['-e', script], process.env, log);
    assert.equal(await process_.exited, 3);
    assert.deepEqual(lines, [['warn', 'WARNING a: careful'], ['info', 'INFO b: fine'], ['error', 'The server exited with code 3']]);
  });

  it('stops by waiting for the exit that closing its input causes, quietly', async () => {
    const { log, lines } = recorder();
    const script = "process.stdin.resume(); process.stdin.on('end', () => process.exit(0))";
    const process_ = new ServerProcess(process.execPath, ['-e', script], process.env, log);
    process_.streams.writer.end();
    assert.equal(await process_.stop(5000), 0);
    assert.deepEqual(lines, []);
  });

  it('kills a process that lingers past the stop timeout', async () => {
    const { log, lines } = recorder();
    const process_ = new ServerProcess(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], process.env, log);
    assert.equal(await process_.stop(200), null);
    assert.deepEqual(lines, []);
  });
});
