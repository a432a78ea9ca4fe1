// Turns the server's `mlopsReport/summary` notification (CONTRACT.md) and the client's state into
// what the status bar item shows. Pure.

/** The context key set while a report is in view (package.json shows the question view then). */
export const REPORT_CONTEXT = 'mlopsReport.reportInView';

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
export type ClickAction = 'problems' | 'output' | 'restart' | 'next-failing';
export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

export interface StatusView {
  text: string;
  detail: string;
  severity: Severity;
  busy: boolean;
  click: ClickAction;
  /** False for Markdown that is not a report: the item hides. */
  shown: boolean;
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
    return { text: 'checking…', detail: 'Waiting for the checker', severity: 'information', busy: true, click: 'output', shown: true };
  }
  if (summary.text === '') {
    return { text: 'not a report', detail: 'This Markdown file is not an MLOps exam report', severity: 'information', busy: false, click: 'output', shown: false };
  }
  const edition = summary.edition ? `Edition ${summary.edition}` : 'Edition not detected';
  if (summary.error !== null) {
    return { text: summary.text, detail: summary.error, severity: 'error', busy: false, click: 'problems', shown: true };
  }
  const failing = summary.passed !== null && summary.total !== null && summary.passed < summary.total;
  return {
    text: summary.text,
    detail: edition,
    severity: failing ? 'warning' : 'information',
    busy: false,
    click: failing ? 'next-failing' : 'problems',
    shown: true,
  };
}

/** While the server is not running, its state matters more than any old summary. */
export function statusView(state: ServerState, summary: Summary | undefined, reason?: string): StatusView {
  switch (state) {
    case 'starting':
      return { text: 'starting…', detail: 'Starting the checker', severity: 'information', busy: true, click: 'output', shown: true };
    case 'failed':
      return { text: 'checker not running', detail: reason ?? 'The checker could not start', severity: 'error', busy: false, click: 'output', shown: true };
    case 'stopped':
      return { text: 'checker stopped', detail: reason ?? 'Click to restart it', severity: 'error', busy: false, click: 'restart', shown: true };
    case 'running':
      return statusForSummary(summary);
  }
}

const CLICK_HINT: Record<ClickAction, string> = {
  problems: 'Click to show the Problems panel.',
  output: 'Click to show the output of the checker.',
  restart: 'Click to restart the checker.',
  'next-failing': 'Click to go to the next failing question.',
};

export interface BarView {
  text: string;
  tooltip: string;
  /** Whether the item takes the status bar's error colours. */
  alarm: boolean;
}

/** The status bar item: an icon and the text, e.g. "$(warning) 27/31 questions pass (B3)". */
export function barView(view: StatusView): BarView {
  const icon = view.busy ? '$(sync~spin)' : { error: '$(error)', warning: '$(warning)', information: '$(pass)' }[view.severity];
  // The summary names what it counts; the checker's own states need its name beside them.
  const named = view.click === 'output' || view.click === 'restart' ? `MLOps Report: ${view.text}` : view.text;
  return { text: `${icon} ${named}`, tooltip: `MLOps Report: ${view.detail}. ${CLICK_HINT[view.click]}`, alarm: view.severity === 'error' };
}
