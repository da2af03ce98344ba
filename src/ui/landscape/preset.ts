import { z } from 'zod';
import { OptimizerSchema, ScheduleSchema, type GraphDocument, type Training } from '../../graph/schema';
import type { CoordRef, Range } from './landscape-state';

const range = z
  .tuple([z.number().finite(), z.number().finite()])
  .refine(([lo, hi]) => lo < hi, 'must be a range [low, high] with low < high');
const coord = z.object({ id: z.string(), index: z.number().int().nonnegative().optional() });

/**
 * What a document says about its landscape, in `meta.landscape`: the two parameters on the axes
 * (an input id, and an entry index for a tensor), the range shown, and the runs that make its point.
 */
const PresetSchema = z.object({
  params: z.tuple([coord, coord]).optional(),
  x: range.optional(),
  y: range.optional(),
  runs: z
    .array(
      z.object({
        optimizer: OptimizerSchema,
        schedules: z.array(ScheduleSchema).max(8).optional(),
        steps: z.number().int().min(1).max(1000),
      }),
    )
    .max(8)
    .optional(),
});

export interface PresetRun {
  readonly optimizer: Training['optimizer'];
  readonly schedules?: Training['schedules'];
  readonly steps: number;
}

export interface Preset {
  readonly pair: readonly [CoordRef, CoordRef] | null;
  readonly x: Range | null;
  readonly y: Range | null;
  readonly runs: readonly PresetRun[];
}

const NONE: Preset = { pair: null, x: null, y: null, runs: [] };

/** The document's landscape settings, or the one sentence saying where they are wrong. */
export function presetOf(doc: GraphDocument): { readonly preset: Preset } | { readonly problem: string } {
  const raw = doc.meta?.landscape;
  if (raw === undefined) return { preset: NONE };
  const r = PresetSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    return {
      problem: `meta.landscape${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}`,
    };
  }
  const p = r.data;
  const ref = (c: z.infer<typeof coord>): CoordRef => ({ id: c.id, index: c.index ?? null });
  return {
    preset: {
      pair: p.params ? [ref(p.params[0]), ref(p.params[1])] : null,
      x: p.x ?? null,
      y: p.y ?? null,
      runs: p.runs ?? [],
    },
  };
}
