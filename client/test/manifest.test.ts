// The manifest (package.json) is code too: check it against the contract and the modules.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { QUESTION_VIEW } from '../src/questions';
import { DEFAULT_SERVER_SETTINGS, EDITIONS, LEVELS, RUN_MODES } from '../src/settings';
import { REPORT_CONTEXT } from '../src/status';

interface Property {
  type?: string;
  enum?: string[];
  default?: unknown;
  properties?: Record<string, { enum?: string[]; description?: string }>;
}
interface Manifest {
  main: string;
  activationEvents: string[];
  engines: { vscode: string };
  contributes: {
    configuration: { properties: Record<string, Property> };
    commands: { command: string }[];
    views: Record<string, { id: string; when?: string }[]>;
    menus: Record<string, { command: string; when?: string }[]>;
    walkthroughs: { steps: { media: { markdown?: string }; description: string }[] }[];
  };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;
const contract = readFileSync('docs/CONTRACT.md', 'utf8');

function property(name: string): Property {
  const found = properties[name];
  assert.ok(found, `package.json has no setting ${name}`);
  return found;
}

describe('package.json', () => {
  // The codes themselves come from the server's registry (scripts/sync_codes.py, checked by pytest).
  it('offers the levels for every documented diagnostic code of the contract', () => {
    const documented = property('mlopsReport.severity').properties ?? {};
    assert.ok(Object.keys(documented).length > 0);
    for (const [code, schema] of Object.entries(documented)) {
      assert.deepEqual(schema.enum, [...LEVELS], code);
      assert.ok(schema.description, code);
      assert.ok(contract.includes(code), `${code} is not in CONTRACT.md`);
    }
  });

  it('matches the settings module', () => {
    assert.deepEqual(property('mlopsReport.edition').enum, [...EDITIONS]);
    assert.deepEqual(property('mlopsReport.run').enum, [...RUN_MODES]);
    assert.equal(property('mlopsReport.edition').default, DEFAULT_SERVER_SETTINGS.edition);
    assert.equal(property('mlopsReport.run').default, DEFAULT_SERVER_SETTINGS.run);
    assert.equal(property('mlopsReport.debounce').default, DEFAULT_SERVER_SETTINGS.debounce);
    assert.deepEqual(property('mlopsReport.trace.server').enum, ['off', 'messages', 'verbose']);
    assert.equal(property('mlopsReport.interpreter').default, '');
  });

  it('contributes the contract commands', () => {
    const commands = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(commands, [
      'mlopsReport.insertImage',
      'mlopsReport.nextFailingQuestion',
      'mlopsReport.previewHandin',
      'mlopsReport.previousFailingQuestion',
      'mlopsReport.restartServer',
      'mlopsReport.showOutput',
    ]);
    const source = readFileSync('client/src/extension.ts', 'utf8');
    for (const command of commands) assert.ok(source.includes(`'${command}'`), `${command} is not registered`);
  });

  it('packages the hand-in preview\'s webview script that the build writes', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts.build ?? '', /client\/webview\/preview\.ts/);
    assert.match(readFileSync('.vscodeignore', 'utf8'), /^!out\/preview\.js$/m);
    assert.ok(readFileSync('client/src/handinPreview.ts', 'utf8').includes("'out', 'preview.js'"));
  });

  it('shows the question view while a report is in view, with menus of contributed commands', () => {
    const views = Object.values(manifest.contributes.views).flat();
    assert.deepEqual(views.filter((v) => v.id === QUESTION_VIEW), [{ id: QUESTION_VIEW, name: 'Report Questions', when: REPORT_CONTEXT }]);
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const item of Object.values(manifest.contributes.menus).flat()) assert.ok(commands.has(item.command), item.command);
  });

  it('activates on Markdown and points at the bundle', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:markdown']);
    assert.equal(manifest.main, './out/extension.js');
    assert.equal(manifest.engines.vscode, '^1.85.0');
  });

  it("has walkthrough steps whose media exist and are packaged", () => {
    const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
    assert.ok(steps.length >= 2);
    const ignore = readFileSync('.vscodeignore', 'utf8');
    for (const step of steps) {
      const media = step.media.markdown;
      assert.ok(media && existsSync(media), `missing walkthrough media ${String(media)}`);
      assert.ok(ignore.includes('!client/walkthrough/'), '.vscodeignore drops the walkthrough media');
      assert.match(step.description, /\]\(command:/, 'each step offers a button');
    }
  });
});
