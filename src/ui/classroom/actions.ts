import { ClassroomRefused, InstructorSession, stableClientId, StudentSession } from '../../classroom/client';
import { normaliseCode, type AnswerProblem } from '../../classroom/protocol';
import { parseDocument, serializeDocument } from '../../graph/load';
import { editor } from '../editor';
import { sessionFor } from '../playback/session';
import { stepName } from '../playback/timeline';
import { initialClassroom, type ClassroomState } from './classroom-state';
import { endpointOf, joinLink } from './endpoint';

const set = (patch: Partial<ClassroomState>) => editor.set('classroom', patch);
const state = () => editor.state.classroom;

/** A refusal or a failure, worded for the person in front of the screen. */
export function describeProblem(problem: AnswerProblem | string): string {
  const words: Record<string, string> = {
    'no-such-session': 'There is no class session with this code. Check the code on the screen.',
    'session-closed': 'This class session has ended, or its code has expired.',
    'session-full': 'This class session is full.',
    'too-many-attempts': 'Too many wrong codes from this network: wait a minute and try again.',
    'wrong-secret': 'This session belongs to another instructor.',
    'no-open-question': 'There is no open question right now.',
    'not-this-question': 'That question has closed; answer the one on the screen.',
    'already-answered': 'You have already answered this question.',
    unreadable: 'Enter a number, or an exact form such as -6 ln 2.',
    'too-long': 'That answer is too long.',
    'too-fast': 'Slow down: one answer at a time.',
    ended: 'This class session has ended.',
    timeout: 'The answer was not confirmed: check your connection and send it again.',
  };
  return words[problem] ?? `The classroom server could not be reached (${problem}).`;
}

const reasonOf = (e: unknown): string => (e instanceof ClassroomRefused ? e.reason : (e as Error).message);

/** The instructor's view of the answers: values for the histogram, the key, the summary. */
function refreshInstructor(s: InstructorSession): void {
  const q = s.question;
  set({
    question: q,
    values: q ? s.answersTo(q.id).map((a) => a.value) : [],
    key: q ? (s.keyOf(q.id) ?? null) : null,
    summary: q ? s.summary(q.id) : null,
    scoreboard: s.scoreboard,
    students: s.students,
  });
}

/** Where a tab keeps its running session, so a reload goes on with it (the secret never leaves the tab). */
const RESUME_KEY = 'backprop-class-instructor';

/** Shares the editor's graph and playback with the session as they change, and follows its answers. */
function attach(s: InstructorSession): void {
  const publish = () => {
    const { doc, playback } = editor.state;
    s.pub.transact(() => {
      if (s.graph !== serializeDocument(doc.present)) s.setGraph(serializeDocument(doc.present));
      const step = playback.active ? playback.step : -1;
      if (s.playback.step !== step) s.setPlayback(step);
    });
  };
  publish();
  editor.subscribe((now, prev) => {
    if (state().instructor !== s || state().status !== 'live') return;
    if (now.doc.present !== prev.doc.present || now.playback.step !== prev.playback.step || now.playback.active !== prev.playback.active)
      publish();
  });
  s.onAnswers(() => refreshInstructor(s));
  s.onPublicChange(() => refreshInstructor(s));
  set({ instructor: s, code: s.code, link: joinLink(s.code), status: s.ended ? 'ended' : 'live' });
  refreshInstructor(s);
}

/** Starts a class session on this graph: a join code, a link, and the editor's graph and playback shared live. */
export async function startClassSession(): Promise<void> {
  if (state().instructor) return set({ panelOpen: true });
  set({ ...initialClassroom(), role: 'instructor', status: 'connecting', panelOpen: true });
  try {
    const s = await InstructorSession.start(endpointOf());
    sessionStorage.setItem(RESUME_KEY, JSON.stringify({ code: s.code, secret: s.secret }));
    attach(s);
  } catch (e) {
    set({ status: 'error', problem: describeProblem(reasonOf(e)) });
  }
}

