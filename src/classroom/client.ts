import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import {
  ANSWERS_MAP,
  answersDocName,
  CLASS_MAP,
  KEYS_MAP,
  META_MAP,
  SESSIONS_PATH,
  type Answer,
  type AnswerKey,
  type AnswerProblem,
  type Credentials,
  type OwnAnswer,
  type PlaybackPosition,
  type Question,
  type ScoreLine,
  type ServerMessage,
  type StartedSession,
} from './protocol';
import { answersCsv, isRight, summarise, type ExportedQuestion, type QuestionSummary } from './summary';

/** The key of a question as the instructor's document keeps it, with what was asked. */
type AskedKey = AnswerKey & { readonly target: string };

/** Where the classroom server is; in Node, pass a WebSocket class (the `ws` package). */
export interface Endpoint {
  /** http(s)://host:port, the base of the sessions API. */
  readonly http: string;
  /** ws(s)://host:port/..., the socket of the documents. */
  readonly socket: string;
  readonly WebSocketPolyfill?: unknown;
}

/** Why a connection was refused, as the server said it ("wrong-secret", "session-closed", ...). */
export class ClassroomRefused extends Error {
  override readonly name = 'ClassroomRefused';
  constructor(readonly reason: string) {
    super(`the classroom server refused: ${reason}`);
  }
}

/** Asks the server for a new session: its join code and the instructor's secret. */
export async function startSession(endpoint: Endpoint): Promise<StartedSession> {
  const res = await fetch(`${endpoint.http}${SESSIONS_PATH}`, { method: 'POST' });
  if (!res.ok) throw new ClassroomRefused(((await res.json().catch(() => ({}))) as { problem?: string }).problem ?? `HTTP ${res.status}`);
  return (await res.json()) as StartedSession;
}

function provider(endpoint: Endpoint, socket: HocuspocusProviderWebsocket | null, name: string, doc: Y.Doc, who: Credentials) {
  return new HocuspocusProvider({
    ...(socket
      ? { websocketProvider: socket }
      : { url: endpoint.socket, WebSocketPolyfill: endpoint.WebSocketPolyfill as typeof WebSocket }),
    name,
    document: doc,
    token: JSON.stringify(who),
    // Students share no presence (the server refuses it); see the heartbeat below.
    ...(who.role === 'student' ? { awareness: null } : {}),
  });
}

/** Resolves when the provider has synced, rejects when the server refuses it. */
function synced(p: HocuspocusProvider): Promise<void> {
  if (p.isSynced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    p.on('synced', () => resolve());
    p.on('authenticationFailed', ({ reason }: { reason: string }) => reject(new ClassroomRefused(reason)));
  });
}

/** Reads of the public document, shared by both sides. */
class PublicView {
  readonly pub = new Y.Doc();
  protected readonly map = this.pub.getMap<unknown>(CLASS_MAP);

  /** The graph being taught, as document JSON. */
  get graph(): string | null {
    return (this.map.get('graph') as string | undefined) ?? null;
  }
  get playback(): PlaybackPosition {
    return (this.map.get('playback') as PlaybackPosition | undefined) ?? { step: -1 };
  }
  get question(): Question | null {
    return (this.map.get('question') as Question | undefined) ?? null;
  }
  get ended(): boolean {
    return this.map.get('ended') === true;
  }
  get scoreboard(): readonly ScoreLine[] | null {
    return (this.map.get('scoreboard') as ScoreLine[] | undefined) ?? null;
  }

  /** Calls `fn` after every change of the public state; returns the unsubscribe. */
  onPublicChange(fn: () => void): () => void {
    this.map.observe(fn);
    return () => this.map.unobserve(fn);
  }
}

/**
 * The instructor's side: the only writer of the public document (graph, playback, question,
 * reveal, end) and the only reader of the answers.
 */
export class InstructorSession extends PublicView {
  readonly answersDoc = new Y.Doc();
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly providers: HocuspocusProvider[];

  private constructor(
    endpoint: Endpoint,
    readonly code: string,
    readonly secret: string,
    readonly expiresAt: number,
  ) {
    super();
    this.socket = new HocuspocusProviderWebsocket({
      url: endpoint.socket,
      WebSocketPolyfill: endpoint.WebSocketPolyfill as typeof WebSocket,
    });
    const who: Credentials = { role: 'instructor', secret };
    this.providers = [
      provider(endpoint, this.socket, code, this.pub, who),
      provider(endpoint, this.socket, answersDocName(code), this.answersDoc, who),
    ];
    for (const p of this.providers) p.attach();
  }

