#!/usr/bin/env node
// End-to-end test of the packaged extension in real VS Code: code-server driven by headless
// Chromium through playwright-core. Run with `npm run test:e2e`.
//
// It installs what it needs (scripts/ensure-*.sh, cached in ~/.cache/mlops-report), builds the
// .vsix, installs it into a fresh code-server profile, opens a sample report and checks what a
// student would see. Every check is reported; the run ends with "e2e: N passed, N failed".
//
// Environment knobs:
//   E2E_TIMEOUT_S     limit in seconds for the run after setup (default 600); code-server and
//                     Chromium are always stopped when the test ends, fails or times out. Setup
//                     has its own limits: 30 min for the installs (cold), 10 min for packaging.
//   E2E_VSIX          use this .vsix instead of running `npm run package`
//   E2E_REPORT_DIR    folder with README.md and figures/ to test (default examples/reports)
//   E2E_PYTHON        value for mlopsReport.interpreter (default: unset, the extension resolves it)
//   E2E_KEEP=1        keep the temporary workspace and profile for inspection
//   E2E_ONLY=regex    run only the checks whose names match (opening the report always runs)
//   E2E_DEBUG=1       more screenshots (quick-fix search)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
/* global document, NodeFilter, window -- in page.evaluate callbacks, which run in the browser */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(ROOT, 'tests', 'e2e', 'artifacts');
const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_S ?? 600) * 1000;
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const EXTENSION_ID = `${PKG.publisher}.${PKG.name}`;
const MOD = 'Control';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// ---------------------------------------------------------------------------------------------
// Process bookkeeping: whatever happens, code-server and Chromium do not outlive the test.

const cleanups = [];
let cleaning;

/** Runs the cleanups once, last registered first; every caller waits for the same run. */
function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (error) {
        log(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}

async function finish(code) {
  await cleanup();
  process.exit(code);
}

function startOverallTimer() {
  const timer = setTimeout(() => {
    log(`overall timeout of ${TIMEOUT_MS / 1000} s reached`);
    void finish(2);
  }, TIMEOUT_MS);
  timer.unref();
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`got ${signal}`);
    void finish(130);
  });
}

