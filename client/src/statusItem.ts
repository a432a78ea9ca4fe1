// The language status item for Markdown: the summary of the report in the active editor.
import * as vscode from 'vscode';
import { statusView, type ClickAction, type ServerState, type Severity, type Summary } from './status';

const SEVERITY: Record<Severity, vscode.LanguageStatusSeverity> = {
  information: vscode.LanguageStatusSeverity.Information,
  warning: vscode.LanguageStatusSeverity.Warning,
  error: vscode.LanguageStatusSeverity.Error,
};

const CLICK: Record<ClickAction, vscode.Command> = {
  problems: { title: 'Show Problems', command: 'workbench.actions.view.problems' },
  output: { title: 'Show Output', command: 'mlopsReport.showOutput' },
  restart: { title: 'Restart', command: 'mlopsReport.restartServer' },
};

export class ReportStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly summaries = new Map<string, Summary>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: ServerState = 'starting';
  private reason: string | undefined;

  constructor(selector: vscode.DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem('mlopsReport.summary', selector);
    this.item.name = 'MLOps Report';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.summaries.delete(document.uri.toString());
      }),
    );
    this.refresh();
  }

  setState(state: ServerState, reason?: string): void {
    this.state = state;
    this.reason = reason;
    // A new server process re-checks every open document: drop what the old one said.
    if (state === 'starting') this.summaries.clear();
    this.refresh();
  }

  setSummary(summary: Summary): void {
    // Normalize the URI's spelling (percent-encoding, drive letter case) to VS Code's.
    this.summaries.set(vscode.Uri.parse(summary.uri).toString(), summary);
    this.refresh();
  }

  private refresh(): void {
    const document = vscode.window.activeTextEditor?.document;
    const summary = document ? this.summaries.get(document.uri.toString()) : undefined;
    const view = statusView(this.state, summary, this.reason);
    this.item.text = view.text;
    this.item.detail = view.detail;
    this.item.severity = SEVERITY[view.severity];
    this.item.busy = view.busy;
    this.item.command = CLICK[view.click];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
