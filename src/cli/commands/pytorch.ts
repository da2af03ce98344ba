import { PyTorchExportError, toPyTorchScript } from '../../export/pytorch/export';
import type { Command } from '../command';
import { CliError } from '../errors';
import { emit } from '../output';
import { readDocument } from '../source';

/** `pytorch`: writes a standalone PyTorch script that rebuilds a document's graph and checks its expected answers. */
export const pytorchCommand: Command = {
  name: 'pytorch',
  summary: "write a PyTorch script that rebuilds the graph and checks its 'expected' answers (exit 0 when they match)",
  synopsis: ['<file.json> [-o check.py]'],
  options: [{ name: 'output', short: 'o', value: 'check.py', help: 'write to this file instead of stdout' }],
  run(args, io) {
    const [path, ...extra] = args.positionals;
    if (!path || extra.length) throw new CliError("pytorch needs exactly one file (see 'backprop help pytorch')");
    let script: string;
    try {
      script = toPyTorchScript(readDocument(path));
    } catch (e) {
      if (e instanceof PyTorchExportError) throw new CliError(`cannot export ${path} to PyTorch: ${e.message}`);
      throw e;
    }
    emit(args, io, script);
    return 0;
  },
};
