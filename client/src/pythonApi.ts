// Reads the active interpreter from the ms-python.python extension's API, which is a soft
// dependency: its exports are untyped here (no package for it), so every step is checked.

type AnyFunction = (...args: unknown[]) => unknown;
type Disposable = { dispose(): unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function method(owner: unknown, name: string): AnyFunction | undefined {
  if (!isObject(owner)) return undefined;
  const fn = owner[name];
  return typeof fn === 'function' ? (fn as AnyFunction).bind(owner) : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The active interpreter's executable for `resource`, from the current API
 * (environments.getActiveEnvironmentPath + resolveEnvironment) or the older one
 * (settings.getExecutionDetails().execCommand); undefined when neither says.
 */
export async function activeInterpreterFromApi(api: unknown, resource?: unknown): Promise<string | undefined> {
  if (!isObject(api)) return undefined;
  const environments = api.environments;
  const getActive = method(environments, 'getActiveEnvironmentPath');
  if (getActive) {
    const envPath = getActive(resource);
    const resolve = method(environments, 'resolveEnvironment');
    if (resolve && envPath !== undefined) {
      const resolved: unknown = await resolve(envPath);
      const executable = isObject(resolved) ? resolved.executable : undefined;
      const uri = isObject(executable) ? executable.uri : undefined;
      const fsPath = isObject(uri) ? nonEmptyString(uri.fsPath) : undefined;
      if (fsPath) return fsPath;
    }
    const fromPath = isObject(envPath) ? nonEmptyString(envPath.path) : undefined;
    if (fromPath) return fromPath;
  }
  const details: unknown = method(api.settings, 'getExecutionDetails')?.(resource);
  const execCommand = isObject(details) ? details.execCommand : undefined;
  if (Array.isArray(execCommand)) return nonEmptyString(execCommand[0]);
  return undefined;
}

/** Subscribes to changes of the active interpreter, when the API offers that. */
export function onActiveInterpreterChange(api: unknown, listener: () => void): Disposable | undefined {
  const environments = isObject(api) ? api.environments : undefined;
  const event = isObject(environments) ? environments.onDidChangeActiveEnvironmentPath : undefined;
  if (typeof event !== 'function') return undefined;
  const subscription: unknown = (event as AnyFunction).call(environments, listener);
  return isObject(subscription) && typeof subscription.dispose === 'function' ? (subscription as Disposable) : undefined;
}
