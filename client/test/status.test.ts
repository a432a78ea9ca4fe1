import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barView, parseSummary, statusForSummary, statusView, type Summary } from '../src/status';

const base: Summary = { uri: 'file:///r/README.md', version: 3, edition: 'B3', passed: 27, total: 31, error: null, text: '27/31 questions pass (B3)' };

describe('parseSummary', () => {
  it('accepts the contract shape', () => {
    assert.deepEqual(parseSummary({ ...base }), base);
  });
  it('accepts nulls and a missing text', () => {
    const params = { uri: 'file:///x.md', version: null, edition: null, passed: null, total: null, error: null };
    assert.deepEqual(parseSummary(params), { ...params, text: '' });
  });
  it('rejects malformed params', () => {
    assert.equal(parseSummary(null), undefined);
    assert.equal(parseSummary({ text: 'x' }), undefined);
    assert.equal(parseSummary({ ...base, passed: '27' }), undefined);
    assert.equal(parseSummary({ ...base, version: 1.5 }), undefined);
    assert.equal(parseSummary({ ...base, error: 42 }), undefined);
  });
});

describe('statusForSummary', () => {
  it('shows the text, with a warning while questions fail', () => {
    const view = statusForSummary(base);
    assert.equal(view.text, '27/31 questions pass (B3)');
    assert.equal(view.severity, 'warning');
    assert.equal(view.detail, 'Edition B3');
    assert.equal(view.click, 'next-failing');
    assert.equal(view.busy, false);
    assert.equal(view.shown, true);
  });
  it('is informational when every question passes, and then shows the Problems panel', () => {
    const view = statusForSummary({ ...base, passed: 31, text: '31/31 questions pass (B3)' });
    assert.equal(view.severity, 'information');
    assert.equal(view.click, 'problems');
  });
  it('is an error when report.py check would stop', () => {
    const error = 'found 30 answers, expected 31';
    const view = statusForSummary({ ...base, passed: null, total: null, error, text: `report.py check would stop: ${error}` });
    assert.equal(view.severity, 'error');
    assert.equal(view.text, 'report.py check would stop: found 30 answers, expected 31');
    assert.equal(view.detail, error);
    assert.equal(view.click, 'problems');
  });
  it('says so for Markdown that is not a report', () => {
    const view = statusForSummary({ ...base, edition: null, passed: null, total: null, text: '' });
    assert.equal(view.text, 'not a report');
    assert.equal(view.severity, 'information');
    assert.equal(view.shown, false);
  });
  it('is busy until the first summary arrives', () => {
    assert.equal(statusForSummary(undefined).busy, true);
  });
});

describe('statusView', () => {
  it('lets the server state win over an old summary', () => {
    assert.equal(statusView('running', base).text, base.text);
    assert.equal(statusView('starting', base).busy, true);
    const stopped = statusView('stopped', base, 'crashed 5 times');
    assert.deepEqual([stopped.severity, stopped.click, stopped.detail], ['error', 'restart', 'crashed 5 times']);
    const failed = statusView('failed', undefined, 'no Python 3.10');
    assert.deepEqual([failed.severity, failed.click, failed.detail], ['error', 'output', 'no Python 3.10']);
  });
});

describe('barView', () => {
  it('shows the pass count with an icon; a click goes to the next failing question', () => {
    const bar = barView(statusForSummary(base));
    assert.equal(bar.text, '$(warning) 27/31 questions pass (B3)');
    assert.equal(bar.tooltip, 'MLOps Report: Edition B3. Click to go to the next failing question.');
    assert.equal(bar.alarm, false);
    assert.equal(barView(statusForSummary({ ...base, passed: 31, text: '31/31 questions pass (B3)' })).text, '$(pass) 31/31 questions pass (B3)');
  });
  it('names the checker in its own states, and alarms when it cannot check', () => {
    assert.equal(barView(statusView('starting', undefined)).text, '$(sync~spin) MLOps Report: starting…');
    const failed = barView(statusView('failed', undefined, 'no Python 3.10'));
    assert.deepEqual(failed, { text: '$(error) MLOps Report: checker not running', tooltip: 'MLOps Report: no Python 3.10. Click to show the output of the checker.', alarm: true });
    const stop = barView(statusForSummary({ ...base, passed: null, total: null, error: 'found 30 answers, expected 31', text: 'report.py check would stop: found 30 answers, expected 31' }));
    assert.equal(stop.text, '$(error) report.py check would stop: found 30 answers, expected 31');
    assert.equal(stop.alarm, true);
  });
});
