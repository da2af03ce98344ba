/**
 * `npm run classroom-server -- --port 1235 --data .classroom [--host 0.0.0.0] [--static dist]`:
 * the classroom server on its own. Every flag also reads from the environment (CLASSROOM_PORT,
 * CLASSROOM_HOST, CLASSROOM_DATA, CLASSROOM_STATIC, CLASSROOM_MAX_CLIENTS, ...).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_LIMITS, startClassroomServer, type ClassroomLimits } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.CLASSROOM_PORT ?? '1235' },
    host: { type: 'string', default: process.env.CLASSROOM_HOST ?? '127.0.0.1' },
    data: { type: 'string', default: process.env.CLASSROOM_DATA ?? '.classroom' },
    static: { type: 'string', default: process.env.CLASSROOM_STATIC },
    'max-clients': { type: 'string', default: process.env.CLASSROOM_MAX_CLIENTS },
    'answers-per-second': { type: 'string', default: process.env.CLASSROOM_ANSWERS_PER_SECOND },
    'max-message-bytes': { type: 'string', default: process.env.CLASSROOM_MAX_MESSAGE_BYTES },
    'code-ttl-hours': { type: 'string', default: process.env.CLASSROOM_CODE_TTL_HOURS },
    redis: { type: 'string', default: process.env.CLASSROOM_REDIS },
  },
});

/** A positive number from a flag, or the default; anything else stops with the flag's name. */
function positive(flag: string, text: string | undefined, fallback: number, scale = 1): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`classroom-server: --${flag} must be a positive number, not "${text}"`);
    process.exit(2);
  }
  return v * scale;
}

const limits: ClassroomLimits = {
  ...DEFAULT_LIMITS,
  clientsPerSession: positive('max-clients', values['max-clients'], DEFAULT_LIMITS.clientsPerSession),
  answersPerSecond: positive('answers-per-second', values['answers-per-second'], DEFAULT_LIMITS.answersPerSecond),
  maxMessageBytes: positive('max-message-bytes', values['max-message-bytes'], DEFAULT_LIMITS.maxMessageBytes),
  codeTtlMs: positive('code-ttl-hours', values['code-ttl-hours'], DEFAULT_LIMITS.codeTtlMs, 3600_000),
};

const server = await startClassroomServer({
  port: positive('port', values.port, 1235),
  host: values.host,
  dataDir: values.data,
  staticDir: values.static ?? null,
  limits,
  redis: values.redis ?? null,
});
console.log(`classroom server on http://${values.host}:${server.port} (data in ${values.data})`);
const stop = () => {
  // Documents are stored as the server closes; one that cannot be (Redis gone) must not keep it up.
  setTimeout(() => {
    console.error('classroom-server: stopped before every document was stored');
    process.exit(1);
  }, 10_000).unref();
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
