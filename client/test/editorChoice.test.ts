import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickReportEditor } from '../src/editorChoice';

const editor = (uri: string, languageId = 'markdown') => ({ document: { languageId, uri: { toString: () => uri } } });

describe('pickReportEditor', () => {
  const report = editor('file:///p/reports/README.md');
  const notes = editor('file:///p/notes.md');
  const code = editor('file:///p/train.py', 'python');

  it('takes the active Markdown editor', () => {
    assert.equal(pickReportEditor(notes, [report, notes]), notes);
  });
  it('takes none while a text editor of another language is active', () => {
    assert.equal(pickReportEditor(code, [report, code]), undefined);
  });
  it('takes the visible report while a walkthrough or other webview has the focus', () => {
    assert.equal(pickReportEditor(undefined, [code, notes, report], (uri) => uri.endsWith('reports/README.md')), report);
    assert.equal(pickReportEditor(undefined, [code, notes]), notes);
    assert.equal(pickReportEditor(undefined, [code]), undefined);
  });
});
