/**
 * Two kinds of failure. A UserError is something the user wrote or typed: it prints one
 * message with no stack and exits 2. Anything else is a bug: stack, exit 1.
 */

import { printable } from './format.js';

/** At most this many problems are listed; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 20;

/** Where in a file a problem is; line and column are 1-based, as editors show them. */
export interface Place {
  file?: string;
  line?: number;
  col?: number;
  /** The field, as a path: `assumptions.sora_params.p95`, or a flag: `--samples`. */
  field?: string;
}

export class UserError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly place: Place = {},
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** `file:line:col: field: message`, leaving out the parts it does not know. */
  format(): string {
    const { file, line, col, field } = this.place;
    let where = file ?? '';
    if (file && line !== undefined) where += `:${line}` + (col !== undefined ? `:${col}` : '');
    const prefix = [where, field].filter((s) => s).join(': ');
    // Names and values from a file or the command line may hold control characters.
    return printable(prefix ? `${prefix}: ${this.message}` : this.message);
  }
}

/** Several user errors found at once (every bad field of a file), reported together. */
export class UserErrors extends UserError {
  constructor(readonly errors: readonly UserError[]) {
    super(errors.map((e) => e.message).join('\n'), errors[0]?.place ?? {});
    this.name = 'UserErrors';
  }

  /** The first MAX_LISTED_PROBLEMS, one a line, then how many more: 10,000 bad keys stay readable. */
  override format(): string {
    const listed = this.errors.slice(0, MAX_LISTED_PROBLEMS).map((e) => e.format());
    const more = this.errors.length - listed.length;
    if (more > 0) listed.push(`... and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'} (${this.errors.length.toLocaleString('en-US')} in all)`);
    return listed.join('\n');
  }
}
