import { ReactFlowProvider } from '@xyflow/react';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { FORMAT, VERSION, type GraphDocument } from '../graph/schema';
import { useEvaluation } from './hooks';

function EvaluationLoop() {
  useEvaluation();
  return null;
}

/** Renders part of the editor inside React Flow's provider, with live evaluation running. */
export function renderEditor(ui: ReactNode) {
  return render(
    <ReactFlowProvider>
      <EvaluationLoop />
      {ui}
    </ReactFlowProvider>,
  );
}

/** a × b with a = 3, b = 4: product 12, ∂/∂a = 4, ∂/∂b = 3. */
export const productDoc = (): GraphDocument => ({
  format: FORMAT,
  version: VERSION,
  title: 'Product',
  nodes: [
    { id: 'a', op: 'input', position: { x: 0, y: 0 }, value: 3 },
    { id: 'b', op: 'input', position: { x: 0, y: 120 }, value: 4 },
    { id: 'm', op: 'mul', position: { x: 200, y: 60 } },
  ],
  edges: [
    { source: 'a', target: 'm', port: 'a' },
    { source: 'b', target: 'm', port: 'b' },
  ],
  output: 'm',
});
