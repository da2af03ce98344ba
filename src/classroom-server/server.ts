import { createHash } from 'node:crypto';
import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Redis as RedisSync } from '@hocuspocus/extension-redis';
import { Redis } from 'ioredis';
import { Hocuspocus, IncomingMessage, MessageType, Server, type Document, type Extension } from '@hocuspocus/server';
import {
  answersDocName,
  CLASS_MAP,
  META_MAP,
  cleanNickname,
  SESSIONS_PATH,
  type Credentials,
  type ServerMessage,
  type StudentMessage,
} from '../classroom/protocol';
import { answersOf, recordAnswer } from './answers';
import { Bucket, PerMinute } from './rate';
import { Sessions, type SessionMirror, type SessionRecord } from './sessions';
import { serveStatic } from './static';
import { fileStore } from './store';

export interface ClassroomLimits {
  /** Largest WebSocket message from anyone (the instructor sends whole graphs); larger ones close the socket. */
  readonly maxMessageBytes: number;
  /** Largest message from a student: an answer is a few dozen bytes. */
  readonly maxStudentMessageBytes: number;
  readonly answersPerSecond: number;
  readonly clientsPerSession: number;
  /** How long a join code admits students. */
  readonly codeTtlMs: number;
  /** Failed joins (unknown code, wrong secret) per address per minute, against guessing codes. */
  readonly failedJoinsPerMinute: number;
  readonly sessionsPerMinute: number;
}

export const DEFAULT_LIMITS: ClassroomLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  maxStudentMessageBytes: 4096,
  answersPerSecond: 2,
  clientsPerSession: 500,
  codeTtlMs: 12 * 3600_000,
  failedJoinsPerMinute: 60,
  sessionsPerMinute: 20,
};

export interface ClassroomServerOptions {
  readonly port: number;
  readonly host: string;
  /** Where sessions and documents are kept; null keeps them in memory (tests). */
  readonly dataDir: string | null;
  /** A built app (dist/) to serve beside the sessions, so one origin serves a class. */
  readonly staticDir?: string | null;
  readonly limits?: Partial<ClassroomLimits>;
  readonly quiet?: boolean;
  /** A Redis server through which several processes serve the same sessions (redis://host:port). */
  readonly redis?: string | null;
}

export interface ClassroomServer {
  readonly port: number;
  /** The address it listens on. */
  readonly host: string;
  readonly hocuspocus: Hocuspocus;
  close(): Promise<void>;
}

type DirectConnection = Awaited<ReturnType<Hocuspocus['openDirectConnection']>>;

type Context =
  | { readonly role: 'instructor'; readonly code: string }
  | {
      readonly role: 'student';
      readonly code: string;
      readonly participant: string;
      readonly nickname: string;
      readonly answers: Bucket;
      readonly messages: Bucket;
    };

/** A refusal the client sees as the reason of its failed authentication. */
const refuse = (reason: string) => Object.assign(new Error(reason), { reason });

const addressOf = (request: HttpRequest | undefined): string => request?.socket.remoteAddress ?? 'unknown';

/** The session code and which of its two documents a document name is. */
function parseName(name: string): { code: string; answers: boolean } | null {
  const m = /^([A-Z0-9]{8})(\/answers)?$/.exec(name);
  return m ? { code: m[1], answers: m[2] !== undefined } : null;
}

function parseCredentials(token: string): Credentials | null {
  try {
    const c = JSON.parse(token) as Partial<Credentials> & Record<string, unknown>;
    if (c.role === 'instructor' && typeof c.secret === 'string') return { role: 'instructor', secret: c.secret };
    if (c.role === 'student' && typeof c.clientId === 'string' && /^[\w-]{16,128}$/.test(c.clientId))
      return { role: 'student', clientId: c.clientId, nickname: cleanNickname(typeof c.nickname === 'string' ? c.nickname : '') };
  } catch {
    // An unreadable token is refused below like a wrong one.
  }
  return null;
}

function parseStudentMessage(payload: string): StudentMessage | null {
  try {
    const m = JSON.parse(payload) as Partial<StudentMessage> & Record<string, unknown>;
    if (m.type === 'answer' && typeof m.qid === 'string' && typeof m.text === 'string') return { type: 'answer', qid: m.qid, text: m.text };
    if (m.type === 'mine' || m.type === 'ping') return { type: m.type };
  } catch {
    // Not JSON: dropped.
  }
  return null;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
  response.end(JSON.stringify(body));
}

