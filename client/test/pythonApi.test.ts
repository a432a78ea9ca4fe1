import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activeInterpreterFromApi, onActiveInterpreterChange } from '../src/pythonApi';

describe('activeInterpreterFromApi', () => {
  it('uses the resolved executable of the current API', async () => {
    const seen: unknown[] = [];
    const api = {
      environments: {
        getActiveEnvironmentPath(resource: unknown) {
          seen.push(resource);
          return { id: 'x', path: '/envs/x' };
        },
        resolveEnvironment(envPath: { path: string }) {
          return Promise.resolve({ executable: { uri: { fsPath: `${envPath.path}/bin/python` } } });
        },
      },
    };
    assert.equal(await activeInterpreterFromApi(api, 'folder'), '/envs/x/bin/python');
    assert.deepEqual(seen, ['folder']);
  });

  it("falls back to the environment's path when it cannot be resolved", async () => {
    const api = {
      environments: {
        getActiveEnvironmentPath: () => ({ path: '/usr/bin/python3.12' }),
        resolveEnvironment: () => Promise.resolve(undefined),
      },
    };
    assert.equal(await activeInterpreterFromApi(api), '/usr/bin/python3.12');
  });

  it('supports the older execution-details API', async () => {
    const api = { settings: { getExecutionDetails: () => ({ execCommand: ['/old/api/python', '-X'] }) } };
    assert.equal(await activeInterpreterFromApi(api), '/old/api/python');
  });

  it('gives undefined for anything unexpected', async () => {
    assert.equal(await activeInterpreterFromApi(undefined), undefined);
    assert.equal(await activeInterpreterFromApi({}), undefined);
    assert.equal(await activeInterpreterFromApi({ environments: { getActiveEnvironmentPath: () => ({ path: '' }) } }), undefined);
    assert.equal(await activeInterpreterFromApi({ settings: { getExecutionDetails: () => ({ execCommand: undefined }) } }), undefined);
  });
});

describe('onActiveInterpreterChange', () => {
  it('subscribes when the event exists', () => {
    let registered: (() => void) | undefined;
    let disposed = false;
    const api = {
      environments: {
        onDidChangeActiveEnvironmentPath(listener: () => void) {
          registered = listener;
          return { dispose: () => (disposed = true) };
        },
      },
    };
    let calls = 0;
    const subscription = onActiveInterpreterChange(api, () => calls++);
    registered?.();
    assert.equal(calls, 1);
    subscription?.dispose();
    assert.equal(disposed, true);
  });
  it('gives undefined without the event', () => {
    assert.equal(onActiveInterpreterChange({ environments: {} }, () => undefined), undefined);
    assert.equal(onActiveInterpreterChange(null, () => undefined), undefined);
  });
});
