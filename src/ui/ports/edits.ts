import type { GraphDocument } from '../../graph/schema';
import type { Recipe } from '../store/history';

/**
 * Types a number into input `port` of node `id`, or clears it (null). A node left without any
 * port constant loses the field, so a document that never used one saves as it did.
 */
export const setPortConstant =
  (id: string, port: string, value: number | null): Recipe<GraphDocument> =>
  (d) => {
    const n = d.nodes.find((nd) => nd.id === id);
    if (!n) return;
    const rest = Object.fromEntries(Object.entries(n.constants ?? {}).filter(([p]) => p !== port));
    const next = value === null ? rest : { ...rest, [port]: value };
    if (Object.keys(next).length) n.constants = next;
    else delete n.constants;
  };
