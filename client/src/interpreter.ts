// Finds a Python that can run the checker. Pure: the process runner, the setting and the Python
// extension lookup are injected, so the order and the version check are unit-tested.

export const MIN_PYTHON: readonly [number, number] = [3, 10];

/** Prints "major.minor"; also valid Python 2, so an old Python is reported as old, not broken. */
export const VERSION_SCRIPT = "import sys; print('%d.%d' % sys.version_info[:2])";

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

export interface InterpreterInputs {
  /** The mlopsReport.interpreter setting, already expanded; "" when unset. */
  setting: string;
  /** The Python extension's active interpreter; undefined when that extension is absent. */
  pythonExtension: () => Promise<string | undefined>;
  run: ProcessRunner;
}

export interface Attempt {
  command: string;
  source: InterpreterSource;
  version?: readonly [number, number];
  /** Why this candidate does not fit; absent when it does. */
  problem?: string;
}

export type Resolution =
  | { ok: true; command: string; source: InterpreterSource; version: readonly [number, number]; attempts: Attempt[] }
  | { ok: false; fromSetting: boolean; attempts: Attempt[]; message: string };

export function parseVersion(stdout: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(stdout.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
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

/** Runs `command` and tells whether it is a Python recent enough for the checker. */
export async function checkInterpreter(
  command: string,
  source: InterpreterSource,
  run: ProcessRunner,
): Promise<Attempt> {
  const result = await run(command, ['-c', VERSION_SCRIPT]);
  if (result.spawnError !== undefined) {
    return { command, source, problem: `could not be run (${result.spawnError})` };
  }
  if (result.exitCode !== 0) {
    const why = lastLine(result.stderr);
    return { command, source, problem: `failed with exit code ${String(result.exitCode)}${why ? `: ${why}` : ''}` };
  }
  const version = parseVersion(result.stdout);
  if (!version) {
    return { command, source, problem: `did not report a Python version (printed "${lastLine(result.stdout)}")` };
  }
  if (!isSupported(version)) {
    return { command, source, version, problem: `is Python ${version.join('.')}, older than ${MIN_PYTHON.join('.')}` };
  }
  return { command, source, version };
}

/**
 * The setting, when set, is the only candidate: a user who names a Python expects that one, and
 * silently using another would hide their mistake. Otherwise: the Python extension's active
 * interpreter, then python3, then python from PATH; the first recent enough wins.
 */
export async function resolveInterpreter(inputs: InterpreterInputs): Promise<Resolution> {
  const attempts: Attempt[] = [];
  const candidates: { command: string; source: InterpreterSource }[] = [];
  const setting = inputs.setting.trim();
  const fromSetting = setting !== '';
  if (fromSetting) {
    candidates.push({ command: setting, source: 'setting' });
  } else {
    try {
      const fromExtension = (await inputs.pythonExtension())?.trim();
      if (fromExtension) candidates.push({ command: fromExtension, source: 'python-extension' });
    } catch (error) {
      attempts.push({ command: 'the Python extension', source: 'python-extension', problem: `failed: ${errorText(error)}` });
    }
    candidates.push({ command: 'python3', source: 'path' }, { command: 'python', source: 'path' });
  }
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate.command)) continue;
    seen.add(candidate.command);
    const attempt = await checkInterpreter(candidate.command, candidate.source, inputs.run);
    attempts.push(attempt);
    if (attempt.problem === undefined && attempt.version) {
      return { ok: true, command: attempt.command, source: attempt.source, version: attempt.version, attempts };
    }
  }
  return { ok: false, fromSetting, attempts, message: failureMessage(attempts, fromSetting) };
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
