import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CrashWindow } from '../src/crashPolicy';

describe('CrashWindow', () => {
  it('restarts 4 times within 3 minutes, then gives up', () => {
    const window = new CrashWindow();
    const t0 = 1_000_000;
    assert.deepEqual([0, 10, 20, 30].map((s) => window.record(t0 + s * 1000)), ['restart', 'restart', 'restart', 'restart']);
    assert.equal(window.record(t0 + 40_000), 'give-up');
  });
  it('forgets crashes older than the window', () => {
    const window = new CrashWindow(4, 180_000);
    for (let i = 0; i < 4; i++) window.record(i * 1000);
    // At 181 s the crashes at 0 s and 1 s are out of the window; 2 s and 3 s are still in.
    assert.equal(window.record(181_000), 'restart');
    assert.equal(window.recent, 3);
  });
  it('starts afresh after reset', () => {
    const window = new CrashWindow(1, 60_000);
    window.record(0);
    assert.equal(window.record(1), 'give-up');
    window.reset();
    assert.equal(window.record(2), 'restart');
  });
});
