// The commands Next Failing Question and Previous Failing Question: move the cursor to the heading
// of the report's next (or previous) question that report.py check fails, wrapping around.
import * as vscode from 'vscode';
import { failingTarget, type Direction } from './questions';
import type { AskQuestions } from './questionView';
import type { ReportStatus } from './statusItem';

export async function goToFailingQuestion(direction: Direction, status: ReportStatus, ask: AskQuestions): Promise<boolean> {
  const editor = status.reportEditor();
  if (!editor) {
    void vscode.window.showInformationMessage('MLOps Report: open the report to go to its failing questions.');
    return false;
  }
  // Asked now, about the text as it is: an edit since the last analysis has moved the headings.
  const list = await ask(editor.document.uri);
  if (!list) {
    void vscode.window.showInformationMessage('MLOps Report: this document is not an exam report, or the checker is not running.');
    return false;
  }
  const target = failingTarget(list.questions, editor.selection.active.line, direction);
  if (!target) {
    const why = list.stopped ?? 'every question passes report.py check.';
    void vscode.window.showInformationMessage(`MLOps Report: no failing question; ${why}`);
    return false;
  }
  const start = new vscode.Position(target.line, target.character);
  const shown = await vscode.window.showTextDocument(editor.document, {
    viewColumn: editor.viewColumn,
    selection: new vscode.Range(start, start),
  });
  shown.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}
