import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_SERVER_SETTINGS,
  expandInterpreterPath,
  sanitizeConfiguration,
  toServerSettings,
} from '../src/settings';

describe('toServerSettings', () => {
  it('gives the defaults for an empty or missing section', () => {
    assert.deepEqual(toServerSettings(undefined), { settings: { ...DEFAULT_SERVER_SETTINGS }, problems: [] });
    assert.deepEqual(toServerSettings({}).settings, { edition: 'auto', severity: {}, debounce: 150, run: 'onType' });
  });

  it('passes valid values and leaves client-only keys out', () => {
    const { settings, problems } = toServerSettings({
      interpreter: '/usr/bin/python3',
      trace: { server: 'verbose' },
      edition: 'B3',
      severity: { 'words-under': 'hint', 'study-numbers': 'off' },
      debounce: 300,
      run: 'onSave',
    });
    assert.deepEqual(settings, { edition: 'B3', severity: { 'words-under': 'hint', 'study-numbers': 'off' }, debounce: 300, run: 'onSave' });
    assert.deepEqual(problems, []);
  });

  it('normalizes case and level aliases', () => {
    const { settings } = toServerSettings({ edition: 'b2', run: 'ONSAVE', severity: { 'words-over': 'Warn', 'image-html': 'INFO' } });
    assert.equal(settings.edition, 'B2');
    assert.equal(settings.run, 'onSave');
    assert.deepEqual(settings.severity, { 'words-over': 'warning', 'image-html': 'information' });
  });

  it('drops invalid values and says why', () => {
    const { settings, problems } = toServerSettings({ edition: 'C1', severity: { 'words-over': 'loud', 'future-code': 'error' }, debounce: 'fast', run: 'always' });
    assert.deepEqual(settings, { edition: 'auto', severity: { 'future-code': 'error' }, debounce: 150, run: 'onType' });
    assert.equal(problems.length, 4);
    assert.match(problems.join('\n'), /edition "C1"/);
    assert.match(problems.join('\n'), /severity of "words-over": "loud"/);
    assert.match(problems.join('\n'), /debounce "fast"/);
    assert.match(problems.join('\n'), /run "always"/);
  });

  it('rounds and clamps the debounce to a non-negative integer', () => {
    assert.equal(toServerSettings({ debounce: 99.6 }).settings.debounce, 100);
    assert.equal(toServerSettings({ debounce: -5 }).settings.debounce, 0);
    assert.equal(toServerSettings({ debounce: Number.NaN }).settings.debounce, 150);
  });

  it('ignores a severity that is not an object', () => {
    const { settings, problems } = toServerSettings({ severity: ['words-over'] });
    assert.deepEqual(settings.severity, {});
    assert.match(problems[0] ?? '', /severity must be an object/);
  });
});

describe('sanitizeConfiguration', () => {
  it('maps only the mlopsReport section', () => {
    const logged: string[] = [];
    const out = sanitizeConfiguration(
      [{ section: 'mlopsReport' }, { section: 'editor' }, {}],
      [{ edition: 'nope', interpreter: 'x' }, { tabSize: 2 }, null],
      (p) => logged.push(p),
    );
    assert.deepEqual(out, [{ edition: 'auto', severity: {}, debounce: 150, run: 'onType' }, { tabSize: 2 }, null]);
    assert.equal(logged.length, 1);
  });
});

describe('expandInterpreterPath', () => {
  const context = { home: '/home/s', workspaceFolder: '/work/proj' };
  it('expands ~, ${userHome} and ${workspaceFolder}', () => {
    assert.equal(expandInterpreterPath('~/venv/bin/python', context), '/home/s/venv/bin/python');
    assert.equal(expandInterpreterPath('${userHome}/py', context), '/home/s/py');
    assert.equal(expandInterpreterPath(' ${workspaceFolder}/.venv/bin/python ', context), '/work/proj/.venv/bin/python');
  });
  it('leaves other paths alone', () => {
    assert.equal(expandInterpreterPath('/usr/bin/python3', context), '/usr/bin/python3');
    assert.equal(expandInterpreterPath('a~b', context), 'a~b');
    assert.equal(expandInterpreterPath('${workspaceFolder}/py', { home: '/h' }), '${workspaceFolder}/py');
  });
});
