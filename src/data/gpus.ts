/**
 * The GPU catalogue (data/gpus.yaml): what `gpu: h100-sxm` in a scenario sets. Each GPU brings
 * its dense BF16 peak and a default rental price, each with its source.
 */
import * as z from 'zod';
import { readData } from './read.js';

export const GPU_FILE = 'gpus.yaml';

const sourced = z.string().min(1);

export const gpuSchema = z.strictObject({
  name: z.string().min(1),
  /** Dense BF16 peak [FLOP/s], no sparsity: gpu_peak_flops. */
  peak_flops: z.number().positive(),
  peak_source: sourced,
  /** Default rental price [USD/GPU-hour]: gpu_hour_price_usd. */
  hour_price_usd: z.number().positive(),
  price_source: sourced,
});

export type Gpu = z.infer<typeof gpuSchema>;

/** Lower-case names with digits and hyphens: `h100-sxm`. */
export const catalogueSchema = z.record(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), gpuSchema);

let catalogue: ReadonlyMap<string, Gpu> | undefined;

/** Every GPU by the name a scenario uses, in the file's order. */
export function gpuCatalogue(): ReadonlyMap<string, Gpu> {
  catalogue ??= new Map(Object.entries(readData(GPU_FILE, catalogueSchema)));
  return catalogue;
}
