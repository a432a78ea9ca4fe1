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
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
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

/** The command line's record of a file: the server's own verdict, computed apart from VS Code. */
function cliRecord(file) {
  const cli = join(ROOT, '.venv', 'bin', 'mlops-report');
  const result = spawnSync(cli, ['check', '--format', 'json', file], { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`mlops-report check failed: ${result.stderr}`);
  return JSON.parse(result.stdout)[0];
}

function cliFindings(file) {
  return cliRecord(file).diagnostics;
}

/** The status bar text the command line's record implies, e.g. "27/31 questions pass (B3)". */
function cliStatusText(record) {
  const { error, passed, answers } = record.report_py;
  if (error !== null) return undefined;
  return `${passed}/${answers.length} questions pass (${record.edition})`;
}

/** 1-based line of each `### Question N` heading, by N (the first, for a duplicate). */
function headingLines(text) {
  const lines = new Map();
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^###\s+Question\s+(\d+)\s*$/.exec(line);
    if (m && !lines.has(Number(m[1]))) lines.set(Number(m[1]), i + 1);
  });
  return lines;
}

/** The questions report.py check fails, as the command line says. */
function cliFailing(record) {
  return record.report_py.answers.filter((a) => a.failed.length > 0).map((a) => a.q);
}

/** The cursor's line (1-based), from the status bar's "Ln 12, Col 3". */
async function cursorLine() {
  const text = await page.locator('[id="status.editor.selection"]').innerText({ timeout: 5000 });
  const m = /Ln (\d+)/.exec(text);
  if (!m) throw new Error(`no line in the status bar's "${text}"`);
  return Number(m[1]);
}

/** Waits for the cursor to reach `line`; says where it is otherwise. */
async function waitForCursorLine(line, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  let at = 0;
  while (Date.now() < deadline) {
    at = await cursorLine().catch(() => 0);
    if (at === line) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`${what}: the cursor is on line ${at}, not ${line}`);
}

/** The extension's own status bar item (pass count or checker state). */
function summaryItem() {
  return page.locator('.statusbar-item', { hasText: /questions pass|would stop|MLOps Report/ }).first();
}

/** A side bar pane (Explorer view) by its title, expanded; gives its element. */
async function expandedPane(title) {
  const header = page.locator('.pane-header', { hasText: title }).first();
  await header.waitFor({ state: 'visible', timeout: 15_000 });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  return header.locator('xpath=..');
}

/** Rows of a tree in a pane, scrolled through from the top: [{ label, description, icon }]. */
async function treeRows(pane) {
  const seen = new Map();
  const body = pane.locator('.pane-body').first();
  await body.hover();
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -5000);
  for (let step = 0; step < 40; step++) {
    let added = 0;
    const rendered = await body.evaluate((element) =>
      [...element.querySelectorAll('.monaco-list-row')].map((row) => ({
        index: Number(row.getAttribute('data-index')),
        label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
        icon: row.querySelector('.custom-view-tree-node-item-icon')?.getAttribute('class') ?? '',
      })),
    );
    for (const row of rendered) {
      if (seen.has(row.index)) continue;
      seen.set(row.index, row);
      added++;
    }
    if (added === 0 && step > 0) break;
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(150);
  }
  return [...seen.values()].sort((a, b) => a.index - b.index);
}

/** Errors and warnings in the status bar's problems item, e.g. "Errors: 4, Warnings: 4". */
async function problemCounts() {
  const problems = page.locator('[id="status.problems"]');
  const label = ((await problems.getAttribute('aria-label')) ?? (await problems.innerText())).replace(/\s+/g, ' ');
  const count = (word) => Number((label.match(new RegExp(`${word}s?: (\\d+)`, 'i')) ?? [0, 0])[1]);
  return { errors: count('Error'), warnings: count('Warning'), label: label.trim() };
}

/** Files called `name` under VS Code's logs folder, oldest session first. */
function findLogs(userDataDir, name) {
  const logs = join(userDataDir, 'logs');
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === name) out.push(path);
    }
  };
  if (existsSync(logs)) walk(logs);
  return out.sort();
}

