// Finds a Python that can run the checker. Pure: the process runner, the setting, the Python
// extension lookup and the memory of earlier checks are injected, so the order, the version
// check and what is remembered are unit-tested.
import * as path from 'node:path';

export const MIN_PYTHON: readonly [number, number] = [3, 10];

/**
 * Prints "major.minor" (valid Python 2 too, so an old Python is reported as old, not broken),
 * then on Python 3 sys.executable as JSON (ASCII whatever the path and the console encoding).
 */
export const VERSION_SCRIPT =
  "import sys; print('%d.%d' % sys.version_info[:2])\nif sys.version_info[0] >= 3: import json; print(json.dumps(sys.executable or ''))";

export interface RunResult {
  /** Exit code; null when the process could not be started or was killed. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be run at all (not found, not executable, timed out). */
  spawnError?: string;
}

export type ProcessRunner = (command: string, args: readonly string[]) => Promise<RunResult>;

export type InterpreterSource = 'setting' | 'python-extension' | 'path';

/** What a check found: the version, and the file Python says it is (sys.executable). */
export interface Check {
  version: readonly [number, number];
  executable?: string;
}

/** The file a command runs, found without running it, with what changes when it changes. */
export interface Located {
  command: string;
  /** Absolute, as found (a venv's bin/python, not the file it links to). */
  path: string;
  realPath: string;
  mtimeMs: number;
  size: number;
}

/**
 * Earlier checks, remembered per file until that file changes (interpreterCache.ts). Synchronous:
 * no process, only a look at files, and nothing else in the extension host gets in between.
 */
export interface CheckMemory {
  locate(command: string): Located | undefined;
  recall(located: Located): Check | undefined;
  /** Remembers a check that ran; undefined (it failed) forgets an earlier one. */
  record(located: Located, check: Check | undefined): void;
}

export interface InterpreterInputs {
  /** The mlopsReport.interpreter setting, already expanded; "" when unset. */
  setting: string;
  /** The Python extension's active interpreter; undefined when that extension is absent. */
  pythonExtension: () => Promise<string | undefined>;
  run: ProcessRunner;
  /** Without it every candidate is run, every time. */
  memory?: CheckMemory;
  /** Run every check again (and remember what it finds), as after a failed start. */
  recheck?: boolean;
  /**
   * Start the file Python reports (sys.executable) instead of the command: past wrappers such
   * as pyenv's shims, which cost a shell and more at every start. Off on Windows, where what
   * a Store Python reports may not be startable by us.
   */
  startReported?: boolean;
}

export interface Attempt {
  command: string;
  source: InterpreterSource;
  version?: readonly [number, number];
  /** Why this candidate does not fit; absent when it does. */
  problem?: string;
  /** The file found for the command, when found without running it. */
  path?: string;
  /** sys.executable, as the check reported it. */
  reported?: string;
  /** Known from an earlier check: no process was started for it. */
  remembered?: boolean;
}

export type Resolution =
  | {
      ok: true;
      command: string;
      source: InterpreterSource;
      version: readonly [number, number];
      /** What to start the server with. */
      executable: string;
      /** The check was remembered, not run: a failed start should check again. */
      remembered: boolean;
      attempts: Attempt[];
      /** Python processes started to find it. */
      processes: number;
    }
  | { ok: false; fromSetting: boolean; attempts: Attempt[]; message: string; processes: number };

