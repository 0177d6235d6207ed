/**
 * The compute model of model.md as one vectorized function: assumption columns in, output
 * columns out. It is called on any columns (independent draws, stratified or reordered ones,
 * a single row) and draws nothing itself; its only state is the scratch block it computes in.
 */
import { ASSUMPTION_NAMES } from './assumptions.js';
import { OUTPUT_NAMES } from './outputs.js';
import { requireArena } from '../kernel/arena.js';

export type Columns = Record<string, Float64Array>;

/** Samples DiT-XL/2 saw in training: 3M steps x batch 256 (model.md, data_multiplier). */
export const DIT_TRAINING_SAMPLES = 768e6;

/** Allocates one output column per canonical output name. */
export function allocateOutputs(n: number): Columns {
  const out: Columns = {};
  for (const name of OUTPUT_NAMES) out[name] = new Float64Array(n);
  return out;
}

/** The bits of these outputs in KernelBlock.evaluateOutputs's `wanted` (a 32-bit mask: the model has fewer outputs). */
export function outputBits(names: Iterable<string>): number {
  let wanted = 0;
  for (const name of names) {
    const k = OUTPUT_NAMES.indexOf(name);
    if (k < 0) throw new Error(`${name} is not an output of the model`);
    wanted |= 1 << k;
  }
  return wanted >>> 0;
}

/** The model kernel's block, with its columns by canonical name. */
interface NamedBlock {
  rows: number;
  inputs: Columns;
  outputs: Columns;
  /** Room for four assumptions' uniforms, where the generator writes and the samplers read. */
  uniforms: Float64Array[];
  /** See KernelBlock.streamStates and drawUniforms. */
  streamStates: Int32Array[];
  drawUniforms(state: Int32Array, n: number): void;
  evaluate(n: number): void;
  /** See KernelBlock.evaluateOutputs: only the outputs of `wanted`'s bits (outputBits). */
  evaluateOutputs(n: number, wanted: number, reuse?: boolean): void;
  /** See KernelBlock.minutesRealUsers. */
  minutesRealUsers: number;
}

let named: NamedBlock | undefined;

/**
 * This thread's model block: assumption and output columns, by canonical name, in WebAssembly
 * memory, where the model kernel reads and writes them. The engine samples into `inputs` and
 * summarizes from `outputs` without copying. One block per thread, shared by every caller:
 * whatever a caller leaves in it is gone at the next evaluation.
 */
export function modelBlock(): NamedBlock {
  if (named) return named;
  const block = requireArena().block;
  if (block.inputs.length !== ASSUMPTION_NAMES.length || block.outputs.length !== OUTPUT_NAMES.length) {
    throw new Error(`the model kernel has ${block.inputs.length} inputs and ${block.outputs.length} outputs; the model lists ${ASSUMPTION_NAMES.length} and ${OUTPUT_NAMES.length}`);
  }
  if (OUTPUT_NAMES.length > 32) throw new Error(`evaluateOutputs takes its outputs as 32 bits, and the model has ${OUTPUT_NAMES.length}`);
  const byName = (names: readonly string[], columns: Float64Array[]): Columns =>
    Object.fromEntries(names.map((name, k) => [name, columns[k]]));
  return (named = {
    rows: block.rows,
    inputs: byName(ASSUMPTION_NAMES, block.inputs),
    outputs: byName(OUTPUT_NAMES, block.outputs),
    uniforms: block.uniforms,
    streamStates: block.streamStates,
    drawUniforms: block.drawUniforms,
    evaluate: block.evaluate,
    evaluateOutputs: block.evaluateOutputs,
    minutesRealUsers: block.minutesRealUsers,
  });
}

/**
 * Evaluates rows [0, n) of `inputs` into `out` (any columns: independent draws, stratified or
 * reordered ones, a single row). Every canonical assumption must be present; outputs missing
 * from `out` are skipped. The formulas are in assembly/model.ts, compiled to WebAssembly (a third
 * of the JavaScript loops' time: V8 checks bounds on every typed-array access); the columns are
 * copied through the model block, block by block.
 */
export function evaluate(inputs: Columns, n: number, out: Columns): void {
  for (const name of ASSUMPTION_NAMES) {
    if (!inputs[name] || inputs[name].length < n) throw new Error(`model input column ${name} is missing or shorter than ${n}`);
  }
  const block = modelBlock();
  for (let start = 0; start < n; start += block.rows) {
    const m = Math.min(block.rows, n - start);
    for (const name of ASSUMPTION_NAMES) block.inputs[name].set(inputs[name].subarray(start, start + m));
    block.evaluate(m);
    for (const name of OUTPUT_NAMES) out[name]?.set(block.outputs[name].subarray(0, m), start);
  }
}
