/**
 * A plan's node index by id without a Map of its own (a 100,000-node graph would pay for a second
 * one): the document's id → document index Map, which resolving the edges needed anyway, composed
 * with each document node's plan index. An expanded call's id thus reaches its body's output; the
 * body's own nodes, whose ids the document does not have, sit in a small Map beside it. Iterates
 * as the Map it stands for was built: ids in plan order, then the expanded calls' ids.
 */
export class PlanIndex implements ReadonlyMap<string, number> {
  constructor(
    private readonly docIndex: ReadonlyMap<string, number>,
    /** Plan index of each document node. */
    private readonly rank: Int32Array,
    private readonly ids: readonly string[],
    /** Ids of the nodes of expanded calls' bodies. */
    private readonly inside: ReadonlyMap<string, number>,
    /** Expanded calls' ids, each naming its body's output. */
    private readonly aliases: ReadonlyMap<string, number>,
  ) {}

  get(id: string): number | undefined {
    const d = this.docIndex.get(id);
    return d !== undefined ? this.rank[d] : this.inside.size ? this.inside.get(id) : undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  get size(): number {
    return this.ids.length + this.aliases.size;
  }

  *entries(): MapIterator<[string, number]> {
    for (let k = 0; k < this.ids.length; k++) yield [this.ids[k], k];
    yield* this.aliases;
  }

  *keys(): MapIterator<string> {
    for (const [id] of this.entries()) yield id;
  }

  *values(): MapIterator<number> {
    for (const [, k] of this.entries()) yield k;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  forEach(fn: (k: number, id: string, map: ReadonlyMap<string, number>) => void): void {
    for (const [id, k] of this.entries()) fn(k, id, this);
  }
}