function log(message) {
  process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Kills a detached child and its whole process group: TERM, then KILL if it lingers. */
async function killGroup(child, name) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const gone = await Promise.race([exited.then(() => true), new Promise((done) => setTimeout(() => done(false), 5000))]);
  if (!gone) {
    log(`${name} ignored SIGTERM; killing`);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Setup

function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}`);
  return execFileSync(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options }).trim();
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const FALLBACK_REPORT = `# Exam template for 02476 Machine Learning Operations

## Group information

### Question 1
> **Which group number did your team register under?**
>
> Answer:

42

### Question 14
> **Describe the experiments you tracked, with screenshots.**
>
> Recommended answer length: 200-300 words + 1 to 3 screenshots.
>
> Answer:

We tracked a few runs in Weights & Biases and compared their validation loss curves.
`;

/** Copies the sample report (or a small fallback) into <workspace>/reports. */
function makeWorkspace(base) {
  const workspace = join(base, 'workspace');
  const reports = join(workspace, 'reports');
  const source = resolve(process.env.E2E_REPORT_DIR ?? join(ROOT, 'examples', 'reports'));
  if (existsSync(join(source, 'README.md'))) {
    cpSync(source, reports, { recursive: true });
  } else {
    log(`no sample report in ${source}; using a small built-in one`);
    mkdirSync(join(reports, 'figures'), { recursive: true });
    writeFileSync(join(reports, 'README.md'), FALLBACK_REPORT);
  }
  const figures = join(reports, 'figures');
  mkdirSync(figures, { recursive: true });
  // A 1x1 PNG, so insert-image always has at least one file to offer.
  writeFileSync(
    join(figures, 'aaa_e2e_pixel.png'),
    Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
  );
  return { workspace, report: join(reports, 'README.md') };
}

function writeUserSettings(userDataDir) {
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.colorTheme': 'Default Light Modern',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'editor.minimap.enabled': false,
    'editor.hover.delay': 200,
    'editor.lightbulb.enabled': 'off',
    'files.autoSave': 'off',
    'window.commandCenter': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.panel.defaultLocation': 'bottom',
  };
  const user = join(userDataDir, 'User');
  mkdirSync(user, { recursive: true });
  writeFileSync(join(user, 'settings.json'), JSON.stringify(settings, null, 2));
  if (process.env.E2E_PYTHON) {
    // The interpreter is a machine-overridable setting: code-server, being remote, reads it from
    // the machine's settings, not the browser user's.
    const machine = join(userDataDir, 'Machine');
    mkdirSync(machine, { recursive: true });
    writeFileSync(join(machine, 'settings.json'), JSON.stringify({ 'mlopsReport.interpreter': process.env.E2E_PYTHON }, null, 2));
  }
}

async function waitForHttp(url, child, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((done) => setTimeout(done, 300));
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}

// ---------------------------------------------------------------------------------------------
// Checks

const results = [];
const ONLY = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, 'i') : undefined;

async function check(name, fn) {
  if (ONLY && !ONLY.test(name) && !name.startsWith('open')) return;
  const started = Date.now();
  try {
    const note = await fn();
    results.push({ name, ok: true });
    log(`PASS ${name}${note ? ` (${note})` : ''} [${((Date.now() - started) / 1000).toFixed(1)} s]`);
  } catch (error) {
    results.push({ name, ok: false });
    log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    await shot(`fail-${name.replace(/\W+/g, '-')}`);
  }
}

let page;

async function shot(name) {
  if (!page) return;
  try {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), timeout: 10_000 });
  } catch (error) {
    log(`screenshot ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await input.press('Enter');
}

