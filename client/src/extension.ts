// Entry point: a thin client. All checking happens in the Python language server.
import * as vscode from 'vscode';
import { HandinPreview } from './handinPreview';
import { insertImage } from './insertImage';
import { findPython, watchPythonExtension } from './python';
import { DOCUMENT_SELECTOR, ServerController } from './server';
import { SECTION } from './settings';
import { ReportStatus } from './statusItem';

let controller: ServerController | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('mlops-report', { log: true });
  const status = new ReportStatus(DOCUMENT_SELECTOR);
  const server = new ServerController({ extensionPath: context.extensionPath, output, status, findPython });
  controller = server;
  const preview = new HandinPreview(context.extensionUri, server, output);

  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('mlopsReport.restartServer', () => server.restart('asked by the user')),
    vscode.commands.registerCommand('mlopsReport.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('mlopsReport.insertImage', insertImage),
    preview,
    vscode.commands.registerCommand('mlopsReport.previewHandin', () => preview.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Other settings reach the running server through workspace/configuration.
      if (event.affectsConfiguration(`${SECTION}.interpreter`)) void server.restart('the interpreter setting changed');
    }),
  );

  // The Python extension's interpreter only matters while the setting is empty.
  void watchPythonExtension(() => {
    if (vscode.workspace.getConfiguration(SECTION).get<string>('interpreter', '').trim() === '') {
      void server.restart("the Python extension's interpreter changed");
    }
  }).then(
    (subscription) => subscription && context.subscriptions.push(subscription),
    (error: unknown) => output.warn(`Could not follow the Python extension's interpreter: ${String(error)}`),
  );

  void server.start();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
