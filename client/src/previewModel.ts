// The hand-in preview's logic: the server's `mlopsReport/handinPreview` result (CONTRACT.md)
// checked, the block under a line, and what the webview is sent. Pure: no VS Code, no DOM.

export const PREVIEW_REQUEST = 'mlopsReport/handinPreview';

export interface PreviewFinding {
  code: string;
  severity: number;
  message: string;
}

export interface PreviewBlock {
  /** Zero-based first and last report line the block shows. */
  startLine: number;
  endLine: number;
  /** Where the block's HTML is in the page, in UTF-16 code units (JavaScript string indexes). */
  htmlStart: number;
  htmlEnd: number;
  findings: PreviewFinding[];
}

export interface PreviewPage {
  uri: string;
  version: number | null;
  html: string;
  blocks: PreviewBlock[];
}

/** One block as the webview needs it: the title to show on it, when it carries findings. */
export interface BlockView {
  title: string | null;
}

/** The message that shows a page in the webview. */
export interface PageMessage {
  type: 'page';
  html: string;
  blocks: BlockView[];
  reveal: number | null;
}

/** Messages to the webview. */
export type ToWebview =
  | PageMessage
  | { type: 'reveal'; block: number | null }
  | { type: 'notice'; text: string | null };

/** Messages from the webview. */
export type FromWebview = { type: 'ready' };

/** Whether a message from the webview says its script has loaded. */
export function isReady(message: unknown): message is FromWebview {
  return isRecord(message) && message.type === 'ready';
}

/** The comment put before each block's HTML, so the webview can find the block's elements. */
export const MARKER_PREFIX = 'mlops-block:';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function parseFinding(value: unknown): PreviewFinding | undefined {
  if (!isRecord(value)) return undefined;
  const { code, severity, message } = value;
  if (typeof code !== 'string' || typeof message !== 'string' || !isCount(severity)) return undefined;
  return { code, severity, message };
}

function lineOf(value: unknown, end: 'start' | 'end'): number | undefined {
  if (!isRecord(value)) return undefined;
  const position = value[end];
  return isRecord(position) && isCount(position.line) ? position.line : undefined;
}

function parseBlock(value: unknown): PreviewBlock | undefined {
  if (!isRecord(value) || !Array.isArray(value.findings)) return undefined;
  const startLine = lineOf(value.range, 'start');
  const endLine = lineOf(value.range, 'end');
  const { htmlStart, htmlEnd } = value;
  if (startLine === undefined || endLine === undefined || !isCount(htmlStart) || !isCount(htmlEnd)) return undefined;
  const findings = value.findings.map(parseFinding);
  if (findings.some((f) => f === undefined)) return undefined;
  return { startLine, endLine, htmlStart, htmlEnd, findings: findings as PreviewFinding[] };
}

/**
 * Checks a result against the contract; undefined when it does not follow it. Blocks that do not
 * lie in order inside the page are dropped (the page is still shown, unmarked).
 */
export function parsePreview(value: unknown): PreviewPage | undefined {
  if (!isRecord(value) || typeof value.uri !== 'string' || typeof value.html !== 'string') return undefined;
  const version = value.version ?? null;
  if (version !== null && !isCount(version)) return undefined;
  const html = value.html;
  const parsed = Array.isArray(value.blocks) ? value.blocks.map(parseBlock) : [undefined];
  let blocks: PreviewBlock[] = parsed.every((b) => b !== undefined) ? parsed : [];
  let at = 0;
  for (const b of blocks) {
    if (b.htmlStart < at || b.htmlEnd < b.htmlStart || b.htmlEnd > html.length || b.endLine < b.startLine) {
      blocks = [];
      break;
    }
    at = b.htmlEnd;
  }
  return { uri: value.uri, version, html, blocks };
}

/**
 * The block to show for a cursor on `line`: the first block holding the line (one line can
 * make two blocks), else the last block above it (a blank line goes with the text before it),
 * else the first block (the title `report.py` cuts lies above it).
 */
