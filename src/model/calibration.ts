/**
 * An open model's published configuration as the model's assumptions, so its predicted
 * generation time can be held against the measured one (docs/model.md, "Calibrated inference").
 */
import { gpuCatalogue } from '../data/gpus.js';
import type { InferenceMeasurement } from '../data/measurements.js';
import { ASSUMPTIONS, findAssumption } from './assumptions.js';
import { allocateOutputs, evaluate } from './model.js';

/**
 * The inference utilization the calibration assumes: between the measured MFU of video DiT
 * training, 32% (Step-Video-T2V, arXiv 2502.10248) and 38% (Seaweed-7B, arXiv 2504.08685).
 * Not fitted to the inference times it is tested against.
 */
export const CALIBRATION_UTILIZATION = 0.35;

/**
 * Attention's share of a forward pass at `tokens` tokens, for a transformer of `parameters`
 * parameters, `layers` layers of `width`: per token, the weights cost about one multiply-add
 * each, and attention 2 x width per layer per token attended (scores and weighted values).
 */
export function attentionShare(parameters: number, layers: number, width: number, tokens: number): number {
  const attention = 2 * layers * width * tokens;
  return attention / (parameters + attention);
}

/** The assumptions that describe a measured configuration; the rest keep their article values. */
export function configurationAssumptions(m: InferenceMeasurement, utilization = CALIBRATION_UTILIZATION): Record<string, number> {
  const p = m.published;
  const gpu = gpuCatalogue().get(m.gpu);
  if (!gpu) throw new Error(`unknown GPU '${m.gpu}' in the measurement of ${m.model}`);
  const side = p.spatial_compression * p.patch;
  const referenceTokens = findAssumption('reference_tokens')!.articleValue;
  return {
    sora_params: p.parameters,
    video_seconds: p.frames / p.frames_per_second,
    frames_per_second: p.frames_per_second,
    temporal_compression: p.frames / p.latent_frames,
    tokens_per_latent_frame: (p.width_px / side) * (p.height_px / side),
    attention_flops_share: attentionShare(p.parameters, p.layers, p.width, referenceTokens),
    diffusion_steps: p.steps,
    cfg_factor: p.passes_per_step,
    flops_per_mac: 2,
    gpu_peak_flops: gpu.peak_flops,
    inference_utilization: utilization,
  };
}

/** Every output of the model for one row: article values, overridden by `overrides`. */
export function evaluateRow(overrides: Record<string, number>): Record<string, number> {
  const inputs: Record<string, Float64Array> = {};
  for (const a of ASSUMPTIONS) inputs[a.name] = Float64Array.of(overrides[a.name] ?? a.articleValue);
  const out = allocateOutputs(1);
  evaluate(inputs, 1, out);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v[0]]));
}

export interface Calibration {
  model: string;
  configuration: string;
  measured: number;
  predicted: number;
  /** predicted / measured */
  ratio: number;
  source: string;
}

/** The model's wall-clock seconds on the measured GPUs beside the measured ones. */
export function calibrate(m: InferenceMeasurement, utilization = CALIBRATION_UTILIZATION): Calibration {
  const predicted = evaluateRow(configurationAssumptions(m, utilization)).gpu_seconds_per_clip / m.gpus;
  return { model: m.model, configuration: m.configuration, measured: m.seconds, predicted, ratio: predicted / m.seconds, source: m.source };
}
