import { ReactFlowProvider } from '@xyflow/react';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { FORMAT, VERSION, type GraphDocument } from '../graph/schema';
import { useResults } from './eval/results-store';
import { useEvaluation } from './hooks';
import { useEditor } from './store/editor';
import { useUi } from './store/ui';

/** Starts every store over with a document. */
export function loadDoc(doc: GraphDocument): void {
  useEditor.getState().reset(doc);
  useResults.setState({ byId: new Map(), nodes: [], outputId: null, busy: false, busySince: null, stopped: false, ms: null, where: null });
  useUi.setState({ notice: null, galleryOpen: false, quickAdd: null, menu: null });
}

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
