import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MARKER_PREFIX,
  blockAtLine,
  blockTitle,
  errorCode,
  isReady,
  isShowable,
  markBlocks,
  pageMessage,
  parsePreview,
  previewShell,
  type PreviewBlock,
  type PreviewPage,
} from '../src/previewModel';

const range = (start: number, end: number) => ({ start: { line: start, character: 0 }, end: { line: end, character: 9 } });
const HTML = '<p>Operations</p>\n<p>We used:\n- a\n- b</p>\n<h3>Question 2</h3>';
const at = (piece: string) => ({ htmlStart: HTML.indexOf(piece), htmlEnd: HTML.indexOf(piece) + piece.length });
const RESULT = {
  uri: 'file:///r/README.md',
  version: 7,
  html: HTML,
  blocks: [
    { range: range(0, 0), ...at('<p>Operations</p>'), findings: [{ code: 'handin-title-cut', severity: 3, message: 'The title is cut.', range: range(0, 0) }] },
    { range: range(2, 4), ...at('<p>We used:\n- a\n- b</p>'), findings: [{ code: 'handin-list-blank-line', severity: 2, message: 'Add a blank line.', range: range(3, 4) }] },
    { range: range(6, 6), ...at('<h3>Question 2</h3>'), findings: [] },
  ],
};

function block(startLine: number, endLine: number): PreviewBlock {
  return { startLine, endLine, htmlStart: 0, htmlEnd: 0, findings: [] };
}

describe('parsePreview', () => {
  it('accepts the contract shape', () => {
    const page = parsePreview(RESULT);
    assert.ok(page);
    assert.equal(page.version, 7);
    assert.equal(page.html, HTML);
    assert.deepEqual(
      page.blocks.map((b) => [b.startLine, b.endLine, HTML.slice(b.htmlStart, b.htmlEnd)]),
      [
        [0, 0, '<p>Operations</p>'],
        [2, 4, '<p>We used:\n- a\n- b</p>'],
        [6, 6, '<h3>Question 2</h3>'],
      ],
    );
    assert.deepEqual(page.blocks[1]?.findings, [{ code: 'handin-list-blank-line', severity: 2, message: 'Add a blank line.' }]);
  });
  it('rejects what is not a page', () => {
    assert.equal(parsePreview(null), undefined);
    assert.equal(parsePreview([]), undefined);
    assert.equal(parsePreview({ ...RESULT, html: 3 }), undefined);
    assert.equal(parsePreview({ ...RESULT, uri: undefined }), undefined);
    assert.equal(parsePreview({ ...RESULT, version: 1.5 }), undefined);
    assert.equal(parsePreview({ ...RESULT, version: '7' }), undefined);
  });
  it('keeps the page but drops a map that does not fit it', () => {
    const outside = { ...RESULT, blocks: [{ ...RESULT.blocks[0], htmlEnd: HTML.length + 1 }] };
    const backwards = { ...RESULT, blocks: [RESULT.blocks[1], RESULT.blocks[0]] };
    const malformed = { ...RESULT, blocks: [{ ...RESULT.blocks[0], findings: [{ code: 1 }] }] };
    for (const result of [outside, backwards, malformed, { ...RESULT, blocks: 'x' }]) {
      const page = parsePreview(result);
      assert.equal(page?.html, HTML);
      assert.deepEqual(page.blocks, []);
    }
  });
  it('takes a missing version as none', () => {
    assert.equal(parsePreview({ ...RESULT, version: undefined })?.version, null);
  });
});

describe('blockAtLine', () => {
  const blocks = [block(2, 4), block(6, 6), block(8, 12), block(12, 12)];
  it('finds the block holding the line', () => {
    assert.equal(blockAtLine(blocks, 2), 0);
    assert.equal(blockAtLine(blocks, 4), 0);
    assert.equal(blockAtLine(blocks, 6), 1);
    assert.equal(blockAtLine(blocks, 10), 2);
  });
  it('takes a line between blocks with the block above it', () => {
    assert.equal(blockAtLine(blocks, 5), 0);
    assert.equal(blockAtLine(blocks, 7), 1);
    assert.equal(blockAtLine(blocks, 500), 3);
  });
  it('takes a line above the first block (the title report.py cuts) to the first', () => {
    assert.equal(blockAtLine(blocks, 0), 0);
  });
  it('gives the first of blocks one line makes', () => {
    const shared = [block(1, 1), block(3, 3), block(3, 3), block(5, 5)];
    assert.equal(blockAtLine(shared, 3), 1);
    assert.equal(blockAtLine(shared, 4), 2);
    assert.equal(blockAtLine(blocks, 12), 2);
  });
  it('has nothing to give without blocks', () => {
    assert.equal(blockAtLine([], 3), null);
  });
  it('agrees with a plain scan on many block lists', () => {
    for (let seed = 1; seed < 200; seed++) {
      const list: PreviewBlock[] = [];
      let line = seed % 3;
      for (let i = 0; i < (seed % 17) + 1; i++) {
        const start = line + ((seed * (i + 1)) % 3);
        const end = start + ((seed + i) % 4);
        list.push(block(start, end));
        line = end + ((seed + 2 * i) % 3);
      }
      for (let probe = 0; probe < line + 3; probe++) {
        let want = list.findIndex((b) => b.startLine <= probe && probe <= b.endLine);
        if (want === -1) {
          want = 0;
          list.forEach((b, i) => {
            if (b.startLine <= probe) want = i;
          });
        }
        assert.equal(blockAtLine(list, probe), want, `seed ${seed} line ${probe}`);
      }
    }
  });
});

