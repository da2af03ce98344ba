import type { InstructorSession, StudentSession } from '../../classroom/client';
import type { AnswerKey, OwnAnswer, Question, ScoreLine } from '../../classroom/protocol';
import type { QuestionSummary } from '../../classroom/summary';

export type ClassroomStatus = 'idle' | 'connecting' | 'live' | 'ended' | 'error';

/**
 * A class session in this tab: the instructor's (started from the editor) or a student's (opened
 * from a join link). The connection objects live here so the actions and the views share them.
 */
export interface ClassroomState {
  readonly role: 'none' | 'instructor' | 'student';
  readonly status: ClassroomStatus;
  /** Why the session could not start or was refused, worded for people. */
  readonly problem: string | null;
  readonly code: string | null;
  readonly link: string | null;
  readonly instructor: InstructorSession | null;
  readonly student: StudentSession | null;
  /** The instructor's panel is shown (it stays live when hidden). */
  readonly panelOpen: boolean;
  readonly question: Question | null;
  /** Instructor: every answer's value to the open or last question, for the histogram. */
  readonly values: readonly number[];
  readonly key: AnswerKey | null;
  readonly summary: QuestionSummary | null;
  readonly scoreboard: readonly ScoreLine[] | null;
  /** Instructor: students connected now. */
  readonly students: number;
  /** Student: their own answer to the current question, and the last refusal. */
  readonly own: OwnAnswer | null;
  readonly answerProblem: string | null;
  readonly step: number;
}

export const initialClassroom = (): ClassroomState => ({
  role: 'none',
  status: 'idle',
  problem: null,
  code: null,
  link: null,
  instructor: null,
  student: null,
  panelOpen: false,
  question: null,
  values: [],
  key: null,
  summary: null,
  scoreboard: null,
  students: 0,
  own: null,
  answerProblem: null,
  step: -1,
});
