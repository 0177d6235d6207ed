/** `sora-compute list [NAME...]`: every assumption and output, or the ones named, in words or JSON. */
import { UserError } from '../errors.js';
import { jsonText } from '../io/json.js';
import { assumptionDocs, outputDocs } from '../model/catalogue.js';
import { didYouMean } from '../scenario/suggest.js';
import { renderListText } from '../terminal/list-text.js';
import { layoutFor } from '../terminal/width.js';
import type { Io } from './run.js';

export interface ListCommandOptions {
  /** Assumption or output names; empty for all. */
  names: string[];
  json: boolean;
}

export function listCommand(options: ListCommandOptions, io: Io): void {
  const all = { assumptions: assumptionDocs(), outputs: outputDocs() };
  const known = [...all.assumptions, ...all.outputs].map((d) => d.name);
  const unknown = options.names.filter((n) => !known.includes(n));
  if (unknown.length) {
    throw new UserError(`'${unknown[0]}' is neither an assumption nor an output${didYouMean(unknown[0], known)}; sora-compute list shows them all`);
  }
  const wanted = (name: string): boolean => !options.names.length || options.names.includes(name);
  const assumptions = all.assumptions.filter((d) => wanted(d.name));
  const outputs = all.outputs.filter((d) => wanted(d.name));
  io.stdout.write(options.json ? jsonText({ assumptions, outputs }) : renderListText(assumptions, outputs, layoutFor(io.stdout)));
}
