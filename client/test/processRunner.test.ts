import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeProcessRunner } from '../src/processRunner';

// Uses the running Node as a stand-in program, so the test needs nothing else installed.
describe('makeProcessRunner', () => {
  const run = makeProcessRunner(5000);
  it('captures output and exit code', async () => {
    const ok = await run(process.execPath, ['-e', 'console.log("3.12")']);
    assert.deepEqual(ok, { exitCode: 0, stdout: '3.12\n', stderr: '' });
    const failed = await run(process.execPath, ['-e', 'console.error("bad"); process.exit(3)']);
    assert.equal(failed.exitCode, 3);
    assert.equal(failed.stderr, 'bad\n');
  });
  it('reports a missing program', async () => {
    const missing = await run('/nonexistent/python-for-mlops-report', ['-c', '']);
    assert.equal(missing.exitCode, null);
    assert.equal(missing.spawnError, 'not found');
  });
  it('stops a program that hangs', async () => {
    const hung = await makeProcessRunner(300)(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    assert.equal(hung.exitCode, null);
    assert.match(hung.spawnError ?? '', /no answer within 0.3 s/);
  });
});
