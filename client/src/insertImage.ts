// mlopsReport.insertImage: pick an image under figures/ next to the report, insert its link.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pickReportEditor } from './editorChoice';
import { FIGURES_FOLDER, imageLinkText, isImageFile, parseInsertTarget, sortImagePaths } from './imageLink';

const MAX_DEPTH = 4;
const MAX_FILES = 2000;

/** Image paths under `folder`, relative to it with "/"; [] when the folder does not exist. */
async function listImages(folder: vscode.Uri): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: vscode.Uri, prefix: string, depth: number): Promise<void> => {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      return;
    }
    for (const [name, type] of entries) {
      if (found.length >= MAX_FILES) return;
      if (type & vscode.FileType.Directory) {
        if (depth < MAX_DEPTH && !name.startsWith('.')) await walk(vscode.Uri.joinPath(dir, name), `${prefix}${name}/`, depth + 1);
      } else if (isImageFile(name)) {
        found.push(prefix + name);
      }
    }
  };
  await walk(folder, '', 0);
  return sortImagePaths(found);
}

async function targetEditor(uri: string | undefined): Promise<vscode.TextEditor | undefined> {
  // From the walkthrough's button no text editor is active: the report open beside it is meant.
  if (uri === undefined) return pickReportEditor(vscode.window.activeTextEditor, vscode.window.visibleTextEditors);
  const wanted = vscode.Uri.parse(uri);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === wanted.toString());
  return visible ?? vscode.window.showTextDocument(await vscode.workspace.openTextDocument(wanted));
}

export async function insertImage(...args: unknown[]): Promise<boolean> {
  const target = parseInsertTarget(args);
  const editor = await targetEditor(target.uri);
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showWarningMessage('MLOps Report: open the report (a Markdown file) to insert an image.');
    return false;
  }
  const document = editor.document;
  if (document.isUntitled) {
    void vscode.window.showWarningMessage(`MLOps Report: save the report first; images are taken from the ${FIGURES_FOLDER}/ folder next to it.`);
    return false;
  }
  const figures = document.uri.with({ path: path.posix.join(path.posix.dirname(document.uri.path), FIGURES_FOLDER) });
  const images = await listImages(figures);
  if (images.length === 0) {
    void vscode.window.showInformationMessage(
      `MLOps Report: no images in ${vscode.workspace.asRelativePath(figures)}. Put .png or .jpg files there, then try again.`,
    );
    return false;
  }
  const picked = await vscode.window.showQuickPick(
    images.map((image) => ({ label: image, description: imageLinkText(image) })),
    { title: 'Insert image', placeHolder: `An image from ${FIGURES_FOLDER}/ to link at the cursor` },
  );
  if (!picked) return false;
  const text = imageLinkText(picked.label);
  const position = target.position;
  const done = await editor.edit((builder) => {
    if (position) builder.insert(document.validatePosition(new vscode.Position(position.line, position.character)), text);
    else for (const selection of editor.selections) builder.replace(selection, text);
  });
  // Asked from a walkthrough beside the report: show the student where the link went.
  if (done && vscode.window.activeTextEditor !== editor) await vscode.window.showTextDocument(document, editor.viewColumn);
  return done;
}
