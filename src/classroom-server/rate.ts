/** A token bucket: `perSecond` on average, bursts up to `burst`. */
export class Bucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Counts events per key in a sliding minute; old keys are forgotten as they age. */
export class PerMinute {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Has `key` had `limit` events in the last minute? */
  isOver(key: string): boolean {
    const t = this.now();
    return (this.hits.get(key) ?? []).filter((h) => t - h < 60_000).length >= this.limit;
  }

  /** Records one event for `key`; false when the key has had `limit` in the last minute already. */
  hit(key: string): boolean {
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((h) => t - h < 60_000);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(t);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (v.every((h) => t - h >= 60_000)) this.hits.delete(k);
    return true;
  }
}
