// Which editor holds "the report" for the status bar item, the question view and the commands.
// Pure, so the rule is unit-tested.

export interface EditorLike {
  document: { languageId: string; uri: { toString(): string } };
}

/**
 * The active editor when it shows Markdown. When no text editor is active (a walkthrough, the
 * settings or another webview has the focus), the visible Markdown editor beside it, a report
 * first. A text editor of another language means the student is working elsewhere: none.
 */
export function pickReportEditor<E extends EditorLike>(
  active: E | undefined,
  visible: readonly E[],
  isReport: (uri: string) => boolean = () => false,
): E | undefined {
  const markdown = (editor: E): boolean => editor.document.languageId === 'markdown';
  if (active) return markdown(active) ? active : undefined;
  const candidates = visible.filter(markdown);
  return candidates.find((editor) => isReport(editor.document.uri.toString())) ?? candidates[0];
}
