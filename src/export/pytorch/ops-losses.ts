import { num, type Params } from '../../ops/types';
import type { TorchMapping } from './ops-types';
import { pyFloat } from './python';

/** The engine reads anything but 'sum' as the mean, PyTorch's default. */
const reduction = (p: Params): 'sum' | 'mean' => (p.reduction === 'sum' ? 'sum' : 'mean');

/** Ports a loss reads as class indices: torch differentiates nothing through them, the engine reports 0. */
export const INDEX_PORTS: Readonly<Record<string, (p: Params) => readonly string[]>> = {
  crossEntropy: (p) => (p.targetKind === 'probabilities' ? [] : ['target']),
  svmHinge: () => ['target'],
};

/**
 * The losses. An index target goes through .long(), so no gradient reaches it, where the engine
 * reports 0. torch's multi_margin_loss divides the hinge sum by the class count, so the exams'
 * SVM loss is written out instead.
 */
export const LOSSES: Readonly<Record<string, TorchMapping>> = {
  crossEntropy: ({ args: { logits, target }, params }) => {
    const t = params.targetKind === 'probabilities' ? target : `${target}.long()`;
    return `F.cross_entropy(${logits}, ${t}, reduction='${reduction(params)}')`;
  },
  mse: ({ args: { prediction, target }, params }) => {
    const loss = `F.mse_loss(${prediction}, ${target}, reduction='${reduction(params)}')`;
    return params.half === true ? `0.5 * ${loss}` : loss;
  },
  svmHinge: ({ args: { scores: s, target }, params, shapes }) => {
    const dims = shapes.scores;
    const y = `${target}.long().unsqueeze(-1)`;
    // relu, not clamp: clamp passes the gradient at exactly 0, the engine counts a hinge only when > 0.
    const hinge = `torch.relu(${s} - ${s}.gather(-1, ${y}) + ${pyFloat(num(params, 'margin'))})`;
    const others = `(torch.arange(${dims[dims.length - 1]}, device=${s}.device) != ${y})`;
    const total = `(${hinge} * ${others}).sum()`;
    return reduction(params) === 'sum' ? total : `${total} / ${dims.length === 2 ? dims[0] : 1}`;
  },
};
