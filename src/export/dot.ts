import { dotString } from '../escape/dot';
import type { Diagram } from './graph-text';

/** The diagram as a Graphviz digraph, left to right; every document string through dotString. */
export function toDot(d: Diagram): string {
  const lines = [
    'digraph backprop {',
    `  graph [rankdir=LR, label=${dotString(d.title)}, labelloc=t];`,
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
    ...d.nodes.map((n) => `  ${n.id} [label=${dotString(n.text)}${n.constant ? ', shape=plaintext' : ''}];`),
    ...d.edges.map((e) => `  ${e.from} -> ${e.to} [label=${dotString(e.text)}];`),
    '}',
    '',
  ];
  return lines.join('\n');
}
