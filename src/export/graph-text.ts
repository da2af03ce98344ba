import { formatLabel } from '../format/number';
import { formatShape } from '../format/shape';
import type { Analysis } from '../graph/analyze';
import { SOURCE } from '../graph/compile';
import type { Tangents } from '../graph/forward';
import { shapeOf, type Value } from '../tensor/tensor';

/** A node of a text diagram: its number, and what it shows (label and op, or the input's name). */
export interface DiagramNode {
  readonly id: string;
  readonly text: string;
  /** A number typed into a port: drawn as plain text, it has no f_i. */
  readonly constant?: boolean;
}

/** An edge of a text diagram: what flows along it (f_i forward, b_i back, ḟ_i in forward mode). */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly text: string;
}

export interface Diagram {
  readonly title: string;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/** A value on an edge: a number to 4 significant digits, a tensor by its shape, "?" where there is none. */
const shown = (v: Value | undefined): string => (v === undefined ? '?' : typeof v === 'number' ? formatLabel(v) : formatShape(shapeOf(v)));

/**
 * The graph as boxes and labelled edges, for DOT and Mermaid: nodes n1..nN in numbering order
 * (the ids are ours, so no document string is ever an identifier), each edge labelled with its
 * source's value and gradient, and its tangent when forward mode is given. Strings are plain
 * text here; each writer escapes them for its language.
 */
export function diagramOf(an: Analysis, fm: Tangents | null = null): Diagram {
  const { plan, evaluation: ev } = an;
  const nodes = plan.nodes.map((nd, k) => {
    const face =
      plan.kinds[k] === SOURCE
        ? plan.ops[k].type === 'input'
          ? (nd.name ?? nd.id)
          : shown(ev.value(k))
        : plan.ops[k].symbol(plan.params[k]);
    return { id: `n${k + 1}`, text: `${plan.labels[k]}: ${face}` };
  });
  const edges: DiagramEdge[] = [];
  const constants = plan.constants.map((v, c) => ({ id: `c${c + 1}`, text: formatLabel(v), constant: true }));
  for (let k = 0; k < plan.n; k++) {
    for (const [j, src] of plan.inputs[k].entries()) {
      if (src < 0) continue;
      if (src >= plan.n) {
        edges.push({
          from: `c${src - plan.n + 1}`,
          to: `n${k + 1}`,
          text: `${plan.ports[k][j].name} = ${formatLabel(plan.constants[src - plan.n])}`,
        });
        continue;
      }
      const parts = [`${plan.labels[src]} = ${shown(ev.value(src))}`];
      if (ev.grad(src) !== undefined) parts.push(`b${src + 1} = ${shown(ev.grad(src))}`);
      if (fm) parts.push(`ḟ${src + 1} = ${shown(fm.tangent(src))}`);
      edges.push({ from: `n${src + 1}`, to: `n${k + 1}`, text: parts.join(', ') });
    }
  }
  return { title: an.doc.title ?? '', nodes: [...nodes, ...constants], edges };
}
