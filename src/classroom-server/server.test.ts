import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/tmp';
import { ClassroomRefused, InstructorSession, StudentSession, type Endpoint } from '../classroom/client';
import { answersDocName, CLASS_MAP, SESSIONS_PATH, type StartedSession } from '../classroom/protocol';
import { startClassroomServer, type ClassroomLimits, type ClassroomServer } from './server';

const LN2 = Math.log(2);
/** b4 of the chain-rule example: d/dx of -6 ln 2 style values; the closed form is the truth. */
const KEY = { value: -6 * LN2, exact: { text: '-6 ln 2', cas: '-6*log(2)' } };

let servers: ClassroomServer[] = [];
const cleanup: (() => void)[] = [];

async function serve(
  limits: Partial<ClassroomLimits> = {},
  dataDir: string | null = null,
): Promise<{ server: ClassroomServer; endpoint: Endpoint }> {
  const server = await startClassroomServer({ port: 0, host: '127.0.0.1', dataDir, limits });
  servers.push(server);
  const base = `127.0.0.1:${server.port}`;
  return { server, endpoint: { http: `http://${base}`, socket: `ws://${base}/classroom/socket`, WebSocketPolyfill: WebSocket } };
}

afterEach(async () => {
  for (const c of cleanup.splice(0)) c();
  for (const s of servers) await s.close();
  servers = [];
});

async function instructor(endpoint: Endpoint): Promise<InstructorSession> {
  const i = await InstructorSession.start(endpoint);
  cleanup.push(() => i.destroy());
  return i;
}

async function student(
  endpoint: Endpoint,
  code: string,
  nickname: string,
  clientId = `client-${nickname}-0123456789abcdef`,
): Promise<StudentSession> {
  const s = new StudentSession(endpoint, code, { clientId, nickname });
  cleanup.push(() => s.destroy());
  await s.ready();
  return s;
}

