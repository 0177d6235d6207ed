/**
 * The draws a comparison works from. Each assumption is drawn from the same uniform stream in
 * every file, (seed, name, chunk) exactly as in a run, and every distribution samples by
 * inversion, so the files share common random numbers: an assumption whose spec differs is
 * drawn once per distinct spec from the same uniforms, one whose spec is shared is drawn once.
 * Any mix of the files' specs (a coalition) is then evaluated without drawing again.
 */
import { makeDistribution } from '../distributions/index.js';
import type { DistSpec } from '../distributions/types.js';
import { chunkCount, chunkLength } from '../engine/chunks.js';
import { ASSUMPTION_NAMES } from '../model/assumptions.js';
import { allocateOutputs, evaluate, type Columns } from '../model/model.js';
import { CHUNK_SIZE, fillUniforms, type Seed } from '../random/streams.js';
import { specEquals } from '../spec/index.js';
import { selectPercentilesInPlace } from '../summary/select.js';

/** Rows evaluated at a time, so the model's block of outputs stays in cache. */
const BLOCK = 4096;

/** Per distinct spec of an assumption: its draws, or its value when the spec is fixed. */
type SpecColumn = Float64Array | number;

/** What a worker thread needs to rebuild the store without drawing: shared memory, no copies. */
export interface SharedColumns {
  samples: number;
  /** Per assumption (canonical order): per distinct spec, a SharedArrayBuffer of draws or a value. */
  columns: Record<string, (SharedArrayBuffer | number)[]>;
}

/** Which spec each assumption takes: an index into that assumption's distinct specs. */
export type Assignment = Readonly<Record<string, number>>;

/** An observed range a job keeps draws in (src/spec/evidence.ts), as plain data for workers. */
export interface JobObservation {
  name: string;
  kind: 'output' | 'assumption';
  low: number;
  high: number;
}

/**
 * One evaluation of the model: type-7 percentiles `ps` of each of `outputs` under `assignment`,
 * over the draws that meet every observation of `evidence` (all draws without).
 */
export interface Job {
  assignment: Assignment;
  outputs: string[];
  ps: number[];
  evidence?: JobObservation[];
}

export interface JobResult {
  /** Per output, the percentiles at job.ps; NaN when no draw meets the evidence. */
  percentiles: number[][];
  /** Draws that meet the evidence: every draw without evidence. */
  accepted: number;
}

export class ColumnStore {
  private readonly blockInputs: Columns = {};
  private readonly blockOutputs: Columns = allocateOutputs(BLOCK);
  private scratch: Record<string, Float64Array> = {};

  private constructor(
    readonly samples: number,
    private readonly columns: ReadonlyMap<string, readonly SpecColumn[]>,
    /** Per assumption, per file: the index of the file's spec. Empty in a worker's copy. */
    private readonly ofFile: ReadonlyMap<string, readonly number[]>,
  ) {
    for (const name of ASSUMPTION_NAMES) this.blockInputs[name] = new Float64Array(BLOCK);
  }

  /**
   * Draws every file's assumptions. `files[f]` lists every canonical assumption's spec in
   * file f. `shared` puts the draws in shared memory, for worker threads.
   */
  static draw(files: readonly (readonly { name: string; spec: DistSpec }[])[], samples: number, seed: Seed, shared = false): ColumnStore {
    const columns = new Map<string, SpecColumn[]>();
    const ofFile = new Map<string, number[]>();
    const uniforms = new Float64Array(CHUNK_SIZE);
    for (const name of ASSUMPTION_NAMES) {
      const specs: DistSpec[] = [];
      ofFile.set(
        name,
        files.map((assumptions) => {
          const spec = assumptions.find((a) => a.name === name)?.spec;
          if (!spec) throw new Error(`assumption ${name} is missing from a resolved scenario`);
          let at = specs.findIndex((s) => specEquals(s, spec));
          if (at < 0) at = specs.push(spec) - 1;
          return at;
        }),
      );
      const drawn: { column: Float64Array; fill: (u: Float64Array, out: Float64Array, n: number) => void }[] = [];
      const perSpec = specs.map((spec): SpecColumn => {
        if (spec.dist === 'fixed') return spec.value;
        const column = new Float64Array(shared ? new SharedArrayBuffer(8 * samples) : new ArrayBuffer(8 * samples));
        const dist = makeDistribution(spec);
        drawn.push({ column, fill: (u, out, n) => dist.fill(u, out, n) });
        return column;
      });
      if (drawn.length) {
        for (let chunk = 0; chunk < chunkCount(samples); chunk++) {
          const n = chunkLength(samples, chunk);
          // One stream per assumption and chunk, shared by every spec of it: the coupling.
          fillUniforms(seed, name, chunk, uniforms, n);
          for (const { column, fill } of drawn) fill(uniforms, column.subarray(chunk * CHUNK_SIZE), n);
        }
      }
      columns.set(name, perSpec);
    }
    return new ColumnStore(samples, columns, ofFile);
  }