async function goToLine(line) {
  await page.keyboard.press(`${MOD}+G`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}`);
  await input.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Waits until the status bar counts at least one problem; gives its label. */
async function waitForProblems(ms) {
  const problems = page.locator('[id="status.problems"]');
  await problems.waitFor({ state: 'visible', timeout: 15_000 });
  let label = '';
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    label = ((await problems.getAttribute('aria-label')) ?? (await problems.innerText())).trim().replace(/\s+/g, ' ');
    if ((label.match(/\d+/g) ?? []).map(Number).some((n) => n > 0)) return label;
    await page.waitForTimeout(500);
  }
  throw new Error(`the status bar still counts no problem ("${label}")`);
}

async function dismiss() {
  for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
}

/** Lines (1-based) of the first words of answers, i.e. the first text line after "Answer:". */
function answerLines(text) {
  const lines = text.split(/\r?\n/);
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^>?\s*Answer:\s*$/.test(lines[i])) continue;
    for (let j = i + 1; j < lines.length && j < i + 6; j++) {
      const line = lines[j].trim();
      if (line === '' || line.startsWith('>')) continue;
      if (/^(#|!\[|---)/.test(line)) break;
      found.push(j + 1);
      break;
    }
  }
  return found;
}

const PREVIEW_LIST = 'We used these tools:\n- Docker for the images\n- Cloud Run for the API';

/** The hand-in preview's page: a webview (an iframe holding the page's own iframe). */
function previewFrame() {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
}

async function waitForFile(file, needle) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (readFileSync(file, 'utf8').includes(needle)) return;
    await page.waitForTimeout(300);
  }
  throw new Error(`the saved file has no ${JSON.stringify(needle)}`);
}

/** The command line's findings for a file: the server's own verdict, computed apart from VS Code. */
function cliFindings(file) {
  const cli = join(ROOT, '.venv', 'bin', 'mlops-report');
  const result = spawnSync(cli, ['check', '--format', 'json', file], { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`mlops-report check failed: ${result.stderr}`);
  return JSON.parse(result.stdout)[0].diagnostics;
}

/** Errors and warnings in the status bar's problems item, e.g. "Errors: 4, Warnings: 4". */
async function problemCounts() {
  const problems = page.locator('[id="status.problems"]');
  const label = ((await problems.getAttribute('aria-label')) ?? (await problems.innerText())).replace(/\s+/g, ' ');
  const count = (word) => Number((label.match(new RegExp(`${word}s?: (\\d+)`, 'i')) ?? [0, 0])[1]);
  return { errors: count('Error'), warnings: count('Warning'), label: label.trim() };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const chromiumPath = run('bash', ['scripts/ensure-chromium.sh'], { timeout: 30 * 60_000 }).split('\n').pop();
  const codeServer = run('bash', ['scripts/ensure-code-server.sh'], { timeout: 30 * 60_000 }).split('\n').pop();

  let vsix = process.env.E2E_VSIX ? resolve(process.env.E2E_VSIX) : undefined;
  if (!vsix) {
    execFileSync('npm', ['run', 'package'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: 10 * 60_000 });
    vsix = join(ROOT, `${PKG.name}-${PKG.version}.vsix`);
  }
  if (!existsSync(vsix)) throw new Error(`no .vsix at ${vsix}`);
  startOverallTimer();

  const base = mkdtempSync(join(tmpdir(), 'mlops-report-e2e-'));
  if (process.env.E2E_KEEP !== '1') cleanups.push(() => rmSync(base, { recursive: true, force: true }));
  else log(`keeping ${base}`);
  const { workspace, report } = makeWorkspace(base);
  const originalReport = readFileSync(report, 'utf8');
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  writeUserSettings(userDataDir);
  // VS Code's logs include the extension's output channel ("mlops-report"): keep them.
  cleanups.push(() => {
    const logs = join(userDataDir, 'logs');
    rmSync(join(ARTIFACTS, 'vscode-logs'), { recursive: true, force: true });
    if (existsSync(logs)) cpSync(logs, join(ARTIFACTS, 'vscode-logs'), { recursive: true });
  });
  // code-server writes its own config and state under XDG dirs: keep them in the temp folder.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(base, 'xdg-config'),
    XDG_DATA_HOME: join(base, 'xdg-data'),
    XDG_CACHE_HOME: join(base, 'xdg-cache'),
  };
  const profile = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const installed = run(codeServer, ['--install-extension', vsix, ...profile], { env, timeout: 120_000 });
  log(installed);
  const listed = run(codeServer, ['--list-extensions', ...profile], { env, timeout: 60_000 });
  if (!listed.split('\n').includes(EXTENSION_ID)) throw new Error(`${EXTENSION_ID} not installed: ${listed}`);

  const port = await freePort();
  const serverLog = createWriteStream(join(ARTIFACTS, 'code-server.log'));
  const server = spawn(
    codeServer,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', ...profile, workspace],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout.pipe(serverLog);
  server.stderr.pipe(serverLog);
  cleanups.push(() => killGroup(server, 'code-server'));
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, server, 60_000);
  log(`code-server on port ${port}`);

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  cleanups.push(() => withTimeout(browser.close(), 10_000, 'closing Chromium'));
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  page = await context.newPage();
  const consoleLog = createWriteStream(join(ARTIFACTS, 'browser-console.log'));
  page.on('console', (message) => consoleLog.write(`${message.type()}: ${message.text()}\n`));

  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForTimeout(1500);
  await dismiss();
  await shot('01-workbench');

  const editor = page.locator('.editor-instance .monaco-editor').first();

  await check('open the report with Ctrl+P', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
    await page.keyboard.press(`${MOD}+P`);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('reports/README.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'README.md' }).first().waitFor({ timeout: 15_000 });
    await input.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'README.md' }).waitFor({ timeout: 15_000 });
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
  });

  await check('the status bar counts exactly the problems mlops-report check finds', async () => {
    await waitForProblems(90_000); // the first analysis includes the server's start
    const cli = cliFindings(report);
    const want = {
      errors: cli.filter((d) => d.severity === 'error').length,
      warnings: cli.filter((d) => d.severity === 'warning').length,
    };
    const got = await problemCounts();
    if (got.errors !== want.errors || got.warnings !== want.warnings) {
      throw new Error(`status bar "${got.label}", but mlops-report check finds ${JSON.stringify(want)}`);
    }
    return `"${got.label}" = mlops-report check`;
  });

  await check('squiggles appear in the report', async () => {
    // Squiggles are drawn only for lines in view: go to the first problem (F8), then look.
    await editor.click({ position: { x: 200, y: 10 } });
    await page.keyboard.press(`${MOD}+Home`);
    await page.keyboard.press('F8');
    await page.waitForTimeout(500);
    await page.keyboard.press('Escape');
    const squiggle = editor.locator('.squiggly-error, .squiggly-warning');
    await squiggle.first().waitFor({ state: 'attached', timeout: 30_000 });
    const errors = await editor.locator('.squiggly-error').count();
    const warnings = await editor.locator('.squiggly-warning').count();
    await shot('02-squiggles');
    return `${errors} error and ${warnings} warning squiggles in view`;
  });

  await check('the language status shows "questions pass"', async () => {
    const status = page.locator('[id="status.languageStatus"]');
    await status.waitFor({ state: 'visible', timeout: 15_000 });
    const deadline = Date.now() + 30_000;
    let text = '';
    while (Date.now() < deadline) {
      await status.click();
      const hover = page.locator('.monaco-hover:visible, .workbench-hover:visible').first();
      text = await hover.innerText({ timeout: 5000 }).catch(() => '');
      if (/questions pass/.test(text)) {
        await shot('03-language-status');
        await dismiss();
        return text.replace(/\s+/g, ' ').slice(0, 120);
      }
      await dismiss();
      await page.waitForTimeout(1000);
    }
    throw new Error(`language status said: ${JSON.stringify(text.replace(/\s+/g, ' ').slice(0, 200))}`);
  });

  await check('hovering over an answer shows its word count', async () => {
    const lines = answerLines(originalReport);
    if (lines.length === 0) throw new Error('the report has no answer to hover over');
    // Several answers, in case one has no hover; the first that shows "words" passes.
    for (const line of lines.slice(2, 7).concat(lines.slice(0, 2))) {
      await goToLine(line);
      await page.keyboard.press('End');
      await page.keyboard.press('Home');
      await page.keyboard.press(`${MOD}+K`);
      await page.keyboard.press(`${MOD}+I`);
      const hover = page.locator('.monaco-hover:visible, .monaco-resizable-hover:visible').first();
      const text = await hover.innerText({ timeout: 5000 }).catch(() => '');
      if (/\bwords?\b/i.test(text) && /\d/.test(text)) {
        await shot('04-hover');
        await dismiss();
        return `line ${line}: ${text.replace(/\s+/g, ' ').slice(0, 100)}`;
      }
      await dismiss();
    }
    throw new Error(`no hover with "words" on answer lines ${lines.slice(0, 7).join(', ')}`);
  });

  await check('the insert-image command inserts a link', async () => {
    await goToLine(1);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await runCommand('MLOps Report: Insert Image from figures/');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'aaa_e2e_pixel.png' }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await shot('05-insert-image-pick');
    await row.click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.keyboard.press(`${MOD}+S`);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const text = readFileSync(report, 'utf8');
      if (text.includes('![aaa_e2e_pixel](figures/aaa_e2e_pixel.png)')) return 'saved file has ![aaa_e2e_pixel](figures/aaa_e2e_pixel.png)';
      await page.waitForTimeout(300);
    }
    throw new Error('the saved report has no ![aaa_e2e_pixel](figures/aaa_e2e_pixel.png)');
  });

  await check('the "Insert image" quick fix on images-missing fixes it', async () => {
    await page.keyboard.press(`${MOD}+S`);
    const missing = cliFindings(report).find((d) => d.code === 'images-missing');
    if (!missing) throw new Error('the sample report has no images-missing finding to fix');
    const before = await problemCounts();
    await goToLine(missing.range.start.line + 1);
    await page.keyboard.press('End');
    await page.keyboard.press(`${MOD}+.`);
    const menu = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
    await menu.waitFor({ state: 'visible', timeout: 10_000 });
    const item = menu.locator('.monaco-list-row.action', { hasText: /^Insert image figures\// }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await shot('06-quick-fix-menu');
    const label = (await item.innerText()).trim();
    await item.click();
    await page.keyboard.press(`${MOD}+S`);
    const deadline = Date.now() + 20_000;
    let after = before;
    let left = [];
    while (Date.now() < deadline) {
      left = cliFindings(report).filter((d) => d.code === 'images-missing' && d.question === missing.question);
      after = await problemCounts();
      if (left.length === 0 && after.errors === before.errors - 1) {
        return `"${label}" on Question ${missing.question}: images-missing gone, errors ${before.errors} -> ${after.errors}`;
      }
      await page.waitForTimeout(300);
    }
    throw new Error(`after "${label}": images-missing left ${JSON.stringify(left)}, status "${after.label}"`);
  });

  await check('the hand-in preview shows report.py html of the text being typed', async () => {
    // Type a list straight under a paragraph into Question 3's answer: GitHub shows a list, the
    // hand-in one paragraph. Then open the preview and look at what it shows.
    const line = answerLines(readFileSync(report, 'utf8'))[2];
    if (!line) throw new Error('the report has no third answer to type into');
    await goToLine(line);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText(`${PREVIEW_LIST}\n`);
    await page.keyboard.press(`${MOD}+S`);
    await waitForFile(report, PREVIEW_LIST);
    await runCommand('MLOps Report: Preview Hand-in');
    const view = previewFrame();
    const list = view.locator('#mlops-handin p', { hasText: 'We used these tools:' });
    await list.waitFor({ state: 'attached', timeout: 60_000 });
    const text = await list.innerText();
    if (!/We used these tools:\s+- Docker for the images\s+- Cloud Run for the API/.test(text)) {
      throw new Error(`the paragraph reads ${JSON.stringify(text)}`);
    }
    const items = await view.locator('#mlops-handin li', { hasText: /Docker for the images|Cloud Run for the API/ }).count();
    if (items !== 0) throw new Error(`the list shows as ${items} <li> items: not what report.py html makes`);
    // Marked: the handin-list-blank-line finding on hover.
    const title = (await list.getAttribute('title')) ?? '';
    const flagged = await list.evaluate((el) => el.classList.contains('mlops-flagged'));
    if (!flagged || !/handin-list-blank-line/.test(title)) throw new Error(`the block is not marked (class ${flagged}, title ${JSON.stringify(title)})`);
    await shot('07-handin-preview');
    return 'one <p>, no <li>, outlined with the handin-list-blank-line message';
  });

  await check('the hand-in preview is exactly mlops-report html, images from the report folder', async () => {
    const view = previewFrame();
    await view.locator('#mlops-handin p', { hasText: 'We used these tools:' }).waitFor({ state: 'attached', timeout: 30_000 });
    const cli = spawnSync(join(ROOT, '.venv', 'bin', 'mlops-report'), ['html', report, '-o', '-'], { encoding: 'utf8', timeout: 60_000 });
    if (cli.status !== 0) throw new Error(`mlops-report html failed: ${cli.stderr}`);
    // The browser parses both; the preview's own marks (comments, classes, titles) taken away.
    const same = await view.locator('#mlops-handin').evaluate((shown, html) => {
      const clean = (root) => {
        const copy = root.cloneNode(true);
        const walker = document.createTreeWalker(copy, NodeFilter.SHOW_COMMENT);
        const marks = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.nodeValue.startsWith('mlops-block:')) marks.push(n);
        for (const n of marks) n.remove();
        for (const el of copy.querySelectorAll('.mlops-flagged')) el.removeAttribute('title');
        for (const el of copy.querySelectorAll('.mlops-flagged, .mlops-current')) {
          el.classList.remove('mlops-flagged', 'mlops-current');
          if (el.classList.length === 0) el.removeAttribute('class');
        }
        return copy.innerHTML;
      };
      const expected = document.createElement('div');
      expected.innerHTML = html;
      const got = clean(shown);
      return { equal: got === expected.innerHTML, got: got.length, want: expected.innerHTML.length };
    }, cli.stdout);
    if (!same.equal) throw new Error(`the preview's DOM differs from mlops-report html's (${same.got} vs ${same.want} characters)`);
    const images = await view.locator('#mlops-handin img').evaluateAll((imgs) =>
      imgs.map((img) => ({ src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0 })),
    );
    const byPath = Object.fromEntries(images.map((i) => [i.src, i.loaded]));
    const exists = (src) => existsSync(join(dirname(report), src));
    const shown = images.filter((i) => exists(i.src) && i.loaded).map((i) => i.src);
    const broken = images.filter((i) => !exists(i.src) && !i.loaded).map((i) => i.src);
    const wrong = images.filter((i) => exists(i.src) !== i.loaded && !/^https?:/.test(i.src ?? ''));
    if (shown.length === 0 || broken.length === 0 || wrong.length > 0) {
      throw new Error(`images: ${JSON.stringify(byPath)}`);
    }
    return `same DOM as mlops-report html; ${shown.length} images loaded from reports/, ${broken.length} broken (${broken.join(', ')})`;
  });

  await check('the hand-in preview follows typing and the cursor', async () => {
    const view = previewFrame();
    await goToLine(answerLines(readFileSync(report, 'utf8'))[2]);
    await page.keyboard.press('End');
    await page.keyboard.insertText(' Typed live.');
    await view.locator('#mlops-handin p', { hasText: 'Typed live.' }).waitFor({ state: 'attached', timeout: 30_000 });
    // The cursor near the end of the report: the preview scrolls its block into view.
    const text = readFileSync(report, 'utf8');
    const lines = answerLines(text);
    const last = lines[lines.length - 1];
    const words = text.split('\n')[last - 1].trim().split(/\s+/).slice(0, 4).join(' ');
    await goToLine(last);
    const current = view.locator('#mlops-handin .mlops-current').first();
    const deadline = Date.now() + 20_000;
    let seen = '';
    while (Date.now() < deadline) {
      seen = (await current.innerText({ timeout: 2000 }).catch(() => '')).replace(/\s+/g, ' ');
      const inView = await current.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.bottom > 0 && box.top < window.innerHeight;
      }).catch(() => false);
      if (seen.includes(words) && inView) {
        await shot('08-handin-preview-scrolled');
        return `cursor on line ${last}: the block "${words}…" is marked current and in view`;
      }
      await page.waitForTimeout(300);
    }
    throw new Error(`after moving to line ${last} ("${words}") the current block reads ${JSON.stringify(seen.slice(0, 120))}`);
  });

  await shot('99-final');
}

// ---------------------------------------------------------------------------------------------

let exitCode = 1;
try {
  await main();
  exitCode = results.length > 0 && results.every((r) => r.ok) ? 0 : 1;
} catch (error) {
  log(`setup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await shot('fail-setup');
  results.push({ name: 'setup', ok: false });
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
for (const r of results) process.stdout.write(`${r.ok ? 'ok    ' : 'FAILED'} ${r.name}\n`);
process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
log(`screenshots and logs in ${ARTIFACTS}`);
await finish(exitCode);