export function parseVersion(stdout: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(stdout.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** The check's output: the version line, then sys.executable as a JSON string (Python 3). */
export function parseCheckOutput(stdout: string): Check | undefined {
  const [first = '', second] = stdout.trim().split(/\r?\n/);
  const version = parseVersion(first);
  if (!version) return undefined;
  let executable: unknown;
  try {
    executable = second === undefined ? undefined : JSON.parse(second);
  } catch {
    executable = undefined;
  }
  return typeof executable === 'string' && executable !== '' ? { version, executable } : { version };
}

export function isSupported(version: readonly [number, number]): boolean {
  const [major, minor] = version;
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

/** The last line: for a traceback, the one that says what went wrong. */
function lastLine(text: string): string {
  const line = text.trim().split(/\r?\n/).pop() ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** The verdict on a Python of `check.version`, whether just run or remembered. */
function judge(command: string, source: InterpreterSource, check: Check): Attempt {
  const { version } = check;
  const attempt: Attempt = { command, source, version };
  if (check.executable !== undefined) attempt.reported = check.executable;
  if (!isSupported(version)) attempt.problem = `is Python ${version.join('.')}, older than ${MIN_PYTHON.join('.')}`;
  return attempt;
}

/** Runs `command` (the file `runAs`, when found) and tells whether it is a recent enough Python. */
export async function checkInterpreter(
  command: string,
  source: InterpreterSource,
  run: ProcessRunner,
  runAs: string = command,
): Promise<Attempt> {
  const result = await run(runAs, ['-c', VERSION_SCRIPT]);
  if (result.spawnError !== undefined) {
    return { command, source, problem: `could not be run (${result.spawnError})` };
  }
  if (result.exitCode !== 0) {
    const why = lastLine(result.stderr);
    return { command, source, problem: `failed with exit code ${String(result.exitCode)}${why ? `: ${why}` : ''}` };
  }
  const check = parseCheckOutput(result.stdout);
  if (!check) {
    return { command, source, problem: `did not report a Python version (printed "${lastLine(result.stdout)}")` };
  }
  return judge(command, source, check);
}

interface Lookup {
  located?: Located;
  known?: Check;
}

/** Finds the file for `command` and any remembered check of it; never throws. */
function look(command: string, memory: CheckMemory | undefined, recheck: boolean): Lookup {
  if (!memory) return {};
  try {
    const located = memory.locate(command);
    if (!located) return {};
    const known = recheck ? undefined : memory.recall(located);
    return known ? { located, known } : { located };
  } catch {
    return {};
  }
}

/** A remembered check when there is one; else runs the check and remembers what it found. */
async function evaluate(
  candidate: { command: string; source: InterpreterSource },
  found: Lookup,
  inputs: InterpreterInputs,
  run: ProcessRunner,
): Promise<Attempt> {
  const { command, source } = candidate;
  const { located, known } = found;
  if (located && known) return { ...judge(command, source, known), path: located.path, remembered: true };
  const attempt = await checkInterpreter(command, source, run, located?.path);
  if (inputs.memory && located) {
    const check = attempt.version ? { version: attempt.version, ...(attempt.reported ? { executable: attempt.reported } : {}) } : undefined;
    try {
      inputs.memory.record(located, check);
    } catch {
      // Not remembered: the next start checks again.
    }
  }
  return located ? { ...attempt, path: located.path } : attempt;
}

/** What the server is started with: see InterpreterInputs.startReported. */
function startable(attempt: Attempt, startReported: boolean): string {
  if (startReported && attempt.reported !== undefined && isAbsolutePath(attempt.reported)) return attempt.reported;
  return attempt.path ?? attempt.command;
}

function isAbsolutePath(file: string): boolean {
  return path.posix.isAbsolute(file) || path.win32.isAbsolute(file);
}

/** The resolution `attempt` makes when it fits; undefined when it does not. */
function success(attempt: Attempt, attempts: Attempt[], processes: number, startReported: boolean): Resolution | undefined {
  if (attempt.problem !== undefined || !attempt.version) return undefined;
  return {
    ok: true,
    command: attempt.command,
    source: attempt.source,
    version: attempt.version,
    executable: startable(attempt, startReported),
    remembered: attempt.remembered ?? false,
    attempts,
    processes,
  };
}

/** `candidate` from memory alone, when its check is remembered and it fits: no process runs. */
export function fromMemory(
  candidate: { command: string; source: InterpreterSource },
  memory: CheckMemory,
  startReported = false,
): Resolution | undefined {
  const { located, known } = look(candidate.command, memory, false);
  if (!located || !known) return undefined;
  const attempt: Attempt = { ...judge(candidate.command, candidate.source, known), path: located.path, remembered: true };
  return success(attempt, [attempt], 0, startReported);
}

/**
 * The setting, when set, is the only candidate: a user who names a Python expects that one, and
 * silently using another would hide their mistake. Otherwise: the Python extension's active
 * interpreter, then python3, then python from PATH; the first recent enough wins. python3 and
 * python are found on disk before the Python extension is asked; processes run one at a time,
 * only when nothing is remembered.
 */
export async function resolveInterpreter(inputs: InterpreterInputs): Promise<Resolution> {
  const attempts: Attempt[] = [];
  const candidates: { command: string; source: InterpreterSource }[] = [];
  const lookups = new Map<string, Lookup>();
  const lookup = (command: string): Lookup => {
    let found = lookups.get(command);
    if (!found) {
      found = look(command, inputs.memory, inputs.recheck ?? false);
      lookups.set(command, found);
    }
    return found;
  };
  let processes = 0;
  const run: ProcessRunner = (command, args) => {
    processes += 1;
    return inputs.run(command, args);
  };
  const setting = inputs.setting.trim();
  const fromSetting = setting !== '';
  if (fromSetting) {
    candidates.push({ command: setting, source: 'setting' });
  } else {
    const fromPath = ['python3', 'python'].map((command) => ({ command, source: 'path' as const }));
    for (const { command } of fromPath) lookup(command);
    try {
      const fromExtension = (await inputs.pythonExtension())?.trim();
      if (fromExtension) candidates.push({ command: fromExtension, source: 'python-extension' });
    } catch (error) {
      attempts.push({ command: 'the Python extension', source: 'python-extension', problem: `failed: ${errorText(error)}` });
    }
    candidates.push(...fromPath);
  }
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate.command)) continue;
    seen.add(candidate.command);
    const attempt = await evaluate(candidate, lookup(candidate.command), inputs, run);
    attempts.push(attempt);
    const found = success(attempt, attempts, processes, inputs.startReported ?? false);
    if (found) return found;
  }
  return { ok: false, fromSetting, attempts, message: failureMessage(attempts, fromSetting), processes };
}

export function failureMessage(attempts: readonly Attempt[], fromSetting: boolean): string {
  const need = `Python ${MIN_PYTHON.join('.')} or newer`;
  const tried = attempts
    .filter((a) => a.problem !== undefined)
    .map((a) => `${a.command} ${a.problem ?? ''}`)
    .join('; ');
  if (fromSetting) {
    return `MLOps Report: the Python in the setting "mlopsReport.interpreter" cannot run the checker: ${tried}. Set it to the path of ${need}.`;
  }
  return `MLOps Report needs ${need} to run its checker and found none (${tried}). Install one, or set "mlopsReport.interpreter" to its path.`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