export function blockAtLine(blocks: readonly PreviewBlock[], line: number): number | null {
  if (blocks.length === 0) return null;
  // Binary search for the last block starting at or above the line (blocks are in order).
  let low = 0;
  let high = blocks.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((blocks[mid] as PreviewBlock).startLine <= line) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  while (found > 0 && (blocks[found - 1] as PreviewBlock).endLine >= line) found -= 1;
  return found;
}

/** The page with a marker comment before each block; comments change nothing that shows. */
export function markBlocks(html: string, blocks: readonly PreviewBlock[]): string {
  const parts: string[] = [];
  let at = 0;
  blocks.forEach((b, i) => {
    parts.push(html.slice(at, b.htmlStart), `<!--${MARKER_PREFIX}${i}-->`);
    at = b.htmlStart;
  });
  parts.push(html.slice(at));
  return parts.join('');
}

/** What hovering a marked block says: its findings' messages, or null when it has none. */
export function blockTitle(block: PreviewBlock): string | null {
  if (block.findings.length === 0) return null;
  return block.findings.map((f) => `${f.message} (${f.code})`).join('\n\n');
}

/** The message that shows a page, scrolled to the block under the cursor's line. */
export function pageMessage(page: PreviewPage, cursorLine: number | null): PageMessage {
  return {
    type: 'page',
    html: markBlocks(page.html, page.blocks),
    blocks: page.blocks.map((b) => ({ title: blockTitle(b) })),
    reveal: cursorLine === null ? null : blockAtLine(page.blocks, cursorLine),
  };
}

/**
 * Whether a result may be shown: it is about the document's version as the editor holds it now,
 * and not older than what is shown (answers can arrive out of order).
 */
export function isShowable(page: PreviewPage, documentVersion: number, shownVersion: number | null): boolean {
  if (page.version === null) return false;
  return page.version === documentVersion && (shownVersion === null || page.version >= shownVersion);
}

/** The JSON-RPC error code of a failed request, if it has one. */
export function errorCode(error: unknown): number | undefined {
  const code = isRecord(error) || error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return Number.isInteger(code) ? (code as number) : undefined;
}

/** The webview's page: the hand-in in a container, with a strict content security policy. */
export function previewShell(options: { cspSource: string; nonce: string; scriptUri: string; baseUri: string | null; title: string }): string {
  const { cspSource, nonce, scriptUri, baseUri, title } = options;
  const csp = [
    "default-src 'none'",
    // The report's images (from its folder, through the webview's resource URIs) and images on
    // the web, as the grader's browser loads them.
    `img-src ${cspSource} https: data:`,
    // Inline styles: a student's `style="..."` shows as in the hand-in. No script but ours.
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "form-action 'none'",
    `base-uri ${cspSource}`,
  ].join('; ');
  const base = baseUri === null ? '' : `<base href="${escapeAttribute(baseUri)}">`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
${base}
<title>${escapeText(title)}</title>
<style>${SHELL_STYLE}</style>
</head>
<body>
<div id="mlops-notice" hidden></div>
<div id="mlops-handin"></div>
<script nonce="${nonce}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>`;
}

// The hand-in has no stylesheet: a browser's own defaults, black on white. VS Code's webview
// styles are reverted for it; only the marks are ours, and they take no room.
const SHELL_STYLE = `
html { background: #fff; color-scheme: light; }
body { all: revert; background: #fff; color: #000; }
#mlops-handin, #mlops-handin * { all: revert; }
#mlops-handin .mlops-flagged { outline: 2px solid #e0a000; outline-offset: 3px; }
#mlops-handin .mlops-current { box-shadow: -10px 0 0 -6px #0078d4; }
#mlops-notice { font: 13px system-ui, sans-serif; background: #fff4ce; color: #3b2e00; padding: 6px 8px; border-bottom: 1px solid #e0c060; }
`;

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
