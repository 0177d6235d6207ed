// The compute model of model.md, over one block of rows (see src/model/model.ts, which calls it).
//
// A block is two matrices of BLOCK_ROWS-row f64 columns, laid out one column after another: the
// assumptions in the order of ASSUMPTION_NAMES (src/model/assumptions.ts), the outputs in the
// order of OUTPUT_NAMES (src/model/outputs.ts), their offsets generated from those lists at build
// time (scripts/model-columns.mjs writes assembly/columns.ts). Every column then sits at a
// constant offset from the row's address, which WebAssembly folds into the load and store
// instructions: one pointer register walks all the columns.

import { BLOCK_ROWS, STRIDE } from './block';
// The columns' offsets, one constant per canonical name, generated from the names at build time.
import {
  INPUT_COLUMNS, OUTPUT_COLUMNS,
  dit_params, dit_training_flops, dit_step_flops, flops_per_mac, sora_params, data_multiplier, video_fraction,
  video_seconds, frames_per_second, temporal_compression, tokens_per_latent_frame, reference_tokens,
  attention_flops_share, diffusion_steps, cfg_factor, gpu_peak_flops,
  training_utilization, training_days, inference_utilization, tiktok_minutes_per_day, tiktok_ai_share,
  youtube_minutes_per_day, youtube_ai_share, generations_per_upload, peak_factor, gpu_hour_price_usd,
  llama2_params, gpt4_active_params, tokens_per_document,
  model_multiplier, latent_frames, video_tokens, training_flops, training_gpu_hours, training_gpus, training_cost_usd,
  flops_per_step, flops_per_video_minute, video_minutes_per_gpu_hour_ideal, video_minutes_per_gpu_hour,
  gpu_seconds_per_video_minute, gpu_seconds_per_clip, cost_per_video_minute_usd, crossover_video_minutes, dit_flops_per_image, dit_crossover_images,
  ai_video_minutes_per_day, gpus_average_ideal, gpus_peak, crossover_days, llm_flops_per_document,
  gpt4_flops_per_document,
} from './columns';

const SECONDS_PER_HOUR: f64 = 3600;
const HOURS_PER_DAY: f64 = 24;
const SECONDS_PER_MINUTE: f64 = 60;

// Two rows at a time, in f64x2 lanes: each lane does the scalar formula's operations in its
// order, so every output is bit-identical to one row at a time, and the dozen divisions a row
// (what the loop's time goes to) take half the instructions. Columns have room for an even
// count (see STRIDE): a last odd row's partner lane computes an unused row.

// @ts-ignore: decorator
@inline function get(row: usize, column: usize): v128 {
  return v128.load(row + column);
}

// @ts-ignore: decorator
@inline function put(row: usize, column: usize, value: v128): void {
  v128.store(row + column, value);
}

// @ts-ignore: decorator
@inline function mul(a: v128, b: v128): v128 {
  return f64x2.mul(a, b);
}

// @ts-ignore: decorator
@inline function div(a: v128, b: v128): v128 {
  return f64x2.div(a, b);
}

// @ts-ignore: decorator
@inline function sub(a: v128, b: v128): v128 {
  return f64x2.sub(a, b);
}

// @ts-ignore: decorator
@inline function add(a: v128, b: v128): v128 {
  return f64x2.add(a, b);
}

export const blockRows = BLOCK_ROWS;
export const blockStride = STRIDE;
export const inputColumns = INPUT_COLUMNS;
export const outputColumns = OUTPUT_COLUMNS;

/**
 * Evaluates rows [0, n) of the block whose assumption matrix starts at `inputs` and whose
 * output matrix starts at `outputs`. The formulas read as the table in model.md, in its order.
 *
 * Where factors cancel in model.md's formulas (model size, frame rate and flops_per_mac in the
 * crossovers; clip length in the per-minute cost, except through attention across the clip), they
 * are cancelled here too, so an output is bit-identical whatever the assumptions it does not
 * depend on.
 */
