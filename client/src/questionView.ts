// The question view (Explorer, "Report Questions"): every question of the report in view with its
// status; a click goes to its heading. It is asked again after each analysis the server publishes.
// VS Code's Outline keeps Markdown's headings alone (see the middleware in server.ts).
import * as vscode from 'vscode';
import {
  groupBySection,
  QUESTION_VIEW,
  questionState,
  sectionDescription,
  type QuestionInfo,
  type QuestionList,
  type QuestionState,
  type SectionGroup,
} from './questions';
import type { ReportStatus } from './statusItem';

/** Asks the server for the questions of the document at `uri` (undefined: none to show). */
export type AskQuestions = (uri: vscode.Uri) => Promise<QuestionList | undefined>;

type Node =
  | { kind: 'stopped'; text: string }
  | { kind: 'section'; group: SectionGroup; index: number }
  | { kind: 'question'; question: QuestionInfo; index: number };

const ICONS: Record<QuestionState, vscode.ThemeIcon> = {
  failing: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  problems: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  passing: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  unchecked: new vscode.ThemeIcon('circle-outline'),
};

export class QuestionView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly subscriptions: { dispose(): unknown }[] = [];
  private list: QuestionList | undefined;
  private document: vscode.Uri | undefined;
  /** `uri@version` of the summary last asked about: one request per published analysis. */
  private asked: string | undefined;

  constructor(
    private readonly status: ReportStatus,
    private readonly ask: AskQuestions,
  ) {
    this.view = vscode.window.createTreeView(QUESTION_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(this.view, this.changed, status.onDidChange(() => void this.update()));
    void this.update();
  }

  private async update(): Promise<void> {
    const uri = this.status.reportEditor()?.document.uri;
    const summary = uri ? this.status.summaryOf(uri) : undefined;
    const key = uri && summary && summary.text !== '' ? `${uri.toString()}@${String(summary.version)}` : undefined;
    if (key === this.asked) return;
    this.asked = key;
    const list = uri && key ? await this.ask(uri) : undefined;
    if (this.asked !== key) return; // a newer analysis came meanwhile; its own update follows
    this.list = list;
    this.document = uri;
    this.view.description = list && summary ? summary.text : undefined;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const list = this.list;
    if (!list) return [];
    if (node?.kind === 'section') return node.group.questions.map((question) => ({ kind: 'question', question, index: list.questions.indexOf(question) }));
    if (node) return [];
    const groups = groupBySection(list.questions);
    const top: Node[] = list.stopped ? [{ kind: 'stopped', text: list.stopped }] : [];
    const [only] = groups;
    if (groups.length === 1 && only && only.title === null) {
      return top.concat(only.questions.map((question, index) => ({ kind: 'question', question, index })));
    }
    return top.concat(groups.map((group, index) => ({ kind: 'section', group, index })));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'stopped': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
        item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
        return item;
      }
      case 'section': {
        const item = new vscode.TreeItem(node.group.title ?? 'Before the first section', vscode.TreeItemCollapsibleState.Expanded);
        item.id = `section:${String(node.index)}:${node.group.title ?? ''}`;
        item.description = sectionDescription(node.group);
        return item;
      }
      case 'question':
        return this.questionItem(node.question, node.index);
    }
  }

  private questionItem(question: QuestionInfo, index: number): vscode.TreeItem {
    const item = new vscode.TreeItem(question.title, vscode.TreeItemCollapsibleState.None);
    item.id = `question:${String(index)}`;
    item.description = question.status;
    const state = questionState(question, this.list ?? { stopped: null });
    item.iconPath = ICONS[state];
    const verdict = {
      failing: 'fails report.py check',
      problems: `${String(question.problems)} ${question.problems === 1 ? 'problem' : 'problems'} (see the Problems panel)`,
      passing: 'passes report.py check, nothing wrong',
      unchecked: 'not checked against a limit',
    }[state];
    item.tooltip = new vscode.MarkdownString().appendMarkdown(`**${question.title}**: ${verdict}\n\n`).appendText(question.prompt);
    if (this.document) {
      const start = new vscode.Position(question.line, question.character);
      const options: vscode.TextDocumentShowOptions = { selection: new vscode.Range(start, start) };
      item.command = { title: 'Go to the Question', command: 'vscode.open', arguments: [this.document, options] };
    }
    return item;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
