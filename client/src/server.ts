// Owns the language client: finds Python, starts the server, restarts it (capped) after crashes.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  ResponseError,
  RevealOutputChannelOn,
  State,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type MessageSignature,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CrashWindow } from './crashPolicy';
import type { Resolution } from './interpreter';
import { bundledLauncher, launchPlan, type LaunchPlan } from './launch';
import { parseQuestionList, QUESTIONS_REQUEST, type QuestionList } from './questions';
import { ServerProcess } from './serverProcess';
import { sanitizeConfiguration, SECTION } from './settings';
import { parseSummary } from './status';
import type { ReportStatus } from './statusItem';

/** Typed structurally so it fits both VS Code and LSP selectors. */
export const DOCUMENT_SELECTOR: { scheme: string; language: string }[] = [
  { scheme: 'file', language: 'markdown' },
  { scheme: 'untitled', language: 'markdown' },
];

const SUMMARY_NOTIFICATION = 'mlopsReport/summary';

const SOURCES: Record<Resolution['attempts'][number]['source'], string> = {
  setting: 'the mlopsReport.interpreter setting',
  'python-extension': "the Python extension's interpreter",
  path: 'from PATH',
};
const STOP_TIMEOUT_MS = 3000;

/** A client that takes a request failing because the client is stopping for no error. */
class ReportClient extends LanguageClient {
  // Requests VS Code makes while the window closes race the stop ("Starting server failed").
  override handleFailedRequest<T>(type: MessageSignature, token: vscode.CancellationToken | undefined, error: unknown, defaultValue: T, showNotification?: boolean): T {
    if (this.state !== State.Running) return defaultValue;
    return super.handleFailedRequest(type, token, error, defaultValue, showNotification);
  }
}

