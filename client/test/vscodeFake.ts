// A fake `vscode` and `vscode-languageclient/node` for testing the server controller outside VS
// Code. Imported first by such a test: it answers Node's `require` of either module.
import Module from 'node:module';

export class FakeClient {
  static created: FakeClient[] = [];
  state = 1; // Stopped
  disposed = false;
  initializeResult = { serverInfo: { name: 'mlops-report', version: 'test' } };
  private readonly listeners: ((event: { newState: number }) => void)[] = [];

  constructor(
    readonly id: string,
    readonly name: string,
  ) {
    FakeClient.created.push(this);
  }

  start(): Promise<void> {
    this.state = 2; // Running
    for (const listener of this.listeners) listener({ newState: 2 });
    return Promise.resolve();
  }

  dispose(): Promise<void> {
    this.disposed = true;
    this.state = 1;
    return Promise.resolve();
  }

  isRunning(): boolean {
    return this.state === 2;
  }

  onDidChangeState(listener: (event: { newState: number }) => void): void {
    this.listeners.push(listener);
  }

  onNotification(): void {}

  handleFailedRequest<T>(_type: unknown, _token: unknown, _error: unknown, value: T): T {
    return value;
  }
}

const fakes: Record<string, unknown> = {
  vscode: {
    workspace: { createFileSystemWatcher: () => ({ dispose: () => undefined }) },
    window: { showErrorMessage: () => Promise.resolve(undefined) },
    commands: { executeCommand: () => Promise.resolve(undefined) },
  },
  'vscode-languageclient/node': {
    LanguageClient: FakeClient,
    State: { Stopped: 1, Running: 2, Starting: 3 },
    CloseAction: { DoNotRestart: 1, Restart: 2 },
    ErrorAction: { Continue: 1, Shutdown: 2 },
    RevealOutputChannelOn: { Never: 4 },
    ResponseError: class extends Error {},
  },
};

type Load = (request: string, ...rest: unknown[]) => unknown;
const loader = Module as unknown as { _load: Load };
const load = loader._load;
loader._load = function (this: unknown, request: string, ...rest: unknown[]): unknown {
  return request in fakes ? fakes[request] : load.call(this, request, ...rest);
};
