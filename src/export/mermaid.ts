import { mermaidString } from '../escape/mermaid';
import type { Diagram } from './graph-text';

/**
 * The diagram as a Mermaid flowchart, left to right; every document string through mermaidString.
 * The title is left out: Mermaid's only place for it is YAML front matter, a third language.
 */
export function toMermaid(d: Diagram): string {
  const lines = [
    'flowchart LR',
    // A port constant as a circle: it is a number, not a numbered node.
    ...d.nodes.map((n) => (n.constant ? `  ${n.id}((${mermaidString(n.text)}))` : `  ${n.id}[${mermaidString(n.text)}]`)),
    ...d.edges.map((e) => `  ${e.from} -->|${mermaidString(e.text)}| ${e.to}`),
    '',
  ];
  return lines.join('\n');
}
