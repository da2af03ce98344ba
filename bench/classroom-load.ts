/**
 * `npm run classroom-load [-- --students 300 --questions 10]`: a bounded load test on loopback.
 * Starts the classroom server as its own process, joins N simulated students (real Yjs clients
 * over real WebSockets, in this process) and an instructor, asks Q questions, has every student
 * answer within a 2-second window, and reports join time, the time from a student's submit to
 * the answer being in the instructor's document (what the histogram draws), and the server
 * process's CPU and memory. Stops after 3 minutes whatever happens. With `--servers 2`, two server
 * processes share the session through a local redis-server (Debian's); the instructor is on the
 * first, the students alternate between them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { InstructorSession, StudentSession, type Endpoint } from '../src/classroom/client';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '300' },
    questions: { type: 'string', default: '10' },
    servers: { type: 'string', default: '1' },
  },
});
const STUDENTS = Number(values.students);
const QUESTIONS = Number(values.questions);
const SERVERS = Number(values.servers);
const TICK = 100; // clock ticks per second of /proc/<pid>/stat on Linux

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
function usage(pid: number): { cpu: number; rssMb: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpu: (Number(stat[11]) + Number(stat[12])) / TICK, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

const guard = setTimeout(() => {
  console.error('classroom-load: stopped after 3 minutes');
  process.exit(1);
}, 180_000);

const data = mkdtempSync(join(tmpdir(), 'classroom-load-'));
const base = 20000 + Math.floor(Math.random() * 20000);

/** Starts a process and resolves once its output says `ready`. */
function launch(cmd: string, args: string[], ready: string): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes(ready) && resolve(child)));
}

const redis =
  SERVERS > 1
    ? await launch(
        'redis-server',
        ['--port', String(base + 99), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        'Ready to accept',
      )
    : null;
const servers: ChildProcess[] = [];
const endpoints: Endpoint[] = [];
for (let i = 0; i < SERVERS; i++) {
  const port = base + i;
  const args = [
    '--import',
    'tsx',
    'src/classroom-server/main.ts',
    '--port',
    String(port),
    '--data',
    join(data, String(i)),
    '--max-clients',
    String(STUDENTS + 10),
  ];
  servers.push(
    await launch(process.execPath, [...args, ...(redis ? ['--redis', `redis://127.0.0.1:${base + 99}`] : [])], 'classroom server on'),
  );
  endpoints.push({ http: `http://127.0.0.1:${port}`, socket: `ws://127.0.0.1:${port}/classroom/socket`, WebSocketPolyfill: WebSocket });
}
const endpoint = endpoints[0];
const pids = servers.map((x) => x.pid!);
/** CPU and memory of every server process, summed (peak: the largest one's). */
const usageAll = () =>
  pids.map(usage).reduce((t, u) => ({ cpu: t.cpu + u.cpu, rssMb: t.rssMb + u.rssMb, peakMb: Math.max(t.peakMb, u.peakMb) }), {
    cpu: 0,
    rssMb: 0,
    peakMb: 0,
  });

const idle = usageAll();
const teacher = await InstructorSession.start(endpoint);
teacher.setGraph(JSON.stringify({ version: 2, note: 'load test' }));

const t0 = performance.now();
const joinMs: number[] = [];
const students = await Promise.all(
  Array.from({ length: STUDENTS }, async (_, i) => {
    const s = new StudentSession(endpoints[i % SERVERS], teacher.code, {
      clientId: `load-student-${String(i).padStart(6, '0')}`,
      nickname: `s${i}`,
    });
    const start = performance.now();
    await s.ready();
    joinMs.push(performance.now() - start);
    return s;
  }),
);
const joinAll = performance.now() - t0;
const afterJoin = usageAll();

const sentAt = new Map<string, number>();
const latency: number[] = [];
const seen = new Set<string>();
teacher.onAnswers(() => {
  const q = teacher.question;
  if (!q) return;
  for (const a of teacher.answersTo(q.id)) {
    const k = `${a.qid}/${a.nickname}`;
    if (seen.has(k) || !sentAt.has(k)) continue;
    seen.add(k);
    latency.push(performance.now() - sentAt.get(k)!);
  }
});

const refused: string[] = [];
const tq = performance.now();
for (let n = 0; n < QUESTIONS; n++) {
  const value = -6 * Math.log(2) + n;
  const q = teacher.ask(`b${n + 1}`, n, { value, exact: null });
  while (students.some((s) => s.question?.id !== q.id)) await new Promise((r) => setTimeout(r, 10));
  await Promise.all(
    students.map(async (s, i) => {
      await new Promise((r) => setTimeout(r, Math.random() * 2000));
      sentAt.set(`${q.id}/s${i}`, performance.now());
      const r = await s.answer(i % 3 === 0 ? String(value) : String(value + 1 + (i % 5)));
      if ('problem' in r) refused.push(r.problem);
    }),
  );
  while (teacher.answersTo(q.id).length < STUDENTS - refused.length && performance.now() - tq < 150_000)
    await new Promise((r) => setTimeout(r, 10));
  teacher.reveal();
}
const questionsMs = performance.now() - tq;
const end = usageAll();

const report = {
  servers: SERVERS,
  students: STUDENTS,
  questions: QUESTIONS,
  answers_recorded: [...Array(QUESTIONS).keys()].reduce((t, n) => t + teacher.answersTo(`q${n + 1}`).length, 0),
  refused: refused.length,
  join_all_ms: Math.round(joinAll),
  join_p50_ms: Math.round(quantile(joinMs, 0.5)),
  join_p95_ms: Math.round(quantile(joinMs, 0.95)),
  answer_to_histogram_p50_ms: Math.round(quantile(latency, 0.5)),
  answer_to_histogram_p95_ms: Math.round(quantile(latency, 0.95)),
  answer_to_histogram_max_ms: Math.round(Math.max(...latency)),
  server_cpu_join_s: +(afterJoin.cpu - idle.cpu).toFixed(2),
  server_cpu_questions_s: +(end.cpu - afterJoin.cpu).toFixed(2),
  server_cpu_questions_percent_of_one_core: Math.round((100 * (end.cpu - afterJoin.cpu)) / (questionsMs / 1000)),
  server_rss_idle_mb: Math.round(idle.rssMb),
  server_rss_end_mb: Math.round(end.rssMb),
  server_rss_peak_mb_largest_process: Math.round(end.peakMb),
};
console.log(JSON.stringify(report, null, 2));

for (const s of students) s.destroy();
teacher.destroy();
// The servers store their documents as they stop: Redis and the folder go only once they have exited.
const stop = async (c: ChildProcess) => {
  const exited = new Promise((r) => c.once('exit', r));
  c.kill();
  await exited;
};
await Promise.all(servers.map(stop));
if (redis) await stop(redis);
rmSync(data, { recursive: true, force: true });
clearTimeout(guard);
process.exit(report.answers_recorded === STUDENTS * QUESTIONS ? 0 : 1);
