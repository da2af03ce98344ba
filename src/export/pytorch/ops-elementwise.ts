import { num, type Params } from '../../ops/types';
import type { TorchMapping } from './ops-types';
import { pyFloat } from './python';

const c = (p: Params): string => pyFloat(num(p, 'c'));

/**
 * The elementwise ops. Each torch function has the engine's local derivative, including the
 * conventions the exams fix: relu'(0) = 0, leaky'(0) = c, |x|'(0) = 0, and maximum/minimum
 * splitting the gradient in half on ties. Broadcasting is NumPy's in both.
 */
export const ELEMENTWISE: Readonly<Record<string, TorchMapping>> = {
  add: ({ args: { a, b } }) => `${a} + ${b}`,
  sub: ({ args: { a, b } }) => `${a} - ${b}`,
  mul: ({ args: { a, b } }) => `${a} * ${b}`,
  div: ({ args: { a, b } }) => `${a} / ${b}`,
  max: ({ args: { a, b } }) => `torch.maximum(${a}, ${b})`,
  min: ({ args: { a, b } }) => `torch.minimum(${a}, ${b})`,
  neg: ({ args: { u } }) => `-${u}`,
  scale: ({ args: { u }, params }) => `${c(params)} * ${u}`,
  addConst: ({ args: { u }, params }) => `${u} + ${c(params)}`,
  pow: ({ args: { u }, params }) => `torch.pow(${u}, ${c(params)})`,
  square: ({ args: { u } }) => `torch.square(${u})`,
  sqrt: ({ args: { u } }) => `torch.sqrt(${u})`,
  reciprocal: ({ args: { u } }) => `torch.reciprocal(${u})`,
  expBase: ({ args: { u }, params }) => `torch.pow(${c(params)}, ${u})`,
  exp: ({ args: { u } }) => `torch.exp(${u})`,
  log: ({ args: { u } }) => `torch.log(${u})`,
  abs: ({ args: { u } }) => `torch.abs(${u})`,
  sin: ({ args: { u } }) => `torch.sin(${u})`,
  cos: ({ args: { u } }) => `torch.cos(${u})`,
  relu: ({ args: { u } }) => `torch.relu(${u})`,
  leakyRelu: ({ args: { u }, params }) => `F.leaky_relu(${u}, ${c(params)})`,
  sigmoid: ({ args: { u } }) => `torch.sigmoid(${u})`,
  tanh: ({ args: { u } }) => `torch.tanh(${u})`,
};
