import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchPlan } from '../src/launch';

describe('launchPlan', () => {
  it('runs the bundled launcher isolated', () => {
    const plan = launchPlan({ python: '/usr/bin/python3', extensionPath: '/ext', bundled: true, env: { HOME: '/h', PYTHONPATH: '/evil' } });
    assert.equal(plan.mode, 'bundled');
    assert.equal(plan.command, '/usr/bin/python3');
    assert.deepEqual(plan.args, ['-I', '/ext/bundled/tool/launch.py']);
    assert.equal(plan.env.HOME, '/h');
  });
  it('runs the checkout with server/ first on PYTHONPATH', () => {
    const plan = launchPlan({ python: 'python3', extensionPath: '/repo', bundled: false, env: { PYTHONPATH: '/other' }, delimiter: ':' });
    assert.equal(plan.mode, 'development');
    assert.deepEqual(plan.args, ['-m', 'mlops_report']);
    assert.equal(plan.env.PYTHONPATH, '/repo/server:/other');
    assert.equal(launchPlan({ python: 'p', extensionPath: '/repo', bundled: false, env: {} }).env.PYTHONPATH, '/repo/server');
  });
});