/** Waits until `check` holds, polling; fails with the last value when it never does. */
async function until<T>(read: () => T, check: (v: T) => boolean, ms = 5000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = read();
    if (check(v)) return v;
    if (Date.now() - t0 > ms) throw new Error(`condition not met: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('classroom server', () => {
  it('listens on the loopback interface only when asked for it', async () => {
    const { server } = await serve();
    expect(server.host).toBe('127.0.0.1');
  });

  it('runs a question end to end: ask, three answers, histogram data, reveal, own verdicts, export', async () => {
    const { endpoint } = await serve();
    const teacher = await instructor(endpoint);
    expect(teacher.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    teacher.setGraph('{"version":2}');
    const [ann, bob, cy] = await Promise.all(['Ann', 'Bob', 'Cy'].map((n) => student(endpoint, teacher.code, n)));
    await until(
      () => teacher.students,
      (n) => n === 3,
    );
    await until(
      () => ann.graph,
      (g) => g === '{"version":2}',
    );
    const q = teacher.ask('b4', 7, KEY);
    await until(
      () => [ann, bob, cy].map((s) => s.question?.id),
      (ids) => ids.every((id) => id === q.id),
    );
    expect(ann.question?.revealed).toBeNull();
    expect(ann.playback.step).toBe(7);

    expect(await ann.answer('-6 ln 2')).toEqual({ ok: { qid: 'q1', text: '-6 ln 2', value: -6 * LN2 } });
    expect(await bob.answer('-4.1')).toEqual({ ok: { qid: 'q1', text: '-4.1', value: -4.1 } });
    expect(await cy.answer('6 ln 2')).toMatchObject({ ok: { value: 6 * LN2 } });
    expect(await cy.answer('-4.159')).toEqual({ problem: 'already-answered' });
    expect(await bob.answer('banana')).toEqual({ problem: 'already-answered' });

    const summary = await until(
      () => teacher.summary(q.id),
      (s) => s.answered === 3,
    );
    expect(summary.right).toBe(1);
    expect(summary.wrong).toEqual([
      { shown: '−4.1', count: 1 },
      { shown: '4.159', count: 1 },
    ]);
    teacher.reveal();
    await until(
      () => cy.verdict(),
      (v) => v !== null,
    );
    expect([ann.verdict(), bob.verdict(), cy.verdict()]).toEqual(['right', 'wrong', 'wrong']);
    expect(bob.question?.revealed?.value).toBeCloseTo(-4.1588830833596715, 15);
    expect(await ann.answer('1')).toEqual({ problem: 'no-open-question' });

    const csv = teacher.exportCsv().trim().split('\n');
    expect(csv[0]).toBe('question,target,participant,nickname,answer,value,correct_value,right,answered_at');
    expect(csv).toHaveLength(4);
    expect(csv.map((l) => l.split(',')[3]).slice(1)).toEqual(['Ann', 'Bob', 'Cy']);
    expect(csv.map((l) => l.split(',')[7]).slice(1)).toEqual(['true', 'false', 'false']);
    expect(JSON.parse(teacher.exportJson()).answers).toHaveLength(3);
    cy.destroy();
    await until(
      () => teacher.students,
      (n) => n === 2,
    );
  });

  it('refuses unreadable answers and answers to another question', async () => {
    const { endpoint } = await serve();
    const teacher = await instructor(endpoint);
    const s = await student(endpoint, teacher.code, 'Dee');
    expect(await s.answer('3')).toEqual({ problem: 'no-open-question' });
    teacher.ask('f2', 1, { value: 3, exact: null });
    await until(
      () => s.question,
      (q) => q !== null,
    );
    expect(await s.answer('three')).toEqual({ problem: 'unreadable' });
    expect(await s.answer('x'.repeat(65))).toEqual({ problem: 'too-long' });
    expect(await s.answer('3')).toMatchObject({ ok: { value: 3 } });
  });

  it('lets a student who reconnects keep their answers, by the id stored in their browser', async () => {
    const { endpoint } = await serve();
    const teacher = await instructor(endpoint);
    const first = await student(endpoint, teacher.code, 'Eve', 'eve-phone-0123456789abcdef');
    const q = teacher.ask('b4', 7, KEY);
    await until(
      () => first.question,
      (x) => x !== null,
    );
    await first.answer('-4.16');
    first.destroy();
    const again = await student(endpoint, teacher.code, 'Eve', 'eve-phone-0123456789abcdef');
    const mine = await until(
      () => again.mine(q.id),
      (a) => a !== undefined,
    );
    expect(mine).toEqual({ qid: 'q1', text: '-4.16', value: -4.16 });
    expect(await again.answer('-4.159')).toEqual({ problem: 'already-answered' });
    expect(teacher.answersTo(q.id)).toHaveLength(1);
  });

  it('keeps sessions, graphs and answers across a restart of the server', async () => {
    const dir = tempDir('classroom-');
    const first = await serve({}, dir);
    const teacher = await InstructorSession.start(first.endpoint);
    teacher.setGraph('{"kept":true}');
    teacher.ask('b4', 7, KEY);
    const s = await student(first.endpoint, teacher.code, 'Fay');
    await until(
      () => s.question,
      (x) => x !== null,
    );
    await s.answer('-6 ln 2');
    await until(
      () => teacher.answersTo('q1').length,
      (n) => n === 1,
    );
    teacher.destroy();
    s.destroy();
    await first.server.close();
    servers = servers.filter((x) => x !== first.server);

    const second = await serve({}, dir);
    const back = await InstructorSession.connect(second.endpoint, teacher.code, teacher.secret);
    cleanup.push(() => back.destroy());
    expect(back.graph).toBe('{"kept":true}');
    expect(back.answersTo('q1').map((a) => a.nickname)).toEqual(['Fay']);
    expect(back.summary('q1').right).toBe(1);
  });
});

describe('classroom server security', () => {
  it('drops a student’s forged writes to the graph, the playback and another student’s answer', async () => {
    const { endpoint } = await serve();
    const teacher = await instructor(endpoint);
    teacher.setGraph('{"real":true}');
    teacher.setPlayback(3);
    const honest = await student(endpoint, teacher.code, 'Gil');
    const q = teacher.ask('b4', 7, KEY);
    await until(
      () => honest.question,
      (x) => x !== null,
    );
    await honest.answer('-4.159');

    // A forger with a real Yjs client writes straight into its copy of the public document.
    const forger = await student(endpoint, teacher.code, 'Mallory');
    forger.pub.transact(() => {
      const m = forger.pub.getMap(CLASS_MAP);
      m.set('graph', '{"forged":true}');
      m.set('playback', { step: 99 });
      m.set('question', { ...q, status: 'revealed', revealed: { value: 0, exact: null } });
    });
    // And tries the answers document, which students may not even open.
    const stolen = new Y.Doc();
    const socket = new HocuspocusProviderWebsocket({
      url: endpoint.socket,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const answersProvider = new HocuspocusProvider({
      websocketProvider: socket,
      name: answersDocName(teacher.code),
      document: stolen,
      token: JSON.stringify({ role: 'student', clientId: 'mallory-0123456789abcdef', nickname: 'Mallory' }),
    });
    answersProvider.attach();
    cleanup.push(() => {
      answersProvider.destroy();
      socket.destroy();
    });
    const refused = await new Promise<string>((resolve) =>
      answersProvider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)),
    );
    expect(refused).toBe('instructor-only');
    stolen.getMap('answers').set(`${q.id}/victim`, { forged: true });

    await sleep(300);
    const observer = await student(endpoint, teacher.code, 'Hal');
    for (const view of [teacher, honest, observer]) {
      expect(view.graph).toBe('{"real":true}');
      expect(view.playback.step).toBe(7);
      expect(view.question?.status).toBe('open');
    }
    expect(teacher.answersTo(q.id).map((a) => [a.nickname, a.text])).toEqual([['Gil', '-4.159']]);
  });

  it('refuses a wrong instructor secret, an unknown code and a student over the session limit', async () => {
    const { endpoint } = await serve({ clientsPerSession: 2 });
    const teacher = await instructor(endpoint);
    await expect(InstructorSession.connect(endpoint, teacher.code, 'not-the-secret')).rejects.toEqual(new ClassroomRefused('wrong-secret'));
    await expect(student(endpoint, 'ABCDEFGH', 'Ivy')).rejects.toEqual(new ClassroomRefused('no-such-session'));
    await student(endpoint, teacher.code, 'Jo');
    // The instructor holds one connection, Jo the second.
    await expect(student(endpoint, teacher.code, 'Kim')).rejects.toEqual(new ClassroomRefused('session-full'));
  });

  it('stops joins after the session ends or its code expires', async () => {
    const { endpoint } = await serve({ codeTtlMs: 400 });
    const teacher = await instructor(endpoint);
    await student(endpoint, teacher.code, 'Lou');
    await sleep(500);
    await expect(student(endpoint, teacher.code, 'Max')).rejects.toEqual(new ClassroomRefused('session-closed'));

    const other = await serve();
    const t2 = await instructor(other.endpoint);
    t2.end();
    await sleep(200);
    await expect(student(other.endpoint, t2.code, 'Ned')).rejects.toEqual(new ClassroomRefused('session-closed'));
  });

  it('drops an oversized message by closing the socket that sent it', async () => {
    const { endpoint } = await serve({ maxMessageBytes: 64 * 1024 });
    const teacher = await instructor(endpoint);
    const res = await fetch(`${endpoint.http}${SESSIONS_PATH}`, { method: 'POST' });
    expect(res.status).toBe(201);
    const raw = new WebSocket(endpoint.socket);
    await new Promise((r) => raw.once('open', r));
    const closed = new Promise<number>((r) => raw.once('close', (code) => r(code)));
    raw.send(new Uint8Array(65 * 1024));
    expect(await closed).toBe(1009);
    // The server is still serving everyone else.
    const s = await student(endpoint, teacher.code, 'Oz');
    expect(s.ended).toBe(false);
    expect(((await res.json()) as StartedSession).code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  });

  it('closes a student whose message is larger than an answer, and limits answers per second', async () => {
    const { endpoint } = await serve({ answersPerSecond: 1 });
    const teacher = await instructor(endpoint);
    teacher.ask('b4', 7, { ...KEY });
    const s = await student(endpoint, teacher.code, 'Pat');
    await until(
      () => s.question,
      (x) => x !== null,
    );
    // Two answers allowed at once (a burst of 2 × 1/s), then too fast; allowChange lets them stand.
    const q = teacher.ask('b5', 8, { value: 1, exact: null }, true);
    await until(
      () => s.question?.id,
      (id) => id === q.id,
    );
    const results = await Promise.all([s.answer('1'), s.answer('2'), s.answer('3')]);
    expect(results.filter((r) => 'problem' in r && r.problem === 'too-fast').length).toBeGreaterThanOrEqual(1);

    let closedCode = 0;
    const probe = new StudentSession(endpoint, teacher.code, { clientId: 'probe-0123456789abcdef', nickname: 'Probe' });
    cleanup.push(() => probe.destroy());
    await probe.ready();
    const providerOf = (x: StudentSession) => (x as unknown as { provider: HocuspocusProvider }).provider;
    providerOf(probe).on('close', ({ event }: { event: { code: number } }) => (closedCode = event.code));
    providerOf(probe).sendStateless(JSON.stringify({ type: 'answer', qid: q.id, text: 'x'.repeat(5000) }));
    await until(
      () => closedCode,
      (c) => c !== 0,
    );
    expect(teacher.answersTo(q.id).some((a) => a.nickname === 'Probe')).toBe(false);
  });
});
