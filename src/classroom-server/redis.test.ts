import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tests/e2e/harness';
import { tempDir } from '../../tests/tmp';
import { ClassroomRefused, InstructorSession, StudentSession, type Endpoint } from '../classroom/client';

/** Two classroom server processes sharing sessions through a local Redis (Debian's redis-server). */
const children: ChildProcess[] = [];
const endpoints: Endpoint[] = [];
const cleanup: (() => void)[] = [];

/** Starts a process and resolves when a line of its output contains `ready`. */
function launch(cmd: string, args: string[], ready: string): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const look = (d: Buffer) => {
      out += d.toString();
      if (out.includes(ready)) resolve(child);
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => reject(new Error(`${cmd} exited (${code}): ${out}`)));
  });
}

beforeAll(async () => {
  const redisPort = await freePort();
  await launch(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    'Ready to accept connections',
  );
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const args = ['--import', 'tsx', 'src/classroom-server/main.ts', '--port', String(port), '--data', tempDir('classroom-redis-')];
    await launch(process.execPath, [...args, '--redis', `redis://127.0.0.1:${redisPort}`], 'classroom server on');
    endpoints.push({ http: `http://127.0.0.1:${port}`, socket: `ws://127.0.0.1:${port}/classroom/socket`, WebSocketPolyfill: WebSocket });
  }
});

afterAll(async () => {
  for (const c of cleanup.splice(0)) c();
  // The servers first (they store and unlock through Redis as they stop), then Redis.
  const stop = async (c: ChildProcess) => {
    if (c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill();
    await exited;
  };
  await Promise.all(children.slice(1).map(stop));
  await stop(children[0]);
}, 30_000);

async function until<T>(read: () => T, check: (v: T) => boolean, ms = 8000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = read();
    if (check(v)) return v;
    if (Date.now() - t0 > ms) throw new Error(`condition not met: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('two classroom server processes through Redis', () => {
  it('serve one session: students on either server see it, and every answer reaches the instructor', async () => {
    const [a, b] = endpoints;
    const teacher = await InstructorSession.start(a);
    cleanup.push(() => teacher.destroy());
    teacher.setGraph('{"shared":true}');
    const join = async (endpoint: Endpoint, nickname: string) => {
      const s = new StudentSession(endpoint, teacher.code, { clientId: `redis-${nickname}-0123456789abcdef`, nickname });
      cleanup.push(() => s.destroy());
      await s.ready();
      return s;
    };
    const onA = await join(a, 'Ana');
    const onB = await join(b, 'Ben');
    await until(
      () => onB.graph,
      (g) => g === '{"shared":true}',
    );
    const q = teacher.ask('b5', 9, { value: -6 * Math.LN2, exact: { text: '-6 ln 2', cas: '-6*log(2)' } });
    await until(
      () => [onA.question?.id, onB.question?.id],
      (ids) => ids.every((id) => id === q.id),
    );
    expect(onB.question?.revealed).toBeNull();

    expect(await onB.answer('-6 ln 2')).toMatchObject({ ok: { value: -6 * Math.LN2 } });
    expect(await onA.answer('-4')).toMatchObject({ ok: { value: -4 } });
    const summary = await until(
      () => teacher.summary(q.id),
      (s) => s.answered === 2,
    );
    expect(summary.right).toBe(1);
    expect(
      teacher
        .answersTo(q.id)
        .map((x) => x.nickname)
        .sort(),
    ).toEqual(['Ana', 'Ben']);

    teacher.reveal();
    await until(
      () => onB.verdict(),
      (v) => v !== null,
    );
    expect([onA.verdict(), onB.verdict()]).toEqual(['wrong', 'right']);

    // The secret is checked on the other process too.
    await expect(InstructorSession.connect(b, teacher.code, 'not-the-secret')).rejects.toEqual(new ClassroomRefused('wrong-secret'));
  });
});