describe('markBlocks', () => {
  it('puts a marker comment before each block and changes nothing else', () => {
    const page = parsePreview(RESULT) as PreviewPage;
    const marked = markBlocks(page.html, page.blocks);
    assert.equal(marked.replace(/<!--mlops-block:\d+-->/g, ''), HTML);
    assert.equal(marked.indexOf(`<!--${MARKER_PREFIX}1--><p>We used:`), HTML.indexOf('<p>We used:') + `<!--${MARKER_PREFIX}0-->`.length);
  });
  it('counts offsets in UTF-16, as the server sends them to VS Code', () => {
    const html = '<p>😀 ✓</p>\n<p>b</p>';
    const second = html.indexOf('<p>b');
    const marked = markBlocks(html, [{ ...block(0, 0), htmlStart: 0, htmlEnd: 10 }, { ...block(2, 2), htmlStart: second, htmlEnd: html.length }]);
    assert.equal(marked, `<!--${MARKER_PREFIX}0--><p>😀 ✓</p>\n<!--${MARKER_PREFIX}1--><p>b</p>`);
  });
});

describe('pageMessage', () => {
  it('titles the blocks with findings and reveals the block under the cursor', () => {
    const page = parsePreview(RESULT) as PreviewPage;
    const message = pageMessage(page, 3);
    assert.equal(message.type, 'page');
    assert.deepEqual(message.blocks, [
      { title: 'The title is cut. (handin-title-cut)' },
      { title: 'Add a blank line. (handin-list-blank-line)' },
      { title: null },
    ]);
    assert.equal(message.reveal, 1);
    assert.equal(pageMessage(page, null).reveal, null);
  });
  it('joins several findings on one block', () => {
    const b = { ...block(0, 0), findings: [{ code: 'a', severity: 2, message: 'One.' }, { code: 'b', severity: 4, message: 'Two.' }] };
    assert.equal(blockTitle(b), 'One. (a)\n\nTwo. (b)');
  });
});

describe('isShowable', () => {
  const page = parsePreview(RESULT) as PreviewPage;
  it('shows only the version the editor holds, never an older one over a newer', () => {
    assert.equal(isShowable(page, 7, null), true);
    assert.equal(isShowable(page, 7, 6), true);
    assert.equal(isShowable(page, 8, null), false);
    assert.equal(isShowable(page, 7, 8), false);
    assert.equal(isShowable({ ...page, version: null }, 7, null), false);
  });
});

describe('errorCode and isReady', () => {
  it('reads a JSON-RPC error code', () => {
    assert.equal(errorCode(Object.assign(new Error('changed'), { code: -32801 })), -32801);
    assert.equal(errorCode({ code: -32602, message: 'bad' }), -32602);
    assert.equal(errorCode(new Error('plain')), undefined);
    assert.equal(errorCode('text'), undefined);
  });
  it('knows the ready message', () => {
    assert.equal(isReady({ type: 'ready' }), true);
    assert.equal(isReady({ type: 'other' }), false);
    assert.equal(isReady(null), false);
  });
});

describe('previewShell', () => {
  const shell = previewShell({
    cspSource: 'https://*.vscode-cdn.net',
    nonce: 'abc123',
    scriptUri: 'https://file.vscode-cdn.net/ext/out/preview.js',
    baseUri: 'https://file.vscode-cdn.net/home/s/reports/',
    title: 'Hand-in: <README>.md',
  });
  const csp = /Content-Security-Policy" content="([^"]*)"/.exec(shell)?.[1] ?? '';
  it('has a strict content security policy: no script but ours', () => {
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    assert.match(csp, /img-src https:\/\/\*\.vscode-cdn\.net https: data:/);
    assert.match(shell, /<script nonce="abc123" src="https:\/\/file\.vscode-cdn\.net\/ext\/out\/preview\.js">/);
  });
  it('resolves the report\'s relative image paths in its folder', () => {
    assert.match(shell, /<base href="https:\/\/file\.vscode-cdn\.net\/home\/s\/reports\/">/);
    assert.doesNotMatch(previewShell({ cspSource: 'x', nonce: 'n', scriptUri: 's', baseUri: null, title: 't' }), /<base/);
  });
  it('escapes the title', () => {
    assert.match(shell, /<title>Hand-in: &lt;README>\.md<\/title>/);
  });
});