/** The extension's output channel of each window (extension host) so far, oldest first. */
function channelLogs(userDataDir) {
  return findLogs(userDataDir, 'mlops-report.log').map((f) => readFileSync(f, 'utf8'));
}

/**
 * Where the time from opening to the first squiggle went, from window `index`'s channel, whose
 * durations are measured in the extension (its lines' timestamps are not: lines logged before
 * the channel is ready all get the time it became ready): finding Python, then starting the
 * server (spawn to the answer to initialize); the rest is VS Code activating the extension, the
 * first analysis and drawing.
 */
async function startPhases(userDataDir, index, seconds) {
  const file = findLogs(userDataDir, 'mlops-report.log')[index];
  if (!file) return 'no channel log';
  let channel = '';
  for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((done) => setTimeout(done, 300))) {
    channel = readFileSync(file, 'utf8');
    if (/The server is running/.test(channel)) break;
  }
  const lookup = Number(/Python lookup: (\d+) ms/.exec(channel)?.[1] ?? NaN) / 1000;
  const start = Number(/The server is running.* \(started in (\d+) ms\)/.exec(channel)?.[1] ?? NaN) / 1000;
  const s = (x) => (Number.isNaN(x) ? '?' : `${x.toFixed(2)} s`);
  return `Python lookup ${s(lookup)}, server start ${s(start)}, the rest (VS Code, first analysis, drawing) ${s(seconds - lookup - start)}`;
}

const LOOKUP_LINE = /Python lookup: (\d+) ms, Python processes started before the server: (\d+)(.*)/;

/** Waits until window `index`'s channel tells how its server's Python was found. */
async function waitForLookup(userDataDir, index, ms = 60_000) {
  const deadline = Date.now() + ms;
  let channels = [];
  while (Date.now() < deadline) {
    channels = channelLogs(userDataDir);
    const m = LOOKUP_LINE.exec(channels[index] ?? '');
    if (m) return { lookupMs: Number(m[1]), processes: Number(m[2]), note: m[3].trim() };
    await new Promise((done) => setTimeout(done, 300));
  }
  throw new Error(`window ${index + 1} logged no "Python lookup" line (${channels.length} channel logs)`);
}

