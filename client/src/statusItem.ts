// The status bar item: the pass count of the report in view ("27/31 questions pass (B3)"), or the
// checker's state. A click goes to the next failing question.
import * as vscode from 'vscode';
import { pickReportEditor } from './editorChoice';
import { barView, REPORT_CONTEXT, statusView, type ClickAction, type ServerState, type Summary } from './status';

const CLICK: Record<ClickAction, string> = {
  problems: 'workbench.actions.view.problems',
  output: 'mlopsReport.showOutput',
  restart: 'mlopsReport.restartServer',
  'next-failing': 'mlopsReport.nextFailingQuestion',
};


export class ReportStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly summaries = new Map<string, Summary>();
  private readonly subscriptions: { dispose(): unknown }[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private state: ServerState = 'starting';
  private reason: string | undefined;
  private inView: boolean | undefined;
  private disposed = false;

  /** Fires when the report in view, or what is known about it, changes. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.item = vscode.window.createStatusBarItem('mlopsReport.summary', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'MLOps Report';
    this.subscriptions.push(
      this.item,
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
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

  /** The editor of the report in view (see pickReportEditor); undefined when there is none. */
  reportEditor(): vscode.TextEditor | undefined {
    return pickReportEditor(vscode.window.activeTextEditor, vscode.window.visibleTextEditors, (uri) => this.isReport(uri));
  }

  /** The latest summary of the document at `uri`. */
  summaryOf(uri: vscode.Uri): Summary | undefined {
    return this.summaries.get(uri.toString());
  }

  private isReport(uri: string): boolean {
    const text = this.summaries.get(uri)?.text;
    return text !== undefined && text !== '';
  }

  private refresh(): void {
    if (this.disposed) return; // the server's last state changes come while the window closes
    const document = this.reportEditor()?.document;
    const summary = document ? this.summaries.get(document.uri.toString()) : undefined;
    const view = statusView(this.state, summary, this.reason);
    if (!document || !view.shown) {
      this.item.hide();
    } else {
      const bar = barView(view);
      this.item.text = bar.text;
      this.item.tooltip = bar.tooltip;
      this.item.backgroundColor = bar.alarm ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
      this.item.command = CLICK[view.click];
      this.item.show();
    }
    const inView = document !== undefined && this.isReport(document.uri.toString());
    if (inView !== this.inView) {
      this.inView = inView;
      void vscode.commands.executeCommand('setContext', REPORT_CONTEXT, inView);
    }
    this.changed.fire();
  }

  dispose(): void {
    this.disposed = true;
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