  /** The draws as shared memory; only for a store drawn with `shared`. */
  share(): SharedColumns {
    const columns: SharedColumns['columns'] = {};
    for (const [name, perSpec] of this.columns) {
      columns[name] = perSpec.map((c) => {
        if (typeof c === 'number') return c;
        if (!(c.buffer instanceof SharedArrayBuffer)) throw new Error('share() needs a store drawn into shared memory');
        return c.buffer;
      });
    }
    return { samples: this.samples, columns };
  }

  /** A store over shared draws, for evaluating jobs in a worker thread. */
  static fromShared(shared: SharedColumns): ColumnStore {
    const columns = new Map(
      Object.entries(shared.columns).map(([name, perSpec]) => [name, perSpec.map((c) => (typeof c === 'number' ? c : new Float64Array(c)))]),
    );
    return new ColumnStore(shared.samples, columns, new Map());
  }

  /** Every file's own specs. */
  fileAssignment(file: number): Assignment {
    return Object.fromEntries([...this.ofFile].map(([name, of]) => [name, of[file]]));
  }

  /** File `base`'s specs, with the assumptions in `from` taking file `other`'s. */
  mixedAssignment(base: number, other: number, from: Iterable<string>): Assignment {
    const assignment: Record<string, number> = { ...this.fileAssignment(base) };
    for (const name of from) assignment[name] = this.ofFile.get(name)![other];
    return assignment;
  }

  /** Assumptions whose spec is not the same in every one of `files`, in canonical order. */
  differing(files: readonly number[]): string[] {
    return [...this.ofFile].filter(([, of]) => files.some((f) => of[f] !== of[files[0]])).map(([name]) => name);
  }

  /**
   * Evaluates the model on every draw under `assignment`, writing the outputs named in
   * `targets` into their (samples-long) arrays.
   */
  evaluate(assignment: Assignment, targets: Readonly<Record<string, Float64Array>>): void {
    const inputs: Columns = { ...this.blockInputs };
    const drawn: { name: string; column: Float64Array }[] = [];
    for (const [name, perSpec] of this.columns) {
      const source = perSpec[assignment[name]];
      // Fixed values fill their block column once; drawn ones are viewed block by block.
      if (typeof source === 'number') inputs[name].fill(source);
      else drawn.push({ name, column: source });
    }
    const wanted = Object.entries(targets);
    for (let start = 0; start < this.samples; start += BLOCK) {
      const n = Math.min(BLOCK, this.samples - start);
      for (const { name, column } of drawn) inputs[name] = column.subarray(start, start + n);
      evaluate(inputs, n, this.blockOutputs);
      for (const [name, target] of wanted) target.set(this.blockOutputs[name].subarray(0, n), start);
    }
  }

  /** Runs a job: one evaluation, then O(n) selections over the draws that meet its evidence. */
  run(job: Job): JobResult {
    const evidence = job.evidence ?? [];
    const names = [...new Set([...job.outputs, ...evidence.filter((o) => o.kind === 'output').map((o) => o.name)])];
    for (const name of names) this.scratch[name] ??= new Float64Array(this.samples);
    const targets = Object.fromEntries(names.map((name) => [name, this.scratch[name]]));
    this.evaluate(job.assignment, targets);
    if (evidence.length === 0) {
      return { percentiles: job.outputs.map((name) => selectPercentilesInPlace(targets[name], job.ps)), accepted: this.samples };
    }
    const keep = this.meets(job.assignment, evidence, targets);
    const accepted = keep.reduce((n, k) => n + k, 0);
    const percentiles = job.outputs.map((name) => {
      if (accepted === 0) return job.ps.map(() => NaN);
      // Evidence outputs are read by meets() first, so compacting in place is safe afterwards.
      const column = targets[name];
      let n = 0;
      for (let i = 0; i < this.samples; i++) if (keep[i]) column[n++] = column[i];
      return selectPercentilesInPlace(column.subarray(0, n), job.ps);
    });
    return { percentiles, accepted };
  }

  /** 1 for each draw that meets every observation under `assignment`, given its evaluated outputs. */
  meets(assignment: Assignment, evidence: readonly JobObservation[], outputs: Readonly<Record<string, Float64Array>>): Uint8Array {
    const keep = new Uint8Array(this.samples).fill(1);
    for (const o of evidence) {
      const source = o.kind === 'output' ? outputs[o.name] : this.columns.get(o.name)![assignment[o.name]];
      if (typeof source === 'number') {
        if (!(source >= o.low && source <= o.high)) keep.fill(0);
        continue;
      }
      for (let i = 0; i < this.samples; i++) if (!(source[i] >= o.low && source[i] <= o.high)) keep[i] = 0;
    }
    return keep;
  }
}
