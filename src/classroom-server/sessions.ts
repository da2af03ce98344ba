import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CODE_ALPHABET, CODE_LENGTH, type StartedSession } from '../classroom/protocol';

/** What the server keeps of a session: never the instructor's secret itself, only its hash. */
export interface SessionRecord {
  readonly code: string;
  readonly secretHash: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  ended: boolean;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

function newCode(): string {
  let c = '';
  for (let i = 0; i < CODE_LENGTH; i++) c += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return c;
}

/** Where several server processes share their sessions (Redis); each keeps its own cache. */
export interface SessionMirror {
  get(code: string): Promise<SessionRecord | null>;
  put(record: SessionRecord): Promise<void>;
}

/**
 * The sessions a server knows, by join code, kept in one JSON file (written whole through a
 * temporary file and a rename, so a crash mid-write leaves the previous file).
 */
export class Sessions {
  private readonly byCode = new Map<string, SessionRecord>();

  constructor(
    private readonly file: string | null,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly mirror: SessionMirror | null = null,
  ) {
    if (!file) return;
    let records: SessionRecord[] = [];
    try {
      records = JSON.parse(readFileSync(file, 'utf8')) as SessionRecord[];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: cannot read the sessions (${(e as Error).message})`);
    }
    for (const r of records) this.byCode.set(r.code, r);
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify([...this.byCode.values()]));
    renameSync(tmp, this.file);
  }

  /** Reads a session another process started or ended, before deciding about it. */
  async refresh(code: string): Promise<void> {
    const r = this.mirror && (await this.mirror.get(code));
    if (r) this.byCode.set(code, r);
  }

  /** A new session with a fresh code and secret; the secret is returned once and kept only as a hash. */
  async start(): Promise<StartedSession> {
    let code = newCode();
    while (this.byCode.has(code) || (this.mirror && (await this.mirror.get(code)))) code = newCode();
    const secret = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    const expiresAt = createdAt + this.ttlMs;
    const record = { code, secretHash: sha256(secret).toString('hex'), createdAt, expiresAt, ended: false };
    this.byCode.set(code, record);
    this.save();
    await this.mirror?.put(record);
    return { code, secret, expiresAt };
  }

  /** May students join (or answer in) this session now? */
  isOpen(code: string): boolean {
    const r = this.byCode.get(code);
    return r !== undefined && !r.ended && this.now() < r.expiresAt;
  }

  exists(code: string): boolean {
    return this.byCode.has(code);
  }

  /** Is this the session's instructor secret? Compared in constant time. */
  isInstructor(code: string, secret: string): boolean {
    const r = this.byCode.get(code);
    if (!r) return false;
    return timingSafeEqual(sha256(secret), Buffer.from(r.secretHash, 'hex'));
  }

  end(code: string): void {
    const r = this.byCode.get(code);
    if (!r || r.ended) return;
    r.ended = true;
    this.save();
    void this.mirror?.put(r);
  }
}
