// The VS Code side of interpreter resolution: reads the setting and, when the Python extension
// is installed (never required), its active interpreter.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { resolveInterpreter, type Resolution } from './interpreter';
import { makeProcessRunner } from './processRunner';
import { activeInterpreterFromApi, onActiveInterpreterChange } from './pythonApi';
import { expandInterpreterPath, SECTION } from './settings';

const PYTHON_EXTENSION = 'ms-python.python';
const ACTIVATION_TIMEOUT_MS = 20_000;

function firstFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

export function interpreterSetting(): string {
  const raw = vscode.workspace.getConfiguration(SECTION).get<string>('interpreter', '');
  return expandInterpreterPath(typeof raw === 'string' ? raw : '', {
    home: os.homedir(),
    workspaceFolder: firstFolder()?.uri.fsPath,
  });
}

/** The Python extension's exports, activating it if needed; undefined when it is not installed. */
export async function pythonExtensionApi(): Promise<unknown> {
  const extension = vscode.extensions.getExtension(PYTHON_EXTENSION);
  if (!extension) return undefined;
  if (extension.isActive) return extension.exports as unknown;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${PYTHON_EXTENSION} did not activate in time`)), ACTIVATION_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([extension.activate(), timeout])) as unknown;
  } finally {
    clearTimeout(timer);
  }
}

export function findPython(): Promise<Resolution> {
  return resolveInterpreter({
    setting: interpreterSetting(),
    pythonExtension: async () => activeInterpreterFromApi(await pythonExtensionApi(), firstFolder()?.uri),
    run: makeProcessRunner(),
  });
}

/** Calls `listener` when the Python extension's active interpreter changes (if it can tell). */
export async function watchPythonExtension(listener: () => void): Promise<vscode.Disposable | undefined> {
  const subscription = onActiveInterpreterChange(await pythonExtensionApi(), listener);
  return subscription ? new vscode.Disposable(() => subscription.dispose()) : undefined;
}
