import { runCliBench } from './cli';
import { runScalarBench } from './scalar';
import { runTensorBench } from './tensor';
import { runThreadBench } from './threads';
import { runTrainingBench } from './training';
import { runVggBench } from './vgg';
import type { BenchRow } from './util';

const json = process.argv.includes('--json');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

function report(row: BenchRow): void {
  if (row.peer_ms !== undefined && row.ratio === undefined) row.ratio = row.ours_ms / row.peer_ms;
  if (json) {
    console.log(JSON.stringify(row));
    return;
  }
  const extras = Object.entries(row)
    .filter(([k]) => !['name', 'ours_ms', 'peer', 'peer_ms', 'ratio'].includes(k))
    .map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toPrecision(4) : v}`)
    .join('  ');
  const peer = row.peer_ms !== undefined ? `  ${row.peer} ${row.peer_ms.toFixed(2)} ms  ratio ${row.ratio?.toPrecision(3)}` : '';
  console.log(`${row.name.padEnd(34)} ours ${row.ours_ms.toFixed(3).padStart(10)} ms${peer}  ${extras}`);
}

if (!only || only === 'scalar') await runScalarBench(report);
if (!only || only === 'tensor') await runTensorBench(report);
if (!only || only === 'vgg') runVggBench(report);
if (!only || only === 'cli') runCliBench(report);
if (!only || only === 'training') runTrainingBench(report);
// Last: once helper threads start, every later product in this process would use them.
if (!only || only === 'threads') await runThreadBench(report);