  /** Starts a session on the server and connects to it. */
  static async start(endpoint: Endpoint): Promise<InstructorSession> {
    const s = await startSession(endpoint);
    return InstructorSession.connect(endpoint, s.code, s.secret, s.expiresAt);
  }

  /** Connects to a session started before (a reloaded page); refused without the right secret. */
  static async connect(endpoint: Endpoint, code: string, secret: string, expiresAt = 0): Promise<InstructorSession> {
    const s = new InstructorSession(endpoint, code, secret, expiresAt);
    try {
      await Promise.all(s.providers.map(synced));
    } catch (e) {
      s.destroy();
      throw e;
    }
    return s;
  }

  private get answerMap() {
    return this.answersDoc.getMap<Answer>(ANSWERS_MAP);
  }
  private get keyMap() {
    return this.answersDoc.getMap<AskedKey>(KEYS_MAP);
  }

  setGraph(json: string): void {
    this.map.set('graph', json);
  }

  setPlayback(step: number): void {
    this.map.set('playback', { step } satisfies PlaybackPosition);
  }

  /**
   * Opens a question: predict `target` (the value computed at `step`). The key goes to the
   * instructor-only document, so no student can read it before the reveal.
   */
  ask(target: string, step: number, key: AnswerKey, allowChange = false): Question {
    const q: Question = { id: `q${this.keyMap.size + 1}`, target, step, status: 'open', allowChange, revealed: null };
    this.answersDoc.transact(() => this.keyMap.set(q.id, { ...key, target }));
    this.pub.transact(() => {
      this.map.set('question', q);
      this.map.set('playback', { step } satisfies PlaybackPosition);
    });
    return q;
  }

  /** Shows the value to everyone; answers are no longer taken. */
  reveal(): void {
    const q = this.question;
    if (!q) return;
    const k = this.keyMap.get(q.id);
    const key: AnswerKey | null = k ? { value: k.value, exact: k.exact } : null;
    this.map.set('question', { ...q, status: 'revealed', revealed: key } satisfies Question);
  }

  /** Publishes the ranking by right answers (nicknames only), or hides it. */
  showScoreboard(on: boolean): void {
    this.map.set('scoreboard', on ? this.scores() : null);
  }

  /** Students who chose a nickname, by right answers; the anonymous ones are left out. */
  scores(): ScoreLine[] {
    const right = new Map<string, ScoreLine>();
    for (const a of this.answerMap.values()) {
      const key = this.keyMap.get(a.qid);
      if (a.nickname === 'Anonymous' || !key) continue;
      const line = right.get(a.participant) ?? { nickname: a.nickname, correct: 0 };
      right.set(a.participant, { nickname: line.nickname, correct: line.correct + (isRight(a, key) ? 1 : 0) });
    }
    return [...right.values()].sort((x, y) => y.correct - x.correct || x.nickname.localeCompare(y.nickname)).slice(0, 10);
  }

  end(): void {
    this.map.set('ended', true);
  }

  /** Students connected now, as the server last counted them. */
  get students(): number {
    return (this.answersDoc.getMap<number>(META_MAP).get('students') as number | undefined) ?? 0;
  }

  answersTo(qid: string): Answer[] {
    return [...this.answerMap.values()].filter((a) => a.qid === qid);
  }

  keyOf(qid: string): AnswerKey | undefined {
    const k = this.keyMap.get(qid);
    return k && { value: k.value, exact: k.exact };
  }

  summary(qid: string): QuestionSummary {
    return summarise(this.answersTo(qid), this.keyOf(qid));
  }

  /** Calls `fn` after every change of the answers or keys; returns the unsubscribe. */
  onAnswers(fn: () => void): () => void {
    const h = () => fn();
    this.answersDoc.on('update', h);
    return () => this.answersDoc.off('update', h);
  }

  private questions(): ExportedQuestion[] {
    return [...this.keyMap.entries()].map(([id, k]) => ({ id, target: k.target, key: { value: k.value, exact: k.exact } }));
  }

