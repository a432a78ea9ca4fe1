// Runs inside the hand-in preview's webview: shows the page it is sent, marks the blocks that
// carry hand-in findings and scrolls to the block under the editor's cursor. Knows no VS Code
// API beyond messages; the extension decides what to show (client/src/previewModel.ts).
import { MARKER_PREFIX, type BlockView, type FromWebview, type ToWebview } from '../src/previewModel';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const handin = document.getElementById('mlops-handin') as HTMLElement;
const notice = document.getElementById('mlops-notice') as HTMLElement;
let blockElements: Element[][] = [];
let current: number | null = null;

/** The elements of each block: those after its marker comment, up to the next marker. */
function findBlocks(root: HTMLElement, count: number): Element[][] {
  const found: Element[][] = Array.from({ length: count }, () => []);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    if (!text.startsWith(MARKER_PREFIX)) continue;
    const index = Number(text.slice(MARKER_PREFIX.length));
    const elements = found[index];
    if (elements === undefined) continue;
    for (let next = node.nextSibling; next !== null; next = next.nextSibling) {
      if (next.nodeType === Node.COMMENT_NODE && (next.nodeValue ?? '').startsWith(MARKER_PREFIX)) break;
      if (next instanceof Element) elements.push(next);
    }
  }
  return found;
}

function showPage(html: string, blocks: BlockView[], reveal: number | null): void {
  handin.innerHTML = html;
  blockElements = findBlocks(handin, blocks.length);
  blocks.forEach((block, i) => {
    if (block.title === null) return;
    for (const element of blockElements[i] ?? []) {
      element.classList.add('mlops-flagged');
      element.setAttribute('title', block.title);
    }
  });
  current = null;
  showBlock(reveal);
}

function inView(element: Element): boolean {
  const box = element.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight;
}

function showBlock(index: number | null): void {
  if (current !== null) for (const element of blockElements[current] ?? []) element.classList.remove('mlops-current');
  current = index;
  const elements = index === null ? [] : (blockElements[index] ?? []);
  for (const element of elements) element.classList.add('mlops-current');
  const first = elements[0];
  // Scroll only when the block is not in view already: typing in a paragraph keeps the page still.
  if (first !== undefined && !inView(first)) {
    const tall = first.getBoundingClientRect().height > window.innerHeight / 2;
    first.scrollIntoView({ block: tall ? 'start' : 'center' });
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message.type === 'page') showPage(message.html, message.blocks, message.reveal);
  else if (message.type === 'reveal') showBlock(message.block);
  else {
    notice.textContent = message.text ?? '';
    notice.hidden = message.text === null;
  }
});

vscode.postMessage({ type: 'ready' });
