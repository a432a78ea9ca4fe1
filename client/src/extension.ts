// Entry point: a thin client. All checking happens in the Python language server.
import * as vscode from 'vscode';
import { goToFailingQuestion } from './failingQuestions';
import { HandinPreview } from './handinPreview';
import { insertImage } from './insertImage';
import { makePythonFinder, watchPythonExtension } from './python';
import { QuestionView } from './questionView';
import { ServerController } from './server';
import { SECTION } from './settings';
import { ReportStatus } from './statusItem';

let controller: ServerController | undefined;
let output: vscode.LogOutputChannel | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // Not in context.subscriptions: VS Code disposes those while deactivate() is still stopping the
  // server, whose last words would then go to a closed channel. deactivate() closes it last.
  const log = vscode.window.createOutputChannel('mlops-report', { log: true });
  output = log;
  const status = new ReportStatus();
  const server = new ServerController({ extensionPath: context.extensionPath, output: log, status, findPython: makePythonFinder(context) });
  controller = server;
  const preview = new HandinPreview(context.extensionUri, server, log);
  const ask = (uri: vscode.Uri) => server.questions(uri);

  context.subscriptions.push(
    status,
    new QuestionView(status, ask),
    vscode.commands.registerCommand('mlopsReport.restartServer', () => server.restart('asked by the user')),
    vscode.commands.registerCommand('mlopsReport.showOutput', () => log.show(true)),
    vscode.commands.registerCommand('mlopsReport.insertImage', insertImage),
    preview,
    vscode.commands.registerCommand('mlopsReport.previewHandin', () => preview.show()),
    vscode.commands.registerCommand('mlopsReport.nextFailingQuestion', () => goToFailingQuestion('next', status, ask)),
    vscode.commands.registerCommand('mlopsReport.previousFailingQuestion', () => goToFailingQuestion('previous', status, ask)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Other settings reach the running server through workspace/configuration.
      if (event.affectsConfiguration(`${SECTION}.interpreter`)) void server.restart('the interpreter setting changed');
    }),
  );

  // The server first: following the Python extension activates it, which takes seconds of CPU
  // that the first squiggle need not share. Its interpreter only matters while the setting is empty.
  const followsExtension = (): boolean => vscode.workspace.getConfiguration(SECTION).get<string>('interpreter', '').trim() === '';
  void server.start().then(() =>
    watchPythonExtension(() => {
      if (followsExtension()) void server.restart("the Python extension's interpreter changed");
    }).then(
      (subscription) => {
        if (!subscription) return;
        context.subscriptions.push(subscription);
        // A change made before this subscription was not heard: look once more.
        if (followsExtension()) void server.followPython();
      },
      (error: unknown) => log.warn(`Could not follow the Python extension's interpreter: ${String(error)}`),
    ),
  );
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
  output?.dispose();
  output = undefined;
}
