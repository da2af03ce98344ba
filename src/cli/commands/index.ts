import type { Command } from '../command';
import { checkCommand } from './check';
import { evalCommand } from './eval';
import { exportCommand } from './export';
import { modesCommand } from './modes';
import { pytorchCommand } from './pytorch';
import { renderCommand } from './render';
import { shapesCommand } from './shapes';
import { stepCommand } from './step';
import { tikzCommand } from './tikz';
import { trainCommand } from './train';
import { variantsCommand } from './variants';

/** Every command, in the order help lists them; a new command is one file and one line here. */
export const COMMANDS: readonly Command[] = [
  evalCommand,
  checkCommand,
  exportCommand,
  shapesCommand,
  modesCommand,
  stepCommand,
  trainCommand,
  pytorchCommand,
  renderCommand,
  tikzCommand,
  variantsCommand,
];