/** After a reload: goes on with this tab's session, if it had one and the server still knows it. */
export async function resumeClassSession(): Promise<void> {
  const saved = sessionStorage.getItem(RESUME_KEY);
  if (!saved || state().role === 'instructor') return;
  const { code, secret } = JSON.parse(saved) as { code: string; secret: string };
  set({ ...initialClassroom(), role: 'instructor', status: 'connecting', panelOpen: true });
  try {
    attach(await InstructorSession.connect(endpointOf(), code, secret));
  } catch {
    sessionStorage.removeItem(RESUME_KEY);
    set(initialClassroom());
  }
}

/** Asks the room to predict the value the next step of playback computes. */
export function askNext(allowChange = false): void {
  const s = state().instructor;
  if (!s) return;
  if (!editor.state.playback.active) editor.playback.seek(0);
  const session = sessionFor(editor.state.doc.present);
  const step = editor.state.playback.step;
  if (!session || step >= session.trace.length) return editor.notify('Every step has run: rewind playback to ask again.', 'info');
  const at = session.trace.at(step);
  const value = at.kind === 'forward' ? at.value : at.grad;
  const name = stepName(session.timeline, step, session.plan.labels);
  if (typeof value !== 'number') return editor.notify(`${name} is a tensor: step to a number to ask about it.`, 'info');
  const ex = editor.state.explain.exact?.exactValues(session.plan, session.ev);
  const form = (at.kind === 'forward' ? ex?.value : ex?.grad)?.[at.node] ?? null;
  s.ask(name, step, { value, exact: form ? { text: form.text, cas: form.cas } : null }, allowChange);
  refreshInstructor(s);
}

/** Shows the value to everyone, and steps playback on so the canvas shows it too. */
export function revealAnswer(): void {
  const s = state().instructor;
  const q = s?.question;
  if (!s || !q || q.status === 'revealed') return;
  s.reveal();
  editor.playback.seek(q.step + 1);
}

export function showScoreboard(on: boolean): void {
  state().instructor?.showScoreboard(on);
}

/** Downloads the session's answers. */
export function exportAnswers(format: 'csv' | 'json'): void {
  const s = state().instructor;
  if (!s) return;
  const blob = new Blob([format === 'csv' ? s.exportCsv() : s.exportJson()], { type: format === 'csv' ? 'text/csv' : 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `class-${s.code}.${format}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 0);
}

export function endClassSession(): void {
  const s = state().instructor;
  if (!s) return;
  s.end();
  sessionStorage.removeItem(RESUME_KEY);
  set({ status: 'ended' });
}

export const setClassPanelOpen = (panelOpen: boolean): void => set({ panelOpen });

/** A student joins from the link: the instructor's graph and playback follow live, read-only. */
export async function joinClass(typedCode: string, nickname: string): Promise<void> {
  const code = normaliseCode(typedCode);
  if (!code) return set({ role: 'student', status: 'error', problem: 'A join code has 8 letters and digits, such as K7QM-4XPD.' });
  set({ ...initialClassroom(), role: 'student', status: 'connecting', code });
  const s = new StudentSession(endpointOf(), code, { clientId: stableClientId(localStorage), nickname });
  try {
    await s.ready();
  } catch (e) {
    s.destroy();
    return set({ status: 'error', problem: describeProblem(reasonOf(e)) });
  }
  let graph: string | null = null;
  const follow = () => {
    if (s.graph !== null && s.graph !== graph) {
      graph = s.graph;
      const res = parseDocument(s.graph);
      if (res.ok) editor.open(res.doc);
      else editor.notify("The instructor's graph could not be opened.", 'error', res.issues);
    }
    const step = s.playback.step;
    if (step >= 0) editor.playback.seek(step);
    else editor.playback.exit();
    const q = s.question;
    set({ question: q, own: q ? (s.mine(q.id) ?? null) : null, scoreboard: s.scoreboard, step, status: s.ended ? 'ended' : 'live' });
  };
  s.onPublicChange(follow);
  s.onOwnChange(follow);
  set({ student: s });
  follow();
}

/** Sends the student's prediction; the server's verdict on it (recorded, or why not) shows under the box. */
export async function sendAnswer(text: string): Promise<void> {
  const s = state().student;
  if (!s) return;
  set({ answerProblem: null });
  const r = await s.answer(text);
  if ('problem' in r) set({ answerProblem: describeProblem(r.problem) });
  else set({ own: r.ok });
}