/**
 * The classroom server: a Hocuspocus server whose hooks decide who may read and write what.
 * Instructors (by secret) write the public document and read the answers; students read the
 * public document only (Hocuspocus's read-only mode acks and drops their updates) and answer
 * through stateless messages, which the server checks and writes into the answers document.
 */
/** Sessions in one Redis hash, so a code started on one process admits students on every other. */
function redisMirror(redis: Redis): SessionMirror {
  const KEY = 'backprop-classroom:sessions';
  return {
    get: async (code) => {
      const json = await redis.hget(KEY, code);
      return json ? (JSON.parse(json) as SessionRecord) : null;
    },
    put: async (r) => void (await redis.hset(KEY, r.code, JSON.stringify(r))),
  };
}

export async function startClassroomServer(options: ClassroomServerOptions): Promise<ClassroomServer> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const redis = options.redis ? new Redis(options.redis, { lazyConnect: true }) : null;
  if (redis) await redis.connect();
  const sessionsFile = options.dataDir ? join(options.dataDir, 'sessions.json') : null;
  const sessions = new Sessions(sessionsFile, limits.codeTtlMs, Date.now, redis ? redisMirror(redis) : null);
  const failedJoins = new PerMinute(limits.failedJoinsPerMinute);
  const starts = new PerMinute(limits.sessionsPerMinute);
  const answerDocs = new Map<string, Promise<DirectConnection>>();

  const answersDoc = (code: string): Promise<DirectConnection> => {
    let dc = answerDocs.get(code);
    if (!dc) {
      dc = hocuspocus.openDirectConnection(answersDocName(code), { role: 'server' });
      answerDocs.set(code, dc);
    }
    return dc;
  };

  const headcounts = new Map<string, ReturnType<typeof setTimeout>>();
  /**
   * How many students are connected to a session, for the instructor only (the answers document):
   * counted at most twice a second, so 300 joins are a handful of updates, not 300.
   */
  const countLater = (code: string) => {
    if (headcounts.has(code)) return;
    headcounts.set(
      code,
      setTimeout(() => {
        headcounts.delete(code);
        const pub = hocuspocus.documents.get(code);
        const n = pub ? pub.getConnections().filter((c) => (c.context as Context).role === 'student').length : 0;
        answersDoc(code)
          .then(({ document: answers }) => {
            if (answers && answers.getMap(META_MAP).get('students') !== n)
              answers.transact(() => answers.getMap(META_MAP).set('students', n));
          })
          // A head count is not worth a crash: the next join or leave counts again.
          .catch((e: Error) => console.error(`classroom: could not count the students of ${code}: ${e.message}`));
      }, 500),
    );
  };

  /** Lets the answers document go, once: out of the map before the disconnect awaits its store. */
  const release = async (code: string): Promise<void> => {
    const dc = answerDocs.get(code);
    if (!dc) return;
    answerDocs.delete(code);
    await (await dc).disconnect();
  };

  /** Stores the answers document after the server wrote it, debounced like a client's edit. */
  const storeLater = (doc: Document) =>
    void hocuspocus.storeDocumentHooks(doc, {
      clientsCount: doc.getConnectionsCount(),
      context: { role: 'server' },
      document: doc,
      documentName: doc.name,
      instance: hocuspocus,
      requestHeaders: {},
      requestParameters: new URLSearchParams(),
      socketId: 'server',
    });

  const access: Extension = {
    async onAuthenticate({ token, documentName, connectionConfig, request }) {
      const name = parseName(documentName);
      const who = parseCredentials(token);
      const address = addressOf(request);
      if (failedJoins.isOver(address)) throw refuse('too-many-attempts');
      if (name) await sessions.refresh(name.code);
      if (!name || !who || !sessions.exists(name.code) || (who.role === 'instructor' && !sessions.isInstructor(name.code, who.secret))) {
        failedJoins.hit(address);
        throw refuse(who?.role === 'instructor' && name && sessions.exists(name.code) ? 'wrong-secret' : 'no-such-session');
      }
      if (who.role === 'instructor') return { role: 'instructor', code: name.code } satisfies Context;
      if (name.answers) throw refuse('instructor-only');
      if (!sessions.isOpen(name.code)) throw refuse('session-closed');
      const doc = hocuspocus.documents.get(documentName);
      if (doc && doc.getConnectionsCount() >= limits.clientsPerSession) throw refuse('session-full');
      connectionConfig.readOnly = true;
      const participant = createHash('sha256').update(`${name.code}:${who.clientId}`).digest('hex').slice(0, 12);
      return {
        role: 'student',
        code: name.code,
        participant,
        nickname: who.nickname,
        answers: new Bucket(limits.answersPerSecond, Math.max(1, limits.answersPerSecond * 2)),
        messages: new Bucket(10, 20),
      } satisfies Context;
    },

    async beforeHandleMessage({ context, update }) {
      const c = context as Context;
      if (c.role !== 'student') return;
      if (update.byteLength > limits.maxStudentMessageBytes) throw refuse('message-too-large');
      const m = new IncomingMessage(update);
      m.readVarString();
      // Students have no presence to share: with 300 of them it would be 90,000 messages per round.
      if (m.readVarUint() === MessageType.Awareness) throw refuse('read-only');
    },

    async onStateless({ connection, document, payload }) {
      const c = connection.context as Context;
      if (c.role !== 'student' || !c.messages.take()) return;
      const msg = parseStudentMessage(payload);
      if (!msg) return;
      const reply = (m: ServerMessage) => connection.sendStateless(JSON.stringify(m));
      if (msg.type === 'ping') return reply({ type: 'pong' });
      const answers = (await answersDoc(c.code)).document;
      if (!answers) return;
      if (msg.type === 'mine') return reply({ type: 'mine', answers: answersOf(answers, c.participant) });
      if (!sessions.isOpen(c.code)) return reply({ type: 'refused', qid: msg.qid, problem: 'ended' });
      if (!c.answers.take()) return reply({ type: 'refused', qid: msg.qid, problem: 'too-fast' });
      const r = recordAnswer(document, answers, c, msg.qid, msg.text, Date.now());
      if ('problem' in r) return reply({ type: 'refused', qid: msg.qid, problem: r.problem });
      storeLater(answers);
      reply({ type: 'answered', ...r.ok });
    },

    async connected({ context }) {
      const c = context as Context;
      if (c.role === 'student') countLater(c.code);
    },

    async onDisconnect({ context }) {
      const c = context as Context;
      if (c.role === 'student') countLater(c.code);
    },

    async onChange({ documentName, document }) {
      const name = parseName(documentName);
      if (name && !name.answers && document.getMap(CLASS_MAP).get('ended') === true) sessions.end(name.code);
    },

    async afterUnloadDocument({ documentName }) {
      const name = parseName(documentName);
      if (name && !name.answers) await release(name.code);
    },

    async onRequest({ request, response }) {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (request.method === 'OPTIONS') {
        response.writeHead(204, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'POST, GET',
          'Access-Control-Allow-Headers': 'Content-Type',
        });
        response.end();
        throw null;
      }
      if (url.pathname === SESSIONS_PATH && request.method === 'POST') {
        if (!starts.hit(addressOf(request))) sendJson(response, 429, { problem: 'too-many-sessions' });
        else sendJson(response, 201, await sessions.start());
        throw null;
      }
      if (options.staticDir && (await serveStatic(options.staticDir, url.pathname, response))) throw null;
    },
  };

  const server = new Server(
    {
      port: options.port,
      address: options.host,
      quiet: options.quiet ?? true,
      stopOnSignals: false,
      // Redis before the store: its lock lets one process store a document that several serve.
      extensions: [
        access,
        ...(redis ? [new RedisSync({ redis, prefix: 'backprop-classroom' })] : []),
        ...(options.dataDir ? [fileStore(join(options.dataDir, 'documents'))] : []),
      ],
    },
    { maxPayload: limits.maxMessageBytes },
  );
  const hocuspocus = server.hocuspocus;
  // Hocuspocus 3 passes its `address` to http's listen(), which reads `host`: it would bind every
  // interface. The loopback default (a single machine, no set-up) must hold, so the host is given here.
  const listen = server.httpServer.listen.bind(server.httpServer);
  server.httpServer.listen = ((opts: { port: number }, ready: () => void) =>
    listen({ port: opts.port, host: options.host }, ready)) as typeof server.httpServer.listen;
  await server.listen();
  return {
    port: server.address.port,
    host: server.address.address,
    hocuspocus,
    close: async () => {
      for (const t of headcounts.values()) clearTimeout(t);
      await Promise.all([...answerDocs.keys()].map(release));
      await server.destroy();
      redis?.disconnect();
    },
  };
}
