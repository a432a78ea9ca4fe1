import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failingTarget, groupBySection, parseQuestionList, questionState, sectionDescription, type QuestionInfo } from '../src/questions';

function wire(number: number, line: number, section: string | null, failing = false, limits = true): Record<string, unknown> {
  return {
    number,
    title: `Question ${number}`,
    section,
    prompt: `Prompt ${number}?`,
    range: { start: { line, character: 0 }, end: { line, character: 15 } },
    status: failing ? '12 words (100-200) ✗' : '150 words (100-200) ✓',
    limits,
    failing,
    problems: failing ? 1 : 0,
  };
}

const result = {
  uri: 'file:///r/README.md',
  version: 4,
  stopped: null,
  questions: [wire(1, 10, 'Group', false, false), wire(2, 20, 'Group'), wire(3, 30, 'Code', true), wire(4, 40, 'Code'), wire(5, 50, 'Code', true)],
};

function list(): QuestionInfo[] {
  const parsed = parseQuestionList(result);
  assert.ok(parsed);
  return parsed.questions;
}

describe('parseQuestionList', () => {
  it('reads the contract shape', () => {
    const parsed = parseQuestionList(result);
    assert.ok(parsed);
    assert.equal(parsed.version, 4);
    assert.equal(parsed.stopped, null);
    assert.deepEqual(parsed.questions[2], {
      number: 3, title: 'Question 3', section: 'Code', prompt: 'Prompt 3?', line: 30, character: 0, endCharacter: 15,
      status: '12 words (100-200) ✗', limits: true, failing: true, problems: 1,
    });
  });
  it('gives nothing for null (not a report) or a malformed answer', () => {
    assert.equal(parseQuestionList(null), undefined);
    assert.equal(parseQuestionList({ ...result, questions: [{ ...wire(1, 1, null), failing: 'yes' }] }), undefined);
    assert.equal(parseQuestionList({ ...result, questions: [{ ...wire(1, 1, null), range: { start: { line: -1, character: 0 } } }] }), undefined);
    assert.equal(parseQuestionList({ ...result, version: 1.5 }), undefined);
  });
});

describe('failingTarget', () => {
  it('goes to the next failing heading below the cursor, wrapping around', () => {
    const questions = list();
    assert.equal(failingTarget(questions, 0, 'next')?.number, 3);
    assert.equal(failingTarget(questions, 30, 'next')?.number, 5); // on Question 3's heading
    assert.equal(failingTarget(questions, 35, 'next')?.number, 5); // inside Question 3's answer
    assert.equal(failingTarget(questions, 55, 'next')?.number, 3);
  });
  it('goes back to the failing heading above the cursor, wrapping around', () => {
    const questions = list();
    assert.equal(failingTarget(questions, 55, 'previous')?.number, 5);
    assert.equal(failingTarget(questions, 50, 'previous')?.number, 3);
    assert.equal(failingTarget(questions, 5, 'previous')?.number, 5);
  });
  it('finds nothing when every question passes', () => {
    assert.equal(failingTarget(list().filter((q) => !q.failing), 0, 'next'), undefined);
  });
});

describe('the question view', () => {
  it('groups questions under their sections in order', () => {
    const groups = groupBySection(list());
    assert.deepEqual(groups.map((g) => [g.title, g.questions.map((q) => q.number)]), [['Group', [1, 2]], ['Code', [3, 4, 5]]]);
    assert.deepEqual(groups.map(sectionDescription), ['2 questions', '3 questions, 2 failing']);
  });
  it('says which questions fail, pass or are not checked', () => {
    const [q1, q2, q3] = list();
    assert.ok(q1 && q2 && q3);
    assert.deepEqual([q1, q2, q3].map((q) => questionState(q, { stopped: null })), ['unchecked', 'passing', 'failing']);
    assert.equal(questionState(q2, { stopped: 'report.py check stops' }), 'unchecked');
    assert.equal(questionState({ ...q2, problems: 2 }, { stopped: null }), 'problems');
  });
});
