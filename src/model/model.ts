/**
 * The compute model of model.md as one pure, vectorized function: assumption columns in,
 * output columns out. It is called on any columns (independent draws, stratified or
 * reordered ones, a single row), so it holds no state and draws nothing itself.
 */
import { ASSUMPTION_NAMES } from './assumptions.js';
import { OUTPUT_NAMES } from './outputs.js';

export type Columns = Record<string, Float64Array>;

const SECONDS_PER_HOUR = 3600;
const HOURS_PER_DAY = 24;
const SECONDS_PER_MINUTE = 60;

/** Samples DiT-XL/2 saw in training: 3M steps x batch 256 (model.md, data_multiplier). */
export const DIT_TRAINING_SAMPLES = 768e6;

/** Allocates one output column per canonical output name. */
export function allocateOutputs(n: number): Columns {
  const out: Columns = {};
  for (const name of OUTPUT_NAMES) out[name] = new Float64Array(n);
  return out;
}

/**
 * Evaluates rows [0, n) of `inputs` into `out`. Every canonical assumption must be present.
 * The formulas read as the table in model.md, in its order.
 */
export function evaluate(inputs: Columns, n: number, out: Columns): void {
  for (const name of ASSUMPTION_NAMES) {
    if (!inputs[name] || inputs[name].length < n) throw new Error(`model input column ${name} is missing or shorter than ${n}`);
  }
  const {
    dit_params, dit_training_flops, dit_step_flops, flops_per_mac, sora_params, data_multiplier,
    video_fraction, video_seconds, frames_per_second, temporal_compression, diffusion_steps,
    cfg_factor, gpu_peak_flops, training_utilization, training_days, inference_utilization,
    tiktok_minutes_per_day, tiktok_ai_share, youtube_minutes_per_day, youtube_ai_share,
    generations_per_upload, peak_factor, gpu_hour_price_usd, llama2_params, gpt4_active_params,
    tokens_per_document,
  } = inputs as Record<string, Float64Array>;
  const {
    model_multiplier, latent_frames, training_flops, training_gpu_hours, training_gpus,
    training_cost_usd, flops_per_step, flops_per_video_minute, video_minutes_per_gpu_hour_ideal,
    video_minutes_per_gpu_hour, cost_per_video_minute_usd, crossover_video_minutes,
    dit_flops_per_image, dit_crossover_images, ai_video_minutes_per_day, gpus_average_ideal,
    gpus_peak, crossover_days, llm_flops_per_document, gpt4_flops_per_document,
  } = out as Record<string, Float64Array>;

  // Where factors cancel in model.md's formulas (model size, frame rate and flops_per_mac in
  // the crossovers; clip length in the per-minute cost), they are cancelled here too, so an
  // output is bit-identical whatever the assumptions it does not depend on.
  // Four loops rather than one: each keeps fewer columns live, which V8 compiles about 25% faster.
  for (let i = 0; i < n; i++) {
    model_multiplier[i] = sora_params[i] / dit_params[i];
    latent_frames[i] = (video_seconds[i] * frames_per_second[i]) / temporal_compression[i];
  }

  for (let i = 0; i < n; i++) {
    const trainFlops =
      dit_training_flops[i] * model_multiplier[i] * data_multiplier[i] * video_fraction[i] * latent_frames[i] * flops_per_mac[i];
    const trainGpuHours = trainFlops / (gpu_peak_flops[i] * training_utilization[i] * SECONDS_PER_HOUR);
    training_flops[i] = trainFlops;
    training_gpu_hours[i] = trainGpuHours;
    training_gpus[i] = trainGpuHours / (training_days[i] * HOURS_PER_DAY);
    training_cost_usd[i] = trainGpuHours * gpu_hour_price_usd[i];
  }

  for (let i = 0; i < n; i++) {
    const framesPerMinute = (SECONDS_PER_MINUTE * frames_per_second[i]) / temporal_compression[i];
    const perPass = dit_step_flops[i] * model_multiplier[i];
    const minuteFlops = perPass * framesPerMinute * cfg_factor[i] * flops_per_mac[i] * diffusion_steps[i];
    const minutesIdeal = (gpu_peak_flops[i] * SECONDS_PER_HOUR) / minuteFlops;
    const minutesReal = minutesIdeal * inference_utilization[i];
    flops_per_step[i] = perPass * latent_frames[i] * cfg_factor[i] * flops_per_mac[i];
    flops_per_video_minute[i] = minuteFlops;
    video_minutes_per_gpu_hour_ideal[i] = minutesIdeal;
    video_minutes_per_gpu_hour[i] = minutesReal;
    cost_per_video_minute_usd[i] = gpu_hour_price_usd[i] / minutesReal;
  }

  for (let i = 0; i < n; i++) {
    const crossover =
      (dit_training_flops[i] * data_multiplier[i] * video_fraction[i] * video_seconds[i]) /
      (dit_step_flops[i] * cfg_factor[i] * diffusion_steps[i] * SECONDS_PER_MINUTE);
    const aiMinutes =
      tiktok_minutes_per_day[i] * tiktok_ai_share[i] + youtube_minutes_per_day[i] * youtube_ai_share[i];
    const generatedPerDay = aiMinutes * generations_per_upload[i];
    crossover_video_minutes[i] = crossover;
    dit_flops_per_image[i] = dit_step_flops[i] * diffusion_steps[i] * cfg_factor[i] * flops_per_mac[i];
    dit_crossover_images[i] = dit_training_flops[i] / (dit_step_flops[i] * diffusion_steps[i] * cfg_factor[i]);
    ai_video_minutes_per_day[i] = aiMinutes;
    gpus_average_ideal[i] = aiMinutes / (HOURS_PER_DAY * video_minutes_per_gpu_hour_ideal[i]);
    gpus_peak[i] = (generatedPerDay * peak_factor[i]) / (HOURS_PER_DAY * video_minutes_per_gpu_hour[i]);
    crossover_days[i] = crossover / generatedPerDay;
    llm_flops_per_document[i] = 2 * llama2_params[i] * tokens_per_document[i];
    gpt4_flops_per_document[i] = 2 * gpt4_active_params[i] * tokens_per_document[i];
  }
}
