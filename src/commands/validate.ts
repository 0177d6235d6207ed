/** `sora-compute validate FILE...`: load each file as `run` would, without sampling. */
import { UserError, UserErrors } from '../errors.js';
import { printable } from '../format.js';
import { loadScenario } from '../scenario/index.js';
import { layoutFor, wrap } from '../terminal/width.js';
import type { Io } from './run.js';

/** Returns the number of files with problems; every problem of every file is printed. */
export function validateCommand(files: string[], io: Io): number {
  const problems: UserError[] = [];
  const { width } = layoutFor(io.stdout);
  for (const file of files) {
    try {
      const scenario = loadScenario(file);
      const uncertain = scenario.assumptions.filter((a) => a.spec.dist !== 'fixed').length;
      const line = printable(`${file}: ok (${scenario.name}; ${uncertain} uncertain assumption${uncertain === 1 ? '' : 's'})`);
      io.stdout.write(wrap(line, width, '  ').join('\n') + '\n');
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      problems.push(error);
    }
  }
  if (problems.length) throw problems.length === 1 ? problems[0] : new UserErrors(problems);
  return 0;
}
