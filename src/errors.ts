/**
 * Two kinds of failure. A UserError is something the user wrote or typed: it prints one
 * message with no stack and exits 2. Anything else is a bug: stack, exit 1.
 */

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
    return prefix ? `${prefix}: ${this.message}` : this.message;
  }
}

/** Several user errors found at once (every bad field of a file), reported together. */
export class UserErrors extends UserError {
  constructor(readonly errors: readonly UserError[]) {
    super(errors.map((e) => e.message).join('\n'), errors[0]?.place ?? {});
    this.name = 'UserErrors';
  }

  override format(): string {
    return this.errors.map((e) => e.format()).join('\n');
  }
}
