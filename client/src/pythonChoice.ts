// Which Python to start the server with right now. Asking the Python extension can wait seconds
// for its activation; when the interpreter chosen last time in this workspace is remembered as
// checked, the server starts with it at once and the full lookup runs beside it, so the caller
// can restart the server if the lookup ends elsewhere. Pure: everything is injected.
import { fromMemory, resolveInterpreter, type InterpreterInputs, type InterpreterSource, type Resolution } from './interpreter';

/** How the log names where a Python came from. */
export const SOURCES: Record<InterpreterSource, string> = {
  setting: 'the mlopsReport.interpreter setting',
  'python-extension': "the Python extension's interpreter",
  path: 'from PATH',
};

/** What a lookup chose, kept per workspace (workspaceState). */
export interface Choice {
  command: string;
  source: Exclude<InterpreterSource, 'setting'>;
}

export interface PythonChoice {
  resolution: Resolution;
  /** Set when `resolution` is last time's choice: the full lookup, still running. */
  confirmation?: Promise<Resolution>;
}

export interface ChoiceInputs extends InterpreterInputs {
  /** Whether the Python extension is installed (asking it may wait for its activation). */
  extensionInstalled: boolean;
  /** The choice saved last time, as stored: anything, when the store is damaged. */
  lastChoice: unknown;
  saveChoice(choice: Choice | undefined): PromiseLike<void>;
}

export function parseChoice(value: unknown): Choice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { command, source } = value as Record<string, unknown>;
  if (typeof command !== 'string' || command.trim() === '') return undefined;
  if (source !== 'python-extension' && source !== 'path') return undefined;
  return { command, source };
}

export async function choosePython(inputs: ChoiceInputs): Promise<PythonChoice> {
  const settingEmpty = inputs.setting.trim() === '';
  const full = async (): Promise<Resolution> => {
    const resolution = await resolveInterpreter(inputs);
    if (settingEmpty) {
      const choice = resolution.ok && resolution.source !== 'setting' ? { command: resolution.command, source: resolution.source } : undefined;
      // Not waited for: VS Code has the value at once, and writing it to disk can take a while
      // when the window is busy opening. Not saved: the next start waits for the lookup.
      inputs.saveChoice(choice).then(undefined, () => undefined);
    }
    return resolution;
  };
  // Without the Python extension nothing waits: the lookup itself is quick.
  const last = parseChoice(inputs.lastChoice);
  if (settingEmpty && inputs.extensionInstalled && !inputs.recheck && inputs.memory && last) {
    const quick = fromMemory(last, inputs.memory, inputs.startReported);
    if (quick) return { resolution: quick, confirmation: full() };
  }
  return { resolution: await full() };
}

/**
 * Why a server running on `running` must start again now that a lookup answered `latest`;
 * undefined when it runs where it should. A lookup that found nothing keeps it running.
 */
export function restartReason(running: { command: string; executable: string }, latest: Resolution): string | undefined {
  if (!latest.ok || latest.executable === running.executable) return undefined;
  return `the Python to use is ${latest.command} (${SOURCES[latest.source]}), not ${running.command}`;
}
