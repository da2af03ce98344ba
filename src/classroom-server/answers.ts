import type { Document } from '@hocuspocus/server';
import { gradeGuess } from '../format/guess';
import { readAnswer } from '../classroom/answer';
import {
  ANSWERS_MAP,
  answerKey,
  CLASS_MAP,
  KEYS_MAP,
  MAX_ANSWER_CHARS,
  type Answer,
  type AnswerKey,
  type AnswerProblem,
  type OwnAnswer,
  type Question,
} from '../classroom/protocol';

/** Who is answering, as the server authenticated them: the pseudonym comes from the token, never the message. */
export interface Answerer {
  readonly participant: string;
  readonly nickname: string;
}

/**
 * Checks a student's answer against the session's state and, when it may stand, records it in
 * the instructor-only answers document. Synchronous from the check to the write, so two answers
 * sent at once cannot both pass "once per question".
 */
export function recordAnswer(
  pub: Document,
  answers: Document,
  who: Answerer,
  qid: string,
  text: string,
  now: number,
): { ok: OwnAnswer } | { problem: AnswerProblem } {
  if (text.length > MAX_ANSWER_CHARS) return { problem: 'too-long' };
  const q = pub.getMap(CLASS_MAP).get('question') as Question | undefined;
  if (!q || q.status !== 'open') return { problem: 'no-open-question' };
  if (q.id !== qid) return { problem: 'not-this-question' };
  const map = answers.getMap<Answer>(ANSWERS_MAP);
  const k = answerKey(qid, who.participant);
  if (map.has(k) && !q.allowChange) return { problem: 'already-answered' };
  const key = answers.getMap<AnswerKey>(KEYS_MAP).get(qid);
  // The exact form as text ("-6ln2") is right in predict mode even where it does not read as a formula.
  const asExact = key && gradeGuess(text, key.value, key.exact).kind === 'graded' ? key.value : null;
  const value = readAnswer(text) ?? asExact;
  if (value === null) return { problem: 'unreadable' };
  const answer: Answer = { qid, participant: who.participant, nickname: who.nickname, text: text.trim(), value, at: now };
  answers.transact(() => map.set(k, answer));
  return { ok: { qid, text: answer.text, value } };
}

/** A participant's own answers, for a student who reconnects. */
export function answersOf(answers: Document, participant: string): OwnAnswer[] {
  return [...answers.getMap<Answer>(ANSWERS_MAP).values()]
    .filter((a) => a.participant === participant)
    .map((a) => ({ qid: a.qid, text: a.text, value: a.value }));
}