export function evaluate(inputs: usize, outputs: usize, n: i32): void {
  const perHour = f64x2.splat(SECONDS_PER_HOUR);
  const perDay = f64x2.splat(HOURS_PER_DAY);
  const perMinute = f64x2.splat(SECONDS_PER_MINUTE);
  const two = f64x2.splat(2);
  const one = f64x2.splat(1);
  for (let i = 0; i < n; i += 2) {
    const a = inputs + (<usize>i << 3);
    const o = outputs + (<usize>i << 3);

    const multiplier = div(get(a, sora_params), get(a, dit_params));
    const latentFrames = div(mul(get(a, video_seconds), get(a, frames_per_second)), get(a, temporal_compression));
    put(o, model_multiplier, multiplier);
    put(o, latent_frames, latentFrames);
    // A video DiT's pass over the clip against the article's DiT-XL/2 pass per latent frame: more
    // tokens per frame, and attention that spans the whole clip. Both are exactly 1 at the
    // defaults, so the article's figures stay bit for bit (docs/model.md, "Calibrated inference").
    const videoTokens = mul(latentFrames, get(a, tokens_per_latent_frame));
    const tokenScale = div(get(a, tokens_per_latent_frame), get(a, reference_tokens));
    const attention = add(one, mul(get(a, attention_flops_share), sub(div(videoTokens, get(a, reference_tokens)), one)));
    const videoPass = mul(tokenScale, attention);
    put(o, video_tokens, videoTokens);

    const trainFlops = mul(
      mul(mul(mul(mul(get(a, dit_training_flops), multiplier), get(a, data_multiplier)), get(a, video_fraction)), latentFrames),
      get(a, flops_per_mac),
    );
    const trainGpuHours = div(trainFlops, mul(mul(get(a, gpu_peak_flops), get(a, training_utilization)), perHour));
    put(o, training_flops, trainFlops);
    put(o, training_gpu_hours, trainGpuHours);
    put(o, training_gpus, div(trainGpuHours, mul(get(a, training_days), perDay)));
    put(o, training_cost_usd, mul(trainGpuHours, get(a, gpu_hour_price_usd)));

    const framesPerMinute = div(mul(perMinute, get(a, frames_per_second)), get(a, temporal_compression));
    const perPass = mul(mul(get(a, dit_step_flops), multiplier), videoPass);
    const minuteFlops = mul(mul(mul(mul(perPass, framesPerMinute), get(a, cfg_factor)), get(a, flops_per_mac)), get(a, diffusion_steps));
    const minutesIdeal = div(mul(get(a, gpu_peak_flops), perHour), minuteFlops);
    const minutesReal = mul(minutesIdeal, get(a, inference_utilization));
    const stepFlops = mul(mul(mul(perPass, latentFrames), get(a, cfg_factor)), get(a, flops_per_mac));
    put(o, flops_per_step, stepFlops);
    put(o, flops_per_video_minute, minuteFlops);
    put(o, video_minutes_per_gpu_hour_ideal, minutesIdeal);
    put(o, video_minutes_per_gpu_hour, minutesReal);
    put(o, gpu_seconds_per_video_minute, div(perHour, minutesReal));
    put(o, gpu_seconds_per_clip, div(mul(stepFlops, get(a, diffusion_steps)), mul(get(a, gpu_peak_flops), get(a, inference_utilization))));
    put(o, cost_per_video_minute_usd, div(get(a, gpu_hour_price_usd), minutesReal));

    const crossover = div(
      mul(mul(mul(get(a, dit_training_flops), get(a, data_multiplier)), get(a, video_fraction)), get(a, video_seconds)),
      mul(mul(mul(mul(get(a, dit_step_flops), get(a, cfg_factor)), get(a, diffusion_steps)), perMinute), videoPass),
    );
    const aiMinutes = add(
      mul(get(a, tiktok_minutes_per_day), get(a, tiktok_ai_share)),
      mul(get(a, youtube_minutes_per_day), get(a, youtube_ai_share)),
    );
    const generatedPerDay = mul(aiMinutes, get(a, generations_per_upload));
    put(o, crossover_video_minutes, crossover);
    put(o, dit_flops_per_image, mul(mul(mul(get(a, dit_step_flops), get(a, diffusion_steps)), get(a, cfg_factor)), get(a, flops_per_mac)));
    put(o, dit_crossover_images, div(get(a, dit_training_flops), mul(mul(get(a, dit_step_flops), get(a, diffusion_steps)), get(a, cfg_factor))));
    put(o, ai_video_minutes_per_day, aiMinutes);
    put(o, gpus_average_ideal, div(aiMinutes, mul(perDay, minutesIdeal)));
    put(o, gpus_peak, div(mul(generatedPerDay, get(a, peak_factor)), mul(perDay, minutesReal)));
    put(o, crossover_days, div(crossover, generatedPerDay));
    put(o, llm_flops_per_document, mul(mul(two, get(a, llama2_params)), get(a, tokens_per_document)));
    put(o, gpt4_flops_per_document, mul(mul(two, get(a, gpt4_active_params)), get(a, tokens_per_document)));
  }
}