export interface ServerDeps {
  extensionPath: string;
  output: vscode.LogOutputChannel;
  status: ReportStatus;
  findPython: () => Promise<Resolution>;
}

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private process: ServerProcess | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly crashes = new CrashWindow();
  private stopping = false;

  constructor(private readonly deps: ServerDeps) {}

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  /** Stops the server and starts it again, re-resolving the interpreter. */
  restart(reason: string): Promise<void> {
    return this.enqueue(async () => {
      this.deps.output.info(`Restarting the server: ${reason}`);
      this.crashes.reset();
      await this.doStop();
      await this.doStart();
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  dispose(): void {
    void this.stop();
  }

  /** Sends a request to the running server; rejects when none is running. */
  async request(method: string, params: unknown): Promise<unknown> {
    const client = this.client;
    if (!client?.isRunning()) throw new Error('the checker is not running');
    return client.sendRequest(method, params);
  }

  /** The server's question list for the document at `uri`; undefined when there is none. */
  async questions(uri: vscode.Uri): Promise<QuestionList | undefined> {
    const client = this.client;
    if (!client?.isRunning()) return undefined;
    try {
      const params = { textDocument: { uri: client.code2ProtocolConverter.asUri(uri) } };
      return parseQuestionList(await client.sendRequest(QUESTIONS_REQUEST, params));
    } catch (error) {
      this.deps.output.debug(`${QUESTIONS_REQUEST}: ${errorText(error)}`);
      return undefined;
    }
  }

  // Start/stop/restart never overlap: each waits for the previous one.
  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch((error: unknown) => this.deps.output.error(`Server control failed: ${String(error)}`));
    return this.queue;
  }

  private async doStart(): Promise<void> {
    const { output, status } = this.deps;
    status.setState('starting');
    const python = await this.deps.findPython();
    for (const attempt of python.attempts) {
      if (attempt.problem !== undefined) output.info(`Not using ${attempt.command} (${SOURCES[attempt.source]}): it ${attempt.problem}`);
    }
    if (python.ok) output.info(`Using Python ${python.version.join('.')}: ${python.command} (${SOURCES[python.source]})`);
    if (!python.ok) {
      output.error(python.message);
      status.setState('failed', python.message);
      void showPythonError(python.message, python.fromSetting);
      return;
    }
    const bundled = fs.existsSync(bundledLauncher(this.deps.extensionPath));
    const plan = launchPlan({ python: python.command, extensionPath: this.deps.extensionPath, bundled, env: process.env });
    output.info(`Starting the server (${plan.mode}): ${plan.command} ${plan.args.join(' ')}`);

    const client = this.createClient(plan);
    this.client = client;
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) status.setState('running');
      else if (newState === State.Starting) status.setState('starting');
      else if (!this.stopping) status.setState('stopped', 'The checker stopped; click to restart it');
    });
    try {
      await client.start();
      const info = client.initializeResult?.serverInfo;
      output.info(`The server is running${info ? `: ${info.name} ${info.version ?? ''}`.trimEnd() : ''}`);
    } catch (error) {
      const message = `The checker did not start: ${errorText(error)}. See the output "mlops-report" for details.`;
      output.error(message);
      status.setState('failed', message);
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.stopping = true;
    this.deps.output.info('Stopping the server');
    try {
      await client.dispose(STOP_TIMEOUT_MS);
      const code = await this.process?.stop(STOP_TIMEOUT_MS);
      this.process = undefined;
      this.deps.output.info(`The server has stopped${code === undefined ? '' : ` (exit code ${String(code)})`}`);
    } catch (error) {
      this.deps.output.warn(`Stopping the server: ${errorText(error)}`);
    } finally {
      this.stopping = false;
    }
  }

  private createClient(plan: LaunchPlan): LanguageClient {
    const { output, status } = this.deps;
    // Started here, not by the client: see serverProcess.ts. Called again for each restart.
    const serverOptions: ServerOptions = () => {
      const process = new ServerProcess(plan.command, plan.args, plan.env, output);
      this.process = process;
      return Promise.resolve(process.streams);
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: output,
      traceOutputChannel: output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      synchronize: {
        configurationSection: SECTION,
        fileEvents: vscode.workspace.createFileSystemWatcher('**/figures/**'),
      },
      errorHandler: this.errorHandler(),
      middleware: {
        // VS Code's Outline and breadcrumbs keep Markdown's headings alone: the question view
        // shows each question's status. (Other editors still get the server's symbols.)
        provideDocumentSymbols: () => [],
        workspace: {
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (result instanceof ResponseError) return result;
            return sanitizeConfiguration(params.items, result, (problem) => output.warn(`Setting mlopsReport.${problem}`));
          },
        },
      },
    };
    const client = new ReportClient('mlopsReport', 'MLOps Report', serverOptions, clientOptions);
    client.onNotification(SUMMARY_NOTIFICATION, (params: unknown) => {
      const summary = parseSummary(params);
      if (summary) status.setSummary(summary);
      else output.warn(`Ignored a malformed ${SUMMARY_NOTIFICATION}: ${JSON.stringify(params)}`);
    });
    return client;
  }

  private errorHandler(): ErrorHandler {
    return {
      error: (_error, _message, count): ErrorHandlerResult => ({
        // A few broken messages can be survived; a stream of them means the pipe is gone.
        action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
      }),
      closed: (): CloseHandlerResult => {
        if (this.stopping) return { action: CloseAction.DoNotRestart, handled: true };
        if (this.crashes.record(Date.now()) === 'restart') {
          this.deps.output.warn(`The server exited unexpectedly; restarting it (${this.crashes.recent} in the last 3 minutes).`);
          return { action: CloseAction.Restart, handled: true };
        }
        const message = `MLOps Report: the checker crashed ${this.crashes.recent} times in 3 minutes and was stopped.`;
        this.deps.output.error(message);
        this.deps.status.setState('stopped', message);
        void vscode.window.showErrorMessage(message, 'Restart', 'Show Output').then((choice) => {
          if (choice === 'Restart') void this.restart('asked after crashes');
          else if (choice === 'Show Output') this.deps.output.show();
        });
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    };
  }
}

async function showPythonError(message: string, fromSetting: boolean): Promise<void> {
  const openSetting = fromSetting ? 'Fix the Setting' : 'Set Interpreter';
  const choice = await vscode.window.showErrorMessage(message, openSetting, 'Show Output');
  if (choice === openSetting) {
    await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.interpreter`);
  } else if (choice === 'Show Output') {
    await vscode.commands.executeCommand('mlopsReport.showOutput');
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