/** Time from opening the report to the first squiggle, per start; printed at the end. */
const startups = [];

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
  // As on a student's machine, Python keeps the bytecode of the extension's bundled libraries from
  // its first start (this machine's environment turns that off): the second start is timed as theirs.
  delete env.PYTHONDONTWRITEBYTECODE;
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
  let openedAt = Date.now();
  /**
   * Seconds from `since` until the first problem shows: a squiggle (any severity) drawn in the
   * editor, or the status bar counting one. Squiggles are drawn only for the lines in view, and
   * a report may have nothing to say about its first screen.
   */
  const firstSquiggle = async (since) => {
    const squiggle = editor.locator('.squiggly-error, .squiggly-warning, .squiggly-info');
    const problems = page.locator('[id="status.problems"]');
    const deadline = since + 120_000;
    while (Date.now() < deadline) {
      if ((await squiggle.count()) > 0) return { seconds: (Date.now() - since) / 1000 };
      const label = (await problems.getAttribute('aria-label').catch(() => null)) ?? '';
      if ((label.match(/\d+/g) ?? []).map(Number).some((n) => n > 0)) {
        return { seconds: (Date.now() - since) / 1000 };
      }
      await page.waitForTimeout(50);
    }
    throw new Error('no squiggle drawn and no problem counted 120 s after opening the report');
  };
  /** Keeps a start's figures for the summary, also when its log lacks the lookup line. */
  const recordStart = async (start, index, seconds) => {
    const phases = await startPhases(userDataDir, index, seconds);
    try {
      const lookup = await waitForLookup(userDataDir, index, 15_000);
      startups.push({ start, seconds, ...lookup, phases });
      return lookup;
    } catch (error) {
      startups.push({ start, seconds, processes: '?', phases });
      throw error;
    }
  };

  await check('open the report with Ctrl+P', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
    await page.keyboard.press(`${MOD}+P`);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('reports/README.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'README.md' }).first().waitFor({ timeout: 15_000 });
    openedAt = Date.now();
    await input.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'README.md' }).waitFor({ timeout: 15_000 });
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
  });

  await check('first start (nothing remembered): the first squiggle, after checking Python before the server', async () => {
    const { seconds } = await firstSquiggle(openedAt);
    const lookup = await recordStart('first', 0, seconds);
    await shot('02-first-squiggle');
    if (lookup.processes < 1) throw new Error(`a fresh profile started ${lookup.processes} Python processes before the server: nothing was checked`);
    return `${seconds.toFixed(1)} s from opening to the first squiggle; ${lookup.processes} Python process(es) before the server, lookup ${lookup.lookupMs} ms`;
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

  await check('the Problems panel lists what mlops-report check finds (code, line, severity)', async () => {
    await page.keyboard.press(`${MOD}+Shift+M`);
    const panel = page.locator('.markers-panel').first();
    await panel.locator('.marker-code').first().waitFor({ state: 'visible', timeout: 15_000 });
    const shown = new Map();
    await panel.hover();
    for (let step = 0; step < 60; step++) {
      const rows = await panel.evaluate((element) =>
        [...element.querySelectorAll('.monaco-list-row')]
          .filter((row) => row.querySelector('.marker-code'))
          .map((row) => ({
            index: row.getAttribute('data-index'),
            code: row.querySelector('.marker-code')?.textContent?.trim() ?? '',
            line: Number(/Ln (\d+)/.exec(row.querySelector('.marker-line')?.textContent ?? '')?.[1] ?? 0),
            severity: /\b(error|warning|info)\b/.exec(row.querySelector('.marker-icon')?.className ?? '')?.[1] ?? '?',
          })),
      );
      const before = shown.size;
      for (const row of rows) shown.set(row.index, `${row.code} ${row.line} ${row.severity}`);
      if (step > 0 && shown.size === before) break;
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(150);
    }
    await shot('03-problems-panel');
    const names = { error: 'error', warning: 'warning', information: 'info' };
    const want = cliFindings(report)
      .filter((d) => d.severity in names) // VS Code lists no hints
      .map((d) => `${d.code} ${d.range.start.line + 1} ${names[d.severity]}`)
      .sort();
    const got = [...shown.values()].sort();
    await page.keyboard.press(`${MOD}+J`);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new Error(`the Problems panel lists ${JSON.stringify(got)}; mlops-report check finds ${JSON.stringify(want)}`);
    }
    return `${got.length} problems = mlops-report check`;
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

  await check('the status bar shows the pass count of mlops-report check', async () => {
    const want = cliStatusText(cliRecord(report));
    if (!want) throw new Error('report.py check would stop on the sample report');
    const item = summaryItem();
    const deadline = Date.now() + 30_000;
    let text = '';
    while (Date.now() < deadline) {
      text = (await item.innerText({ timeout: 5000 }).catch(() => '')).trim();
      if (text === want) {
        await shot('03-status-bar');
        return `"${text}" = mlops-report check`;
      }
      await page.waitForTimeout(300);
    }
    throw new Error(`the status bar shows "${text}", mlops-report check says "${want}"`);
  });

  await check('the status bar item and the commands go to the failing questions', async () => {
    const record = cliRecord(report);
    const lines = headingLines(readFileSync(report, 'utf8'));
    const failing = cliFailing(record).map((q) => lines.get(q)).sort((a, b) => a - b);
    if (failing.length < 2) throw new Error(`the sample report should fail two questions or more: ${JSON.stringify(failing)}`);
    const [first, second] = failing;
    await editor.click({ position: { x: 200, y: 10 } });
    await goToLine(1);
    await summaryItem().click();
    await waitForCursorLine(first, 'after clicking the status bar item');
    await summaryItem().click();
    await waitForCursorLine(second, 'after clicking it again');
    await runCommand('MLOps Report: Previous Failing Question');
    await waitForCursorLine(first, 'after Previous Failing Question');
    await runCommand('MLOps Report: Next Failing Question');
    await waitForCursorLine(second, 'after Next Failing Question');
    await goToLine(failing[failing.length - 1] + 1);
    await runCommand('MLOps Report: Next Failing Question');
    await waitForCursorLine(first, 'after Next Failing Question past the last one');
    return `failing questions' headings on lines ${failing.join(', ')}: click -> ${first} -> ${second}, previous/next/wrap`;
  });

  await check('the Report Questions view shows every question with its status and goes to one', async () => {
    await page.keyboard.press(`${MOD}+Shift+E`);
    const pane = await expandedPane('Report Questions');
    const record = cliRecord(report);
    const rows = await treeRows(pane);
    await shot('04-question-view');
    const questions = rows.filter((r) => /^Question \d+$/.test(r.label));
    const numbers = questions.map((r) => Number(r.label.split(' ')[1]));
    const want = record.report_py.answers.map((a) => a.q);
    if (JSON.stringify(numbers) !== JSON.stringify(want)) throw new Error(`the view lists ${JSON.stringify(numbers)}, not ${JSON.stringify(want)}`);
    const shownFailing = questions.filter((r) => /codicon-error/.test(r.icon)).map((r) => Number(r.label.split(' ')[1]));
    const failing = cliFailing(record);
    if (JSON.stringify(shownFailing) !== JSON.stringify(failing)) throw new Error(`the view marks ${JSON.stringify(shownFailing)} failing; mlops-report check fails ${JSON.stringify(failing)}`);
    // A pass only where nothing is wrong: a question with findings that report.py passes warns.
    const shownProblems = questions.filter((r) => /codicon-warning/.test(r.icon)).map((r) => Number(r.label.split(' ')[1]));
    const withFindings = [...new Set(record.diagnostics.map((d) => d.question))].filter((q) => q !== null && !failing.includes(q)).sort((a, b) => a - b);
    if (JSON.stringify(shownProblems) !== JSON.stringify(withFindings)) throw new Error(`the view warns on ${JSON.stringify(shownProblems)}; mlops-report check has findings on ${JSON.stringify(withFindings)}`);
    const empty = questions.filter((r) => r.description === '');
    if (empty.length) throw new Error(`no status beside ${empty.map((r) => r.label).join(', ')}`);
    // Click the last failing question's row; the cursor goes to its heading.
    const target = failing[failing.length - 1];
    const row = pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^Question ${target}$`) }) }).first();
    await row.waitFor({ state: 'visible', timeout: 5000 });
    // A tooltip or the sticky section header may lie over the row: click it as a click lands.
    await page.mouse.move(700, 500);
    await dismiss();
    await row.dispatchEvent('click');
    await waitForCursorLine(headingLines(readFileSync(report, 'utf8')).get(target), `after clicking Question ${target} in the view`);
    const sample = questions.find((r) => r.label === `Question ${failing[0]}`);
    return `${questions.length} questions, failing ${JSON.stringify(shownFailing)} and warning ${JSON.stringify(shownProblems)} = mlops-report check; "${sample?.label}: ${sample?.description}"; click -> heading`;
  });

  await check("the Outline holds Markdown's headings alone", async () => {
    const pane = await expandedPane('Outline');
    await page.waitForTimeout(1000);
    const rows = await treeRows(pane);
    await shot('05-outline');
    if (rows.length === 0) throw new Error('the Outline is empty');
    const checker = rows.filter((r) => r.label === 'mlops-report' || /[✓✗]|\bwords\b|questions?,/.test(`${r.label} ${r.description}`));
    if (checker.length) throw new Error(`the Outline shows the checker's tree: ${JSON.stringify(checker.slice(0, 3))}`);
    const collapse = page.locator('.pane-header', { hasText: 'Outline' }).first();
    await collapse.click();
    return `${rows.length} rows, none of the checker's`;
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
      const question = Number(/Question (\d+)/.exec(text)?.[1] ?? 0);
      const answer = cliRecord(report).report_py.answers.find((a) => a.q === question);
      if (answer && /\bwords?\b/i.test(text)) {
        await shot('04-hover');
        await dismiss();
        // The hover's word count is report.py's, as the command line gives it.
        if (!new RegExp(`\\b${answer.words}\\b`).test(text)) {
          throw new Error(`the hover of Question ${question} does not give its ${answer.words} words: ${JSON.stringify(text)}`);
        }
        return `line ${line}: ${text.replace(/\s+/g, ' ').slice(0, 100)} (mlops-report check: ${answer.words} words)`;
      }
      await dismiss();
    }
    throw new Error(`no hover with "words" on answer lines ${lines.slice(0, 7).join(', ')}`);
  });

  await check("a heading's hint follows the count while one types", async () => {
    const record = cliRecord(report);
    const text = readFileSync(report, 'utf8');
    const lines = text.split(/\r?\n/);
    const headings = headingLines(text);
    // The first answer with a word limit, and the first line of its text.
    const answer = record.report_py.answers.find((a) => a.q > 2 && a.words > 0);
    const heading = headings.get(answer.q);
    const line = answerLines(text).find((l) => l > heading);
    const hint = () =>
      editor.locator('.view-line', { hasText: `### Question ${answer.q}` }).first().innerText({ timeout: 2000 }).catch(() => '');
    await goToLine(heading);
    let before = await hint();
    for (const end = Date.now() + 20_000; !before.includes(`${answer.words}/`) && Date.now() < end; ) {
      await page.waitForTimeout(200);
      before = await hint();
    }
    if (!before.includes(`${answer.words}/`)) throw new Error(`the hint of Question ${answer.q} reads ${JSON.stringify(before)}, not ${answer.words} words`);
    await goToLine(line); // a few lines below the heading, which stays in view
    await page.keyboard.press('End');
    await page.keyboard.type(' two more', { delay: 20 });
    const typed = Date.now();
    const want = `${answer.words + 2}/`;
    let after = before;
    while (Date.now() - typed < 15_000 && !after.includes(want)) {
      await page.waitForTimeout(50);
      after = await hint();
    }
    const elapsed = Date.now() - typed;
    await shot('06-inlay-hint');
    // Back to the text on disk, which the later checks compare with.
    await goToLine(line);
    for (let i = 0; i < 3; i++) await page.keyboard.press(`${MOD}+Z`);
    if (!after.includes(want)) throw new Error(`after typing two words into Question ${answer.q} the hint still reads ${JSON.stringify(after)}`);
    if (readFileSync(report, 'utf8') !== text || lines.length === 0) throw new Error('the report on disk changed');
    return `${before.replace(/^.*?Question \d+/, '').trim()} -> ${after.replace(/^.*?Question \d+/, '').trim()}, ${elapsed} ms after the last keystroke`;
  });

  await check('a code in the Problems panel opens its explanation in the installed extension', async () => {
    await page.keyboard.press(`${MOD}+Shift+M`);
    const link = page.locator('.markers-panel a.monaco-link').first();
    await link.waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.markers-panel').first().hover();
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -5000); // the list from its top
    const code = (await link.innerText()).trim();
    const href = (await link.getAttribute('title')) ?? (await link.getAttribute('href')) ?? '';
    await shot('06-problems');
    await link.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'codes.md' }).waitFor({ timeout: 15_000 });
    const installed = join(extensionsDir, `${EXTENSION_ID}-${PKG.version}`, 'bundled', 'libs', 'mlops_report', 'codes.md');
    const line = readFileSync(installed, 'utf8').split('\n').indexOf(`## ${code}`) + 1;
    if (line === 0) throw new Error(`${installed} has no section for ${code}`);
    await waitForCursorLine(line, `after clicking ${code}`);
    await shot('07-code-explanation');
    await page.keyboard.press(`${MOD}+W`);
    await page.keyboard.press(`${MOD}+J`); // the panel closes: the editor has room again
    return `${code} -> codes.md line ${line} of the installed extension (${href.replace(/^.*\/extensions\//, '…/')})`;
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
    const deadline = Date.now() + 20_000;
    let after = before;
    let left = [];
    while (Date.now() < deadline) {
      // Saved again on each turn: the editor applies the fix's edit after the click returns, and
      // a save before that would write the text without it.
      await page.keyboard.press(`${MOD}+S`);
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

  // The preview beside the report is done with: close it, so the walkthrough gets that place.
  await runCommand('View: Close Editors in Other Groups');

  await check('the walkthrough shows its figures example as written', async () => {
    // The report on the left with an empty line 2 for the link; the walkthrough on the right.
    await editor.click({ position: { x: 200, y: 10 } });
    await goToLine(1);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await runCommand('View: Split Editor Right');
    await page.locator('.editor-group-container').nth(1).waitFor({ state: 'visible', timeout: 10_000 });
    await runCommand('Welcome: Open Walkthrough...');
    const input = page.locator('.quick-input-widget input');
    await input.fill('Check your MLOps exam report');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Check your MLOps exam report' }).first().click();
    const step = page.locator('button.getting-started-step', { hasText: 'Add figures' }).first();
    await step.waitFor({ state: 'visible', timeout: 15_000 });
    await step.click();
    // The step's Markdown is shown in a webview frame.
    let example;
    const deadline = Date.now() + 15_000;
    while (example === undefined && Date.now() < deadline) {
      for (const frame of page.frames()) {
         
        const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        if (!text.includes('Insert Image from figures/')) continue;
         
        example = await frame.evaluate(() => [...document.querySelectorAll('pre')].map((e) => e.innerText.trim()).join('\n')).catch(() => undefined);
        if (example !== undefined) break;
      }
      if (example === undefined) await page.waitForTimeout(300);
    }
    await shot('08-walkthrough');
    if (example !== '![overview](figures/overview.png)') throw new Error(`the walkthrough's example reads ${JSON.stringify(example)}`);
    return `the figures step shows ${example}`;
  });

  await check('the walkthrough\'s "Insert an image" inserts into the report beside it', async () => {
    const link = '![aaa_e2e_pixel](figures/aaa_e2e_pixel.png)';
    const before = readFileSync(report, 'utf8').split(link).length - 1;
    const button = page.locator('.getting-started-step .monaco-button', { hasText: 'Insert an image' }).first();
    await button.click();
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'aaa_e2e_pixel.png' }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.keyboard.press(`${MOD}+S`);
    const saved = Date.now() + 10_000;
    let lines = [];
    while (Date.now() < saved) {
      const text = readFileSync(report, 'utf8');
      lines = text.split(/\r?\n/);
      if (text.split(link).length - 1 === before + 1 && lines[1] === link) break;
      await page.waitForTimeout(300);
    }
    if (lines[1] !== link) throw new Error(`line 2 of the saved report is ${JSON.stringify(lines[1])}`);
    await page.keyboard.press(`${MOD}+K`);
    await page.keyboard.press(`${MOD}+W`); // close all editors: the report, its copy, the walkthrough
    return `with the walkthrough focused, it put ${link} on line 2 of the report`;
  });

  await shot('99-final');

  await check('the log says which Python and that the server runs, without noise, also when the window closes', async () => {
    // The report open again, so that the reloaded window starts the server again.
    await page.keyboard.press(`${MOD}+P`);
    const quickOpen = page.locator('.quick-input-widget input');
    await quickOpen.fill('reports/README.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'README.md' }).first().waitFor({ timeout: 15_000 });
    await quickOpen.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'README.md' }).waitFor({ timeout: 15_000 });
    await runCommand('Developer: Reload Window');
    await page.waitForTimeout(3000);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    const find = (name) => findLogs(userDataDir, name);
    // Reloading stops the first extension host (its log is complete once it says so) and starts
    // a second one, whose server starts again for the report the window reopens.
    const deadline = Date.now() + 30_000;
    let channel = '';
    let channels = [];
    while (Date.now() < deadline) {
      channels = find('mlops-report.log').map((f) => readFileSync(f, 'utf8'));
      channel = channels[0] ?? '';
      const stopped = /The server has stopped|Stopping the server: /.test(channel);
      if (stopped && channels.length > 1 && /The server is running/.test(channels[channels.length - 1])) break;
      await page.waitForTimeout(500);
    }
    // The extension hosts' own logs: entries (from one timestamp to the next) about this extension.
    const hosts = find('remoteexthost.log')
      .concat(find('exthost.log'))
      .flatMap((f) => readFileSync(f, 'utf8').split(/\n(?=\d{4}-\d\d-\d\d )/))
      .filter((entry) => entry.includes(`${EXTENSION_ID}-`))
      .join('\n');
    const problems = [];
    if (!/Using Python \d+\.\d+/.test(channel)) problems.push('no "Using Python" line');
    if (!/The server is running: mlops-report/.test(channel)) problems.push('no "The server is running" line');
    if (!/The server has stopped/.test(channel)) problems.push('no "The server has stopped" line on reload');
    // Nothing went wrong in this session: no error or warning, in the channel's levels or the
    // language client's "[Error - time]" lines.
    const errors = channels.join('\n').split('\n').filter((l) => /\[(error|warning)\]|\[(Error|Warn) +- /.test(l));
    if (errors.length) problems.push(`errors logged: ${JSON.stringify(errors.slice(0, 3))}`);
    for (const noise of ['Cancel notification for unknown message id', 'Channel has been closed']) {
      if (channels.some((c) => c.includes(noise)) || hosts.includes(noise)) problems.push(`"${noise}" in the logs`);
    }
    if (problems.length) throw new Error(`${problems.join('; ')}. The channel said:\n${channels.join('\n-- reload --\n')}`);
    return `${channel.trim().split('\n').length} lines in the channel of the first window, ${channels.length} windows`;
  });

  await check('second start (window reloaded): no Python process before the server, then the first squiggle', async () => {
    // Nothing open, so that the reloaded window starts the extension only when the report opens,
    // as the first start did; globalState (the remembered check) survives the reload.
    await page.keyboard.press(`${MOD}+K`);
    await page.keyboard.press(`${MOD}+W`);
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    const before = channelLogs(userDataDir).length;
    await runCommand('Developer: Reload Window');
    await page.waitForTimeout(3000);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForTimeout(1500);
    await dismiss();
    await page.keyboard.press(`${MOD}+P`);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('reports/README.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'README.md' }).first().waitFor({ timeout: 15_000 });
    const opened = Date.now();
    await input.press('Enter');
    const { seconds } = await firstSquiggle(opened);
    const lookup = await recordStart('second', Math.max(before, 1), seconds);
    await shot('10-second-start-squiggle');
    if (lookup.processes !== 0) throw new Error(`the reloaded window started ${lookup.processes} Python processes before the server (${lookup.note})`);
    if (!/remembered/.test(lookup.note)) throw new Error(`the log does not say the check was remembered: "${lookup.note}"`);
    return `${seconds.toFixed(1)} s from opening to the first squiggle; 0 Python processes before the server ${lookup.note}, lookup ${lookup.lookupMs} ms`;
  });
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
for (const s of startups) {
  process.stdout.write(
    `startup: ${s.start} start, ${s.seconds.toFixed(2)} s from opening the report to the first squiggle, ` +
      `${s.processes} Python process(es) before the server; ${s.phases}\n`,
  );
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
for (const r of results) process.stdout.write(`${r.ok ? 'ok    ' : 'FAILED'} ${r.name}\n`);
process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
log(`screenshots and logs in ${ARTIFACTS}`);
await finish(exitCode);