  exportCsv(): string {
    return answersCsv(this.questions(), [...this.answerMap.values()]);
  }

  exportJson(): string {
    return JSON.stringify({ code: this.code, questions: this.questions(), answers: [...this.answerMap.values()] }, null, 2);
  }

  destroy(): void {
    for (const p of this.providers) p.destroy();
    this.socket.destroy();
  }
}

/** A stable, secret id for this browser, so a student who reconnects keeps their answers. */
export function stableClientId(storage: Pick<Storage, 'getItem' | 'setItem'>): string {
  const k = 'backprop-classroom-client';
  let id = storage.getItem(k);
  if (!id || !/^[\w-]{16,128}$/.test(id)) {
    id = crypto.randomUUID();
    storage.setItem(k, id);
  }
  return id;
}

export type AnswerResult = { readonly ok: OwnAnswer } | { readonly problem: AnswerProblem | 'timeout' };

/** Heartbeat: students share no presence, so without it a quiet lecture would look like a dead socket. */
const PING_MS = 10_000;

/**
 * A student's side: reads the public document, sends answers for the server to check, and keeps
 * its own answers (the server sends them back on every connect).
 */
export class StudentSession extends PublicView {
  private readonly provider: HocuspocusProvider;
  private readonly own = new Map<string, OwnAnswer>();
  private readonly waiting = new Map<string, ((r: AnswerResult) => void)[]>();
  private readonly listeners = new Set<() => void>();
  private readonly ping: ReturnType<typeof setInterval>;

  constructor(
    endpoint: Endpoint,
    readonly code: string,
    who: { clientId: string; nickname: string },
  ) {
    super();
    this.provider = provider(endpoint, null, code, this.pub, { role: 'student', ...who });
    this.provider.on('stateless', ({ payload }: { payload: string }) => this.receive(JSON.parse(payload) as ServerMessage));
    this.provider.on('synced', () => this.send({ type: 'mine' }));
    this.ping = setInterval(() => this.send({ type: 'ping' }), PING_MS);
  }

  /** Resolves once the public state has arrived; rejects when the server refuses the join. */
  ready(): Promise<void> {
    return synced(this.provider);
  }

  private send(m: object): void {
    this.provider.sendStateless(JSON.stringify(m));
  }

  private receive(m: ServerMessage): void {
    if (m.type === 'mine') for (const a of m.answers) this.own.set(a.qid, a);
    if (m.type === 'answered') this.own.set(m.qid, { qid: m.qid, text: m.text, value: m.value });
    if (m.type === 'answered' || m.type === 'refused') {
      // The server answers a socket's messages in order, so the oldest one waiting is this reply's.
      this.waiting.get(m.qid)?.shift()?.(
        m.type === 'answered' ? { ok: { qid: m.qid, text: m.text, value: m.value } } : { problem: m.problem },
      );
    }
    for (const fn of this.listeners) fn();
  }

  /** Sends an answer to the open question; the server says whether it stands. */
  answer(text: string, timeoutMs = 10_000): Promise<AnswerResult> {
    const q = this.question;
    if (!q || q.status !== 'open') return Promise.resolve({ problem: 'no-open-question' });
    return new Promise((resolve) => {
      const queue = this.waiting.get(q.id) ?? [];
      this.waiting.set(q.id, queue);
      const settle = (r: AnswerResult) => {
        clearTimeout(t);
        resolve(r);
      };
      const t = setTimeout(() => {
        queue.splice(queue.indexOf(settle), 1);
        resolve({ problem: 'timeout' });
      }, timeoutMs);
      queue.push(settle);
      this.send({ type: 'answer', qid: q.id, text });
    });
  }

  /** This student's answer to a question, as the server recorded it. */
  mine(qid: string): OwnAnswer | undefined {
    return this.own.get(qid);
  }

  /** Right or wrong, once the question is revealed; null before, or without an answer. */
  verdict(q: Question | null = this.question): 'right' | 'wrong' | null {
    const a = q && this.own.get(q.id);
    if (!q?.revealed || !a) return null;
    return isRight(a, q.revealed) ? 'right' : 'wrong';
  }

  /** Calls `fn` when the student's own answers change (sent, confirmed, restored). */
  onOwnChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  destroy(): void {
    clearInterval(this.ping);
    this.provider.destroy();
  }
}
