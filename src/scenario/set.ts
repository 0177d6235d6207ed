/** `--set NAME=VALUE`: one assumption from the command line, checked like a line of a file. */
import type { DistSpec } from '../families/types.js';
import { UserError, UserErrors } from '../errors.js';
import { findAssumption } from '../model/assumptions.js';
import { YamlSource } from './source.js';
import { checkAssumption, unknownAssumption } from './validate.js';

const FIELD = '--set';
const EXAMPLES = 'data_multiplier=10 or diffusion_steps={dist: uniform, min: 20, max: 250}';

/** NAME=VALUE, where VALUE is a YAML flow scalar or mapping; throws UserError with field '--set'. */
export function parseSet(arg: string): { name: string; spec: DistSpec } {
  const eq = arg.indexOf('=');
  if (eq < 0 || !arg.slice(0, eq).trim()) throw new UserError(`'${arg}' is not NAME=VALUE; for example ${EXAMPLES}`, { field: FIELD });
  const name = arg.slice(0, eq).trim();
  const text = arg.slice(eq + 1);
  if (!findAssumption(name)) throw new UserError(`'${arg}': ${unknownAssumption(name)}`, { field: FIELD });

  const source = new YamlSource(undefined, text);
  const syntax = source.syntaxErrors();
  if (syntax.length) {
    throw new UserError(`'${arg}': ${syntax[0].message}; VALUE is a number or a YAML mapping, as in ${EXAMPLES}`, { field: FIELD });
  }
  const { checked, problems } = checkAssumption(name, source.data(), [name]);
  if (!checked) {
    const errors = problems.map((p) => {
      const where = p.path.length > 1 ? `${p.path.join('.')}: ` : '';
      return new UserError(`'${arg}': ${where}${p.message}`, { field: FIELD });
    });
    throw errors.length === 1 ? errors[0] : new UserErrors(errors);
  }
  return { name, spec: checked.spec };
}
