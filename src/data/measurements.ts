/**
 * Published measurements (data/measurements.yaml): open models' generation times on one GPU with
 * the configurations they were published with, training budgets, and API prices per second of
 * video. The calibration test and the report's "Reality check" read them.
 */
import * as z from 'zod';
import { readData } from './read.js';

export const MEASUREMENTS_FILE = 'measurements.yaml';

/** A year, a month, or a quarter: 2025, 2025-02, 2025-Q4. */
const date = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$/);
const source = z.string().min(1);
const positive = z.number().positive();
const count = z.number().int().positive();

export const inferenceSchema = z.strictObject({
  model: z.string().min(1),
  configuration: z.string().min(1),
  date,
  source,
  /** A name of data/gpus.yaml. */
  gpu: z.string(),
  gpus: count,
  /** Wall-clock seconds for one clip on `gpus` GPUs. */
  seconds: positive,
  published: z.strictObject({
    parameters: positive,
    layers: count,
    /** Hidden size of the transformer. */
    width: count,
    config_source: source,
    width_px: count,
    height_px: count,
    frames: count,
    frames_per_second: positive,
    /** Latent frames of the clip after the VAE (causal VAEs keep the first frame alone: 1 + (frames - 1) / 4). */
    latent_frames: count,
    /** Pixels per latent pixel along each side. */
    spatial_compression: count,
    /** Latent pixels per token along each side. */
    patch: count,
    steps: count,
    /** Forward passes a step: 2 with classifier-free guidance, 1 when guidance is distilled. */
    passes_per_step: count,
  }),
});

export const trainingSchema = z.strictObject({ model: z.string().min(1), date, source, gpu: z.string(), gpu_hours: positive });

export const priceSchema = z.strictObject({ model: z.string().min(1), date, source, usd_per_second: positive });

export const measurementsSchema = z.strictObject({
  inference: z.array(inferenceSchema).min(1),
  training: z.array(trainingSchema),
  prices: z.array(priceSchema),
});

export type InferenceMeasurement = z.infer<typeof inferenceSchema>;
export type TrainingMeasurement = z.infer<typeof trainingSchema>;
export type PriceMeasurement = z.infer<typeof priceSchema>;
export type Measurements = z.infer<typeof measurementsSchema>;

let measurements: Measurements | undefined;

export function publishedMeasurements(): Measurements {
  measurements ??= readData(MEASUREMENTS_FILE, measurementsSchema);
  return measurements;
}

/** GPU-seconds per minute of video: GPUs x seconds x 60 / clip seconds. */
export function gpuSecondsPerVideoMinute(m: InferenceMeasurement): number {
  const clipSeconds = m.published.frames / m.published.frames_per_second;
  return (m.gpus * m.seconds * 60) / clipSeconds;
}
