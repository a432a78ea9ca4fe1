// The server's answer to `mlopsReport/questions` (CONTRACT.md): every question's status and
// heading. Pure: validation, the jump to the next or previous failing question, and the grouping
// the question view shows.

export const QUESTIONS_REQUEST = 'mlopsReport/questions';
/** The id of the question view (package.json). */
export const QUESTION_VIEW = 'mlopsReport.questions';

export interface QuestionInfo {
  number: number;
  title: string;
  section: string | null;
  prompt: string;
  /** The heading's start (0-based line and character). */
  line: number;
  character: number;
  /** The heading's end on its line. */
  endCharacter: number;
  status: string;
  limits: boolean;
  failing: boolean;
  /** How many findings concern the question. */
  problems: number;
}

export interface QuestionList {
  uri: string;
  version: number | null;
  /** Why report.py check stops before checking any question; null when it checks them. */
  stopped: string | null;
  questions: QuestionInfo[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isNat = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function position(value: unknown): { line: number; character: number } | undefined {
  if (!isRecord(value) || !isNat(value.line) || !isNat(value.character)) return undefined;
  return { line: value.line, character: value.character };
}

function parseQuestion(value: unknown): QuestionInfo | undefined {
  if (!isRecord(value) || !isRecord(value.range)) return undefined;
  const start = position(value.range.start);
  const end = position(value.range.end);
  const { number, title, section, prompt, status, limits, failing, problems } = value;
  if (!start || !end || !isNat(number) || typeof title !== 'string' || typeof status !== 'string') return undefined;
  if (typeof limits !== 'boolean' || typeof failing !== 'boolean') return undefined;
  if (section !== null && typeof section !== 'string') return undefined;
  return {
    number,
    title,
    section,
    prompt: typeof prompt === 'string' ? prompt : '',
    line: start.line,
    character: start.character,
    endCharacter: end.line === start.line ? end.character : start.character,
    status,
    limits,
    failing,
    problems: isNat(problems) ? problems : 0,
  };
}

/** The request's result; undefined for `null` (not a report) or anything off the contract. */
export function parseQuestionList(result: unknown): QuestionList | undefined {
  if (!isRecord(result) || typeof result.uri !== 'string' || !Array.isArray(result.questions)) return undefined;
  const version = result.version === null || result.version === undefined ? null : result.version;
  if (version !== null && !Number.isInteger(version)) return undefined;
  const stopped = typeof result.stopped === 'string' ? result.stopped : null;
  const questions: QuestionInfo[] = [];
  for (const item of result.questions) {
    const question = parseQuestion(item);
    if (!question) return undefined;
    questions.push(question);
  }
  return { uri: result.uri, version: version as number | null, stopped, questions };
}

export type Direction = 'next' | 'previous';

/**
 * The failing question to jump to from the cursor's line: the first whose heading is below it
 * (or, going back, the last above it), wrapping around the document. Undefined when none fails.
 */
export function failingTarget(questions: readonly QuestionInfo[], cursorLine: number, direction: Direction): QuestionInfo | undefined {
  const failing = questions.filter((q) => q.failing).sort((a, b) => a.line - b.line);
  if (direction === 'next') return failing.find((q) => q.line > cursorLine) ?? failing[0];
  return [...failing].reverse().find((q) => q.line < cursorLine) ?? failing[failing.length - 1];
}

export interface SectionGroup {
  /** The `##` section the questions are under; null for questions before any section. */
  title: string | null;
  questions: QuestionInfo[];
}

/** Questions grouped under their sections, in document order. */
export function groupBySection(questions: readonly QuestionInfo[]): SectionGroup[] {
  const groups: SectionGroup[] = [];
  for (const question of questions) {
    const last = groups[groups.length - 1];
    if (last && last.title === question.section) last.questions.push(question);
    else groups.push({ title: question.section, questions: [question] });
  }
  return groups;
}

/** E.g. "4 questions, 1 failing". */
export function sectionDescription(group: SectionGroup): string {
  const n = group.questions.length;
  const failing = group.questions.filter((q) => q.failing).length;
  return `${n} ${n === 1 ? 'question' : 'questions'}${failing ? `, ${failing} failing` : ''}`;
}

export type QuestionState = 'failing' | 'problems' | 'passing' | 'unchecked';

/**
 * Failing as report.py check sees it; else with problems when a finding concerns it (a pass is
 * shown only where nothing is wrong); else passing, or unchecked when report.py checks no limit
 * of it or stops before checking.
 */
export function questionState(question: QuestionInfo, list: Pick<QuestionList, 'stopped'>): QuestionState {
  if (question.failing) return 'failing';
  if (question.problems > 0) return 'problems';
  return question.limits && list.stopped === null ? 'passing' : 'unchecked';
}
