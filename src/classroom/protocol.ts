/**
 * What the classroom's clients and server agree on: document names, the shape of the shared
 * state, and the stateless messages a student sends (answers) and gets back. Pure data, so the
 * browser client, the Node server and the tests share one definition.
 *
 * Two Yjs documents per session:
 * - `CODE` (public): graph, playback and the question; every student reads it, only the
 *   instructor writes it.
 * - `CODE/answers` (instructor only): the answer key of each question and every answer, written
 *   by the server after it has checked the answer; students never receive it, so nobody copies.
 */

/** Join codes: no 0/O, 1/I/L, so a code read off a projector is typed right. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 31^8 ≈ 8.5e11 codes; with failed joins limited per address, guessing one in its lifetime is hopeless. */
export const CODE_LENGTH = 8;

/** A code as typed ("k7qm 4xpd", "K7QM-4XPD") to its canonical form, or null when it is not one. */
export function normaliseCode(typed: string): string | null {
  const c = typed.toUpperCase().replace(/[\s-]/g, '');
  return c.length === CODE_LENGTH && [...c].every((ch) => CODE_ALPHABET.includes(ch)) ? c : null;
}

/** "K7QM4XPD" as "K7QM-4XPD", for reading aloud and projecting. */
export const formatCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

export const answersDocName = (code: string): string => `${code}/answers`;

/** The top-level map of each document. */
export const CLASS_MAP = 'class';
export const ANSWERS_MAP = 'answers';
export const KEYS_MAP = 'keys';
/** Instructor-only facts the server keeps: `students`, how many are connected. */
export const META_MAP = 'meta';

/** Keys of the public map. */
export type PublicKey = 'graph' | 'playback' | 'question' | 'ended' | 'scoreboard';

/** Where the instructor's playback is: a step of the trace, or off (-1). */
export interface PlaybackPosition {
  readonly step: number;
}

export type QuestionStatus = 'open' | 'closed' | 'revealed';

export interface ExactForm {
  readonly text: string;
  readonly cas: string;
}

/** The value of a question, shown to students only once revealed. */
export interface AnswerKey {
  readonly value: number;
  readonly exact: ExactForm | null;
}

/** The question the instructor asked: predict the value named `target` ("b4") computed at `step`. */
export interface Question {
  readonly id: string;
  readonly target: string;
  readonly step: number;
  readonly status: QuestionStatus;
  /** May a student change an answer while the question is open? */
  readonly allowChange: boolean;
  readonly revealed: AnswerKey | null;
}

/** One answer as the server recorded it; `participant` is a per-session pseudonym, never the client's secret id. */
export interface Answer {
  readonly qid: string;
  readonly participant: string;
  readonly nickname: string;
  readonly text: string;
  readonly value: number;
  /** Milliseconds since the epoch, the server's clock. */
  readonly at: number;
}

export const answerKey = (qid: string, participant: string): string => `${qid}/${participant}`;

export interface ScoreLine {
  readonly nickname: string;
  readonly correct: number;
}

/** What the token of a connection says; the server checks it against the session. */
export type Credentials =
  | { readonly role: 'instructor'; readonly secret: string }
  | { readonly role: 'student'; readonly clientId: string; readonly nickname: string };

/** Messages a student sends. */
export type StudentMessage =
  { readonly type: 'answer'; readonly qid: string; readonly text: string } | { readonly type: 'mine' } | { readonly type: 'ping' };

/** Why an answer was not recorded. */
export type AnswerProblem =
  'no-open-question' | 'not-this-question' | 'already-answered' | 'unreadable' | 'too-long' | 'too-fast' | 'ended';

export interface OwnAnswer {
  readonly qid: string;
  readonly text: string;
  readonly value: number;
}

/** Messages the server sends a student. */
export type ServerMessage =
  | ({ readonly type: 'answered' } & OwnAnswer)
  | { readonly type: 'refused'; readonly qid: string; readonly problem: AnswerProblem }
  | { readonly type: 'mine'; readonly answers: readonly OwnAnswer[] }
  | { readonly type: 'pong' };

/** A session as the server hands it to the instructor who started it. */
export interface StartedSession {
  readonly code: string;
  /** Only this token may change the session or read its answers; it is shown once. */
  readonly secret: string;
  readonly expiresAt: number;
}

/** The HTTP and WebSocket paths, under one prefix so a reverse proxy forwards one location. */
export const HTTP_PREFIX = '/classroom';
export const SESSIONS_PATH = `${HTTP_PREFIX}/sessions`;
export const SOCKET_PATH = `${HTTP_PREFIX}/socket`;

/** Longest answer text accepted: "-6 ln 2" needs 7; room for "-0.693147180559945 * 6" and the like. */
export const MAX_ANSWER_CHARS = 64;
export const MAX_NICKNAME_CHARS = 24;

/** A nickname as shown: trimmed, no control characters, bounded; "Anonymous" when empty. */
export function cleanNickname(typed: string): string {
  const t = [...typed]
    .filter((ch) => ch >= ' ' && ch !== '\u007f')
    .join('')
    .trim()
    .slice(0, MAX_NICKNAME_CHARS);
  return t === '' ? 'Anonymous' : t;
}
