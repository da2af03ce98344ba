import type { Analysis } from '../graph/analyze';
import { problemText } from '../graph/problems';
import { formatValue } from './format';
import { forwardMode, resolveTarget, type Tangents, type TargetProblem } from '../graph/forward';
import { CliError } from './errors';

function targetText(p: TargetProblem): string {
  if (p.code === 'target-element')
    return `--forward ${p.name}[${p.element}]: ${p.name} has ${p.size} element${p.size === 1 ? '' : 's'} (0 to ${p.size - 1})`;
  const known = p.inputs.length ? `the inputs are ${p.inputs.join(', ')}` : 'the graph has no inputs';
  return `--forward "${p.name}": no input or node of that name (${known}; a node id or a label such as f3 also works)`;
}

/** Forward mode for `--forward <x>`: the tangents of every node, or one clear error naming what x may be. */
export function forwardTangents(an: Analysis, written: string): Tangents {
  const r = resolveTarget(an.plan, written);
  if ('problem' in r) throw new CliError(targetText(r.problem));
  return forwardMode(an.evaluation, r.target);
}

/** "forward mode: d f7/d x = -4.15888", or why the output has no tangent. */
export function forwardLine(an: Analysis, fm: Tangents, output: string): string {
  const { plan } = an;
  const k = fm.target.node;
  const x = plan.ops[k].type === 'input' ? (plan.nodes[k].name ?? plan.ids[k]) : plan.labels[k];
  const at = fm.target.element === undefined ? x : `${x}[${fm.target.element}]`;
  const problem = fm.output === undefined ? fm.problem(plan.output) : null;
  if (problem) return `forward mode: no tangent d ${output}/d ${at}: ${problemText(problem, an.labels)}`;
  return `forward mode: d ${output}/d ${at} = ${formatValue(fm.output)}`;
}
