import { FORMAT, VERSION, type GraphDocument } from '../../graph/schema';
import { productDoc } from '../test-utils';
import { checkConnection } from './connect';

const name = (id: string) => `[${id}]`;

const tensors = (): GraphDocument => ({
  format: FORMAT,
  version: VERSION,
  nodes: [
    { id: 'p', op: 'input', position: { x: 0, y: 0 }, value: { shape: [2], data: [1, 2] } },
    { id: 'q', op: 'input', position: { x: 0, y: 0 }, value: { shape: [3], data: [1, 2, 3] } },
    { id: 'r', op: 'input', position: { x: 0, y: 0 }, value: { shape: [2], data: [5, 6] } },
    { id: 's', op: 'add', position: { x: 0, y: 0 } },
  ],
  edges: [{ source: 'p', target: 's', port: 'a' }],
});

describe('checkConnection', () => {
  it('refuses a cycle and says which way it runs', () => {
    const doc = {
      ...productDoc(),
      nodes: [...productDoc().nodes, { id: 'n', op: 'neg', position: { x: 0, y: 0 } }],
      edges: [...productDoc().edges, { source: 'm', target: 'n', port: 'u' }],
    };
    expect(checkConnection(doc, { source: 'n', target: 'm', port: 'a' }, name)).toEqual({
      ok: false,
      reason: 'connecting [n] to [m] would create a cycle ([m] already feeds [n])',
    });
    expect(checkConnection(doc, { source: 'm', target: 'm', port: 'a' }, name)).toEqual({
      ok: false,
      reason: '[m] cannot feed its own input',
    });
  });

  it('refuses an edge into an occupied input, naming what occupies it', () => {
    expect(checkConnection(productDoc(), { source: 'b', target: 'm', port: 'a' }, name)).toEqual({
      ok: false,
      reason: 'input "a" of [m] is already connected to [a]; delete that edge first, or pick the source in the inspector',
    });
  });

  it("replaces the source of an input when asked to explicitly (the inspector's picker)", () => {
    expect(checkConnection(productDoc(), { source: 'b', target: 'm', port: 'a' }, name, true)).toEqual({
      ok: true,
      replaces: { source: 'a', target: 'm', port: 'a' },
    });
  });

  it('refuses an edge whose shapes do not fit, with the engine’s reason', () => {
    const res = checkConnection(tensors(), { source: 'q', target: 's', port: 'b' }, name);
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toMatch(/^\[s\]: .*2.*3/);
  });

  it('accepts matching shapes, and a port still waiting for its partner', () => {
    expect(checkConnection(tensors(), { source: 'r', target: 's', port: 'b' }, name)).toEqual({ ok: true, replaces: null });
    const open = { ...tensors(), edges: [] };
    expect(checkConnection(open, { source: 'q', target: 's', port: 'b' }, name)).toEqual({ ok: true, replaces: null });
  });

  it('refuses a port the op does not have', () => {
    expect(checkConnection(productDoc(), { source: 'a', target: 'm', port: 'zz' }, name)).toEqual({
      ok: false,
      reason: '[m] has no input "zz"',
    });
  });
});
