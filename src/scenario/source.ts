/**
 * A parsed YAML (or JSON) text that remembers where every node came from, so a problem
 * found in the plain data can be reported at its line and column.
 */
import { LineCounter, isAlias, isCollection, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import { UserError, type Place } from '../errors.js';

export type Path = readonly (string | number)[];

/** A problem in the data, before it knows its file: `path` is in the data, `key` points at the key, not the value. */
export interface Problem {
  path: Path;
  message: string;
  key?: boolean;
}

/** Nesting a scenario never needs (it uses four levels); deeper is refused before it is walked. */
export const MAX_DEPTH = 64;
/** Aliases (`*name`) a file may expand: enough for sharing a spec, too few for a billion laughs. */
export const MAX_ALIAS_COUNT = 100;

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
    const errors = this.doc.errors.map((e) => {
      const { line, col } = this.lines.linePos(e.pos[0]);
      // The parser recurses per level: a document nested thousands deep overflows its stack.
      const message = /call stack/i.test(e.message)
        ? `the document nests too deeply to read; a scenario needs a few levels, at most ${MAX_DEPTH} are read`
        : e.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
      return new UserError(`invalid YAML: ${message}`, { file: this.file, line, col });
    });
    return errors.length ? errors : this.shapeErrors();
  }

  /** Nesting deeper than MAX_DEPTH and alias expansion past MAX_ALIAS_COUNT, found without expanding anything. */
  private shapeErrors(): UserError[] {
    let tooDeep: Node | undefined;
    let aliases = 0;
    let lastAlias: Node | undefined;
    visit(this.doc, (_key, node, path) => {
      if (isAlias(node)) {
        aliases++;
        lastAlias = node;
      }
      if (isCollection(node) && path.filter((p) => isCollection(p)).length >= MAX_DEPTH) {
        tooDeep = node as Node;
        return visit.BREAK;
      }
      return undefined;
    });
    const at = (node: Node) => this.lines.linePos(node.range?.[0] ?? 0);
    if (tooDeep) {
      return [new UserError(`the document nests deeper than ${MAX_DEPTH} levels; a scenario needs a few (name, assumptions, a spec)`, { file: this.file, ...at(tooDeep) })];
    }
    try {
      this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      if (!/alias/i.test((e as Error).message)) throw e;
      return [new UserError(`aliases (*name) expand past ${MAX_ALIAS_COUNT} nodes (${aliases} aliases in the file); write the values out, or use extends to share assumptions`, { file: this.file, ...(lastAlias ? at(lastAlias) : {}) })];
    }
    return [];
  }

  /** Plain data: numbers, strings, arrays and objects (.nan and .inf stay NaN and Infinity, for the validator to name). */
  data(): unknown {
    return this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
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
