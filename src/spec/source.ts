/**
 * A parsed YAML (or JSON) text that remembers where every node came from, so a problem
 * found in the plain data can be reported at its line and column.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { UserError, type Place } from '../errors.js';

export type Path = readonly (string | number)[];

/** A problem in the data, before it knows its file: `path` is in the data, `key` points at the key, not the value. */
export interface Problem {
  path: Path;
  message: string;
  key?: boolean;
}

export class YamlSource {
  private readonly lines = new LineCounter();
  readonly doc: Document.Parsed;

  constructor(
    readonly file: string | undefined,
    text: string,
  ) {
    // uniqueKeys is the default; a duplicated assumption is an error, not a silent override.
    // logLevel 'error': yaml's warnings (collection keys) would go to stderr; such keys are reported as unknown anyway.
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, logLevel: 'error' });
  }

  /** Syntax errors, each at its position; yaml's own message without its code frame. */
  syntaxErrors(): UserError[] {
    return this.doc.errors.map((e) => {
      const { line, col } = this.lines.linePos(e.pos[0]);
      const message = e.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
      return new UserError(`invalid YAML: ${message}`, { file: this.file, line, col });
    });
  }

  /** Plain data: numbers, strings, arrays and objects (.nan and .inf stay NaN and Infinity, for the validator to name). */
  data(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /** The node at `path`, or the deepest node on the way there (a missing key is reported at its mapping). */
  private nodeAt(path: Path, key: boolean): Node | null {
    let node = this.doc.contents as Node | null;
    for (let i = 0; i < path.length && node; i++) {
      const step = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
        if (!pair) break;
        const last = i === path.length - 1;
        if (last && key && isScalar(pair.key)) return pair.key;
        // `name:` with nothing after it has no value node; point at the key.
        node = (pair.value as Node | null) ?? (isScalar(pair.key) ? pair.key : node);
      } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
        node = node.items[step] as Node;
      } else break;
    }
    return node;
  }

  place(path: Path, key = false): Place {
    const node = this.nodeAt(path, key);
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col, field: path.length ? path.join('.') : undefined };
  }

  error(problem: Problem): UserError {
    return new UserError(problem.message, this.place(problem.path, problem.key));
  }
}
