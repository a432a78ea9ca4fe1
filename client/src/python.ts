// The VS Code side of interpreter resolution: reads the setting and, when the Python extension
// is installed (never required), its active interpreter; remembers checks in globalState (all
// windows) and the last choice in workspaceState.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { CheckCache } from './interpreterCache';
import { makeProcessRunner } from './processRunner';
import { choosePython, type PythonChoice } from './pythonChoice';
import { activeInterpreterFromApi, onActiveInterpreterChange } from './pythonApi';
import { expandInterpreterPath, SECTION } from './settings';

const PYTHON_EXTENSION = 'ms-python.python';
const ACTIVATION_TIMEOUT_MS = 20_000;
const LAST_CHOICE_KEY = 'mlopsReport.lastInterpreter';

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

export type PythonFinder = (options: { recheck: boolean }) => Promise<PythonChoice>;

export function makePythonFinder(context: vscode.ExtensionContext): PythonFinder {
  const memory = new CheckCache(
    context.globalState,
    { stat: (file) => fs.statSync(file), realpath: (file) => fs.realpathSync.native(file) },
    { PATH: process.env.PATH, platform: process.platform, cwd: process.cwd() },
  );
  const run = makeProcessRunner();
  return ({ recheck }) =>
    choosePython({
      setting: interpreterSetting(),
      pythonExtension: async () => activeInterpreterFromApi(await pythonExtensionApi(), firstFolder()?.uri),
      run,
      memory,
      recheck,
      startReported: process.platform !== 'win32',
      extensionInstalled: vscode.extensions.getExtension(PYTHON_EXTENSION) !== undefined,
      lastChoice: context.workspaceState.get(LAST_CHOICE_KEY),
      saveChoice: (choice) => context.workspaceState.update(LAST_CHOICE_KEY, choice),
    });
}

/** Calls `listener` when the Python extension's active interpreter changes (if it can tell). */
export async function watchPythonExtension(listener: () => void): Promise<vscode.Disposable | undefined> {
  const subscription = onActiveInterpreterChange(await pythonExtensionApi(), listener);
  return subscription ? new vscode.Disposable(() => subscription.dispose()) : undefined;
}
