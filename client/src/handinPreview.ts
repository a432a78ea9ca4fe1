// mlopsReport.previewHandin: the hand-in page (what `report.py html` makes) in a webview beside
// the editor, from the server's `mlopsReport/handinPreview` request. It follows one report: its
// text (asked again after typing stops, and shown only for the version the editor holds) and its
// cursor (the block under it is scrolled into view).
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  PREVIEW_REQUEST,
  blockAtLine,
  errorCode,
  isReady,
  isShowable,
  pageMessage,
  parsePreview,
  previewShell,
  type PreviewPage,
  type ToWebview,
} from './previewModel';

/** The one thing the preview needs of the language server. */
export interface PreviewServer {
  /** Sends a request to the running server; rejects when none is running. */
  request(method: string, params: unknown): Promise<unknown>;
}

const VIEW_TYPE = 'mlopsReport.handinPreview';
const DEBOUNCE_MS = 250;
const RETRY_MS = 2000;
const CONTENT_MODIFIED = -32801;

export class HandinPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private shown: PreviewPage | undefined;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastReveal: number | null = null;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly server: PreviewServer,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document && event.contentChanges.length > 0) this.schedule(DEBOUNCE_MS);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document === this.document) this.reveal(event.selections[0]?.active.line ?? null);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document === this.document) this.notice('The report was closed: this is the hand-in as it last was.');
      }),
    ];
  }

  /** Opens the preview beside the active editor's Markdown document, or turns it to it. */
  show(): void {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId !== 'markdown') {
      void vscode.window.showWarningMessage('MLOps Report: open the report (a Markdown file) to preview its hand-in.');
      return;
    }
    const document = editor.document;
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'out')];
    const folder = document.uri.scheme === 'file' ? vscode.Uri.file(path.dirname(document.uri.fsPath)) : undefined;
    if (folder) roots.push(folder);
    const title = `Hand-in: ${path.basename(document.uri.path) || 'report'}`;
    if (this.panel === undefined) {
      this.panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, localResourceRoots: roots },
      );
      this.panel.onDidDispose(() => this.closed());
      // A hidden webview is torn down: ask for nothing until its script says it is back.
      this.panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.visible) this.ready = false;
      });
      this.panel.webview.onDidReceiveMessage((message: unknown) => {
        if (isReady(message)) this.onReady();
      });
    } else {
      this.panel.webview.options = { enableScripts: true, localResourceRoots: roots };
      this.panel.title = title;
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    if (this.document === document && this.ready) return;
    this.document = document;
    this.shown = undefined;
    this.ready = false;
    const webview = this.panel.webview;
    this.panel.webview.html = previewShell({
      cspSource: webview.cspSource,
      nonce: nonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'preview.js')).toString(),
      // Images are linked as written, relative to the report: resolved in its folder.
      baseUri: folder ? `${webview.asWebviewUri(folder).toString()}/` : null,
      title,
    });
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private closed(): void {
    this.panel = undefined;
    this.document = undefined;
    this.shown = undefined;
    this.ready = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The webview's script has loaded (first time, or again after the panel was hidden). */
  private onReady(): void {
    this.ready = true;
    this.lastReveal = null;
    if (this.shown) this.post(pageMessage(this.shown, this.cursorLine()));
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  /** Asks for the page of the document's current version and shows it if still current. */
  private async refresh(): Promise<void> {
    const document = this.document;
    if (!document || !this.ready) return;
    const version = document.version;
    let raw: unknown;
    try {
      raw = await this.server.request(PREVIEW_REQUEST, { textDocument: { uri: document.uri.toString(), version } });
    } catch (error) {
      if (document !== this.document) return;
      const code = errorCode(error);
      if (code === CONTENT_MODIFIED) return; // the server has newer text: a refresh follows it
      const reason = error instanceof Error ? error.message : String(error);
      // No server (starting, restarting): try again. A refusal stands until the text changes.
      const retry = code === undefined;
      this.notice(`The hand-in could not be updated: ${reason}${retry ? '. Trying again…' : ''}`);
      if (retry && this.timer === undefined) this.schedule(RETRY_MS);
      return;
    }
    const page = parsePreview(raw);
    if (!page) {
      this.output.warn(`Ignored a malformed ${PREVIEW_REQUEST} result`);
      this.notice('The checker answered in a form this extension does not understand: restart VS Code after updating it.');
      return;
    }
    // Typing went on while the page was made: the next refresh shows the newer text.
    if (document !== this.document || !isShowable(page, document.version, this.shown?.version ?? null)) return;
    this.shown = page;
    const message = pageMessage(page, this.cursorLine());
    this.lastReveal = message.reveal;
    this.post(message);
    this.notice(null);
  }

  private reveal(line: number | null): void {
    if (!this.shown || line === null) return;
    const block = blockAtLine(this.shown.blocks, line);
    if (block === this.lastReveal) return;
    this.lastReveal = block;
    this.post({ type: 'reveal', block });
  }

  private cursorLine(): number | null {
    const active = vscode.window.activeTextEditor;
    const editor = active?.document === this.document ? active : vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    return editor ? editor.selection.active.line : null;
  }

  private notice(text: string | null): void {
    this.post({ type: 'notice', text });
  }

  private post(message: ToWebview): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }
}

function nonce(): string {
  return randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}
