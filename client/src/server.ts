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
import { restartReason, SOURCES, type PythonChoice } from './pythonChoice';
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
  /** `recheck`: run the interpreter checks again instead of trusting remembered ones. */
  findPython: (options: { recheck: boolean }) => Promise<PythonChoice>;
}

type Found = Extract<Resolution, { ok: true }>;

/** The server being started or running, and with which Python. */
interface Launch {
  client: LanguageClient;
  python: Found;
  recheck: boolean;
  running: boolean;
  /** The start's own full lookup, while it runs (it may restart the server). */
  confirming?: Promise<void>;
  /** Set once a restart is asked for: a lookup still confirming this launch has nothing to add. */
  replaced?: boolean;
}

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private process: ServerProcess | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly crashes = new CrashWindow();
  private stopping = false;
  private launch: Launch | undefined;
  /** Set when a server started with a remembered check died before it ran. */
  private recheckPending = false;
  /** Set when the last start found no Python to run the server with. */
  private noPython = false;
  /** Set by stop(): the extension is going away, and nothing may start again. */
  private disposed = false;

  constructor(private readonly deps: ServerDeps) {}

  start(): Promise<void> {
    return this.enqueue(() => (this.disposed ? Promise.resolve() : this.doStart()));
  }

  /** Stops the server and starts it again, re-resolving the interpreter. */
  restart(reason: string): Promise<void> {
    // The running launch is to be replaced: a lookup still confirming it has nothing to add.
    if (this.launch) this.launch.replaced = true;
    return this.enqueue(async () => {
      if (this.disposed) return;
      this.deps.output.info(`Restarting the server: ${reason}`);
      this.crashes.reset();
      await this.doStop();
      await this.doStart();
    });
  }

  stop(): Promise<void> {
    this.disposed = true;
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

  private async doStart(recheck = false): Promise<void> {
    const { output, status } = this.deps;
    status.setState('starting');
    const lookupStarted = Date.now();
    const { resolution: python, confirmation } = await this.deps.findPython({ recheck });
    for (const attempt of python.attempts) {
      if (attempt.problem !== undefined) output.info(`Not using ${attempt.command} (${SOURCES[attempt.source]}): it ${attempt.problem}`);
    }
    // One line the e2e reads: how long finding Python took, and what it ran.
    const remembered = python.ok && python.remembered ? ` (the check of ${python.command} is remembered)` : '';
    output.info(`Python lookup: ${Date.now() - lookupStarted} ms, Python processes started before the server: ${python.processes}${remembered}`);
    this.noPython = !python.ok;
    if (!python.ok) {
      output.error(python.message);
      status.setState('failed', python.message);
      void showPythonError(python.message, python.fromSetting);
      return;
    }
    const startedAs = python.executable === python.command ? '' : `, started as ${python.executable}`;
    output.info(`Using Python ${python.version.join('.')}: ${python.command} (${SOURCES[python.source]}${startedAs})`);
    const bundled = fs.existsSync(bundledLauncher(this.deps.extensionPath));
    const plan = launchPlan({ python: python.executable, extensionPath: this.deps.extensionPath, bundled, env: process.env });
    output.info(`Starting the server (${plan.mode}): ${plan.command} ${plan.args.join(' ')}`);

    const client = this.createClient(plan);
    this.client = client;
    const launch: Launch = { client, python, recheck, running: false };
    this.launch = launch;
    if (confirmation) launch.confirming = this.confirm(confirmation, launch);
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) {
        launch.running = true;
        status.setState('running');
      } else if (newState === State.Starting) status.setState('starting');
      else if (!this.stopping) status.setState('stopped', 'The checker stopped; click to restart it');
    });
    let failure: unknown;
    const spawned = Date.now();
    try {
      await client.start();
    } catch (error) {
      failure = error ?? 'failed';
    }
    // Checked whether start() failed or not: when the server exits during initialize, the
    // client's start() may resolve all the same.
    if (this.recheckPending) {
      // The Python may have changed in a way its file does not show (broken in place).
      this.recheckPending = false;
      output.warn(`The server did not start with ${python.command}, remembered as checked: checking that Python again`);
      await this.doStop();
      await this.doStart(true);
      return;
    }
    if (failure !== undefined) {
      const message = `The checker did not start: ${errorText(failure)}. See the output "mlops-report" for details.`;
      output.error(message);
      status.setState('failed', message);
      return;
    }
    const info = client.initializeResult?.serverInfo;
    const name = info ? `: ${info.name} ${info.version ?? ''}`.trimEnd() : '';
    output.info(`The server is running${name} (started in ${Date.now() - spawned} ms)`);
  }

  /** Once the full lookup has answered: restarts the server if it is to run on another Python. */
  private async confirm(confirmation: Promise<Resolution>, launch: Launch): Promise<void> {
    const { output } = this.deps;
    let confirmed: Resolution;
    try {
      confirmed = await confirmation;
    } catch (error) {
      output.warn(`Looking for Python failed: ${errorText(error)}`);
      return;
    }
    if (this.disposed || launch.replaced || this.launch !== launch || this.client !== launch.client) return;
    const reason = restartReason(launch.python, confirmed);
    if (!confirmed.ok) {
      output.warn(`${confirmed.message} The server keeps running with ${launch.python.command}.`);
    } else if (reason !== undefined) {
      void this.restart(reason); // marks the launch replaced at once
    } else {
      output.debug(`The Python extension's answer confirms ${launch.python.command}`);
    }
  }

  /**
   * Looks for Python again and restarts the server if it is to run elsewhere: the Python
   * extension's interpreter may have changed after the server's lookup and before its changes
   * were followed (it picks one while it activates, for instance).
   */
  async followPython(): Promise<void> {
    const launch = this.launch;
    await launch?.confirming; // the start's own lookup first: it may restart the server itself
    if (this.disposed || launch?.replaced || this.launch !== launch) return;
    if (launch === undefined && !this.noPython) return; // starting or stopped: nothing to follow
    const { resolution, confirmation } = await this.deps.findPython({ recheck: false });
    const latest = confirmation ?? Promise.resolve(resolution);
    if (launch) {
      await this.confirm(latest, launch);
      return;
    }
    // No Python at the start: one may have been picked since.
    if ((await latest).ok) {
      await this.enqueue(() => (this.noPython && !this.disposed ? this.doStart() : Promise.resolve()));
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.launch = undefined;
    if (!client) return;
    this.stopping = true;
    this.deps.output.info('Stopping the server');
    try {
      // A client whose start failed has nothing to stop, and says so by throwing.
      if (client.state !== State.Stopped) await client.dispose(STOP_TIMEOUT_MS);
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
        const launch = this.launch;
        if (launch && !launch.running && launch.python.remembered && !launch.recheck) {
          // doStart sees the failed start and checks the Python again, once.
          this.recheckPending = true;
          return { action: CloseAction.DoNotRestart, handled: true, message: 'The server stopped while starting.' };
        }
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
