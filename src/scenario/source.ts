/**
 * A parsed YAML (or JSON) text that remembers where every node came from, so a problem
 * found in the plain data can be reported at its line and column.
 */
import { LineCounter, isAlias, isCollection, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
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
    private readonly text: string,
  ) {
    // uniqueKeys is the default; a duplicated assumption is an error, not a silent override.
    // logLevel 'error': yaml's warnings (collection keys) would go to stderr; such keys are reported as unknown anyway.
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, logLevel: 'error' });
  }

  /** Whether a file is JSON (named .json, or opening with {" as JSON does and YAML seldom), to name its errors so. */
  private isJson(): boolean {
    if (this.file === undefined) return false;
    return /\.json$/i.test(this.file) || /^\s*\{\s*"/.test(this.text);
  }

  /** Syntax errors, each at its position; yaml's own message without its code frame. */
  syntaxErrors(): UserError[] {
    if (!this.doc.errors.length) return this.shapeErrors();
    // Text that reads as YAML is fine whatever it looks like; JSON that does not is told in JSON's terms.
    if (this.isJson()) {
      const error = this.jsonError();
      if (error) return [error];
    }
    const language = this.isJson() ? 'JSON' : 'YAML';
    const multiple = this.doc.errors.find((e) => e.code === 'MULTIPLE_DOCS');
    if (multiple) {
      const { line, col } = this.lines.linePos(multiple.pos[0]);
      return [new UserError('the file holds more than one YAML document (a second starts at this ---); a scenario is one document: put each scenario in its own file', { file: this.file, line, col })];
    }
    const errors = this.doc.errors.map((e) => {
      const { line, col } = this.lines.linePos(e.pos[0]);
      // The parser recurses per level: a document nested thousands deep overflows its stack.
      const message = /call stack/i.test(e.message)
        ? `the document nests too deeply to read; a scenario needs a few levels, at most ${MAX_DEPTH} are read`
        : e.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
      return new UserError(`invalid ${language}: ${message}`, { file: this.file, line, col });
    });
    return errors.length ? errors : this.shapeErrors();
  }

  /** JSON's own syntax error, at its line and column, or undefined when the text parses. */
  private jsonError(): UserError | undefined {
    try {
      JSON.parse(this.text);
      return undefined;
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      // V8: "Expected ',' or '}' after property value in JSON at position 41 (line 3 column 5)".
      const at = /at position (\d+)/.exec(e.message);
      const { line, col } = at ? this.lines.linePos(Number(at[1])) : { line: undefined, col: undefined };
      const message = e.message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
      return new UserError(`invalid JSON: ${message}`, { file: this.file, ...(line !== undefined ? { line, col } : {}) });
    }
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
        const pair = this.pairs(node).get(String(step));
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

  /** A mapping's pairs by key, built once per mapping: placing 10,000 problems stays linear. */
  private readonly pairIndex = new WeakMap<object, Map<string, Pair>>();
  private pairs(node: YAMLMap): Map<string, Pair> {
    let index = this.pairIndex.get(node);
    if (!index) {
      index = new Map();
      for (const p of node.items) {
        const k = isScalar(p.key) ? String(p.key.value) : undefined;
        if (k !== undefined && !index.has(k)) index.set(k, p as Pair);
      }
      this.pairIndex.set(node, index);
    }
    return index;
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
