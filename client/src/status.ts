// Turns the server's `mlopsReport/summary` notification (CONTRACT.md) and the client's state into
// what the language status item shows. Pure.

export interface Summary {
  uri: string;
  version: number | null;
  edition: string | null;
  passed: number | null;
  total: number | null;
  error: string | null;
  text: string;
}

export type Severity = 'information' | 'warning' | 'error';
/** What clicking the item does. */
export type ClickAction = 'problems' | 'output' | 'restart';
export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

export interface StatusView {
  text: string;
  detail: string;
  severity: Severity;
  busy: boolean;
  click: ClickAction;
}

function nullable<T>(value: unknown, check: (v: unknown) => v is T): T | null | undefined {
  if (value === null || value === undefined) return null;
  return check(value) ? value : undefined;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => Number.isInteger(v);

/** Validates the notification's params; undefined when they do not follow the contract. */
export function parseSummary(params: unknown): Summary | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const p = params as Record<string, unknown>;
  if (typeof p.uri !== 'string') return undefined;
  const version = nullable(p.version, isInt);
  const edition = nullable(p.edition, isString);
  const passed = nullable(p.passed, isInt);
  const total = nullable(p.total, isInt);
  const error = nullable(p.error, isString);
  if (version === undefined || edition === undefined || passed === undefined || total === undefined || error === undefined) {
    return undefined;
  }
  return { uri: p.uri, version, edition, passed, total, error, text: typeof p.text === 'string' ? p.text : '' };
}

export function statusForSummary(summary: Summary | undefined): StatusView {
  if (!summary) {
    return { text: 'checking…', detail: 'Waiting for the checker', severity: 'information', busy: true, click: 'output' };
  }
  if (summary.text === '') {
    return { text: 'not a report', detail: 'This Markdown file is not an MLOps exam report', severity: 'information', busy: false, click: 'output' };
  }
  const edition = summary.edition ? `Edition ${summary.edition}` : 'Edition not detected';
  if (summary.error !== null) {
    return { text: summary.text, detail: summary.error, severity: 'error', busy: false, click: 'problems' };
  }
  const failing = summary.passed !== null && summary.total !== null && summary.passed < summary.total;
  return { text: summary.text, detail: edition, severity: failing ? 'warning' : 'information', busy: false, click: 'problems' };
}

/** While the server is not running, its state matters more than any old summary. */
export function statusView(state: ServerState, summary: Summary | undefined, reason?: string): StatusView {
  switch (state) {
    case 'starting':
      return { text: 'starting…', detail: 'Starting the checker', severity: 'information', busy: true, click: 'output' };
    case 'failed':
      return { text: 'checker not running', detail: reason ?? 'The checker could not start', severity: 'error', busy: false, click: 'output' };
    case 'stopped':
      return { text: 'checker stopped', detail: reason ?? 'Click to restart it', severity: 'error', busy: false, click: 'restart' };
    case 'running':
      return statusForSummary(summary);
  }
}
