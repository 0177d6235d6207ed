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
 * The formulas, each intermediate once, for `evaluate` (every output, sharing them) and
 * `evaluateOutputs` (a few outputs, each from the assumptions alone): the same operations in the
 * same order either way, so an output is bit-identical whichever computes it.
 */

// @ts-ignore: decorator
@inline function multiplierOf(a: usize): v128 {
  return div(get(a, sora_params), get(a, dit_params));
}

// @ts-ignore: decorator
@inline function latentFramesOf(a: usize): v128 {
  return div(mul(get(a, video_seconds), get(a, frames_per_second)), get(a, temporal_compression));
}

// @ts-ignore: decorator
@inline function videoTokensOf(a: usize, latentFrames: v128): v128 {
  return mul(latentFrames, get(a, tokens_per_latent_frame));
}

// A video DiT's pass over the clip against the article's DiT-XL/2 pass per latent frame: more
// tokens per frame, and attention that spans the whole clip. Both are exactly 1 at the
// defaults, so the article's figures stay bit for bit (docs/model.md, "Calibrated inference").
// @ts-ignore: decorator
@inline function videoPassOf(a: usize, videoTokens: v128): v128 {
  const tokenScale = div(get(a, tokens_per_latent_frame), get(a, reference_tokens));
  const attention = add(f64x2.splat(1), mul(get(a, attention_flops_share), sub(div(videoTokens, get(a, reference_tokens)), f64x2.splat(1))));
  return mul(tokenScale, attention);
}

// @ts-ignore: decorator
@inline function trainFlopsOf(a: usize, multiplier: v128, latentFrames: v128): v128 {
  return mul(
    mul(mul(mul(mul(get(a, dit_training_flops), multiplier), get(a, data_multiplier)), get(a, video_fraction)), latentFrames),
    get(a, flops_per_mac),
  );
}

// @ts-ignore: decorator
@inline function trainGpuHoursOf(a: usize, trainFlops: v128): v128 {
  return div(trainFlops, mul(mul(get(a, gpu_peak_flops), get(a, training_utilization)), f64x2.splat(SECONDS_PER_HOUR)));
}

// @ts-ignore: decorator
@inline function perPassOf(a: usize, multiplier: v128, videoPass: v128): v128 {
  return mul(mul(get(a, dit_step_flops), multiplier), videoPass);
}

// @ts-ignore: decorator
@inline function minuteFlopsOf(a: usize, perPass: v128): v128 {
  const framesPerMinute = div(mul(f64x2.splat(SECONDS_PER_MINUTE), get(a, frames_per_second)), get(a, temporal_compression));
  return mul(mul(mul(mul(perPass, framesPerMinute), get(a, cfg_factor)), get(a, flops_per_mac)), get(a, diffusion_steps));
}

// @ts-ignore: decorator
@inline function minutesIdealOf(a: usize, minuteFlops: v128): v128 {
  return div(mul(get(a, gpu_peak_flops), f64x2.splat(SECONDS_PER_HOUR)), minuteFlops);
}

// @ts-ignore: decorator
@inline function minutesRealOf(a: usize, minutesIdeal: v128): v128 {
  return mul(minutesIdeal, get(a, inference_utilization));
}

// @ts-ignore: decorator
@inline function stepFlopsOf(a: usize, perPass: v128, latentFrames: v128): v128 {
  return mul(mul(mul(perPass, latentFrames), get(a, cfg_factor)), get(a, flops_per_mac));
}

// @ts-ignore: decorator
@inline function crossoverOf(a: usize, videoPass: v128): v128 {
  return div(
    mul(mul(mul(get(a, dit_training_flops), get(a, data_multiplier)), get(a, video_fraction)), get(a, video_seconds)),
    mul(mul(mul(mul(get(a, dit_step_flops), get(a, cfg_factor)), get(a, diffusion_steps)), f64x2.splat(SECONDS_PER_MINUTE)), videoPass),
  );
}

// @ts-ignore: decorator
@inline function aiMinutesOf(a: usize): v128 {
  return add(
    mul(get(a, tiktok_minutes_per_day), get(a, tiktok_ai_share)),
    mul(get(a, youtube_minutes_per_day), get(a, youtube_ai_share)),
  );
}

// @ts-ignore: decorator
@inline function generatedPerDayOf(a: usize, aiMinutes: v128): v128 {
  return mul(aiMinutes, get(a, generations_per_upload));
}

// @ts-ignore: decorator
@inline function stepsTimesCfgOf(a: usize): v128 {
  return mul(mul(get(a, dit_step_flops), get(a, diffusion_steps)), get(a, cfg_factor));
}

// @ts-ignore: decorator
@inline function perDocumentOf(a: usize, params: usize): v128 {
  return mul(mul(f64x2.splat(2), get(a, params)), get(a, tokens_per_document));
}

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
  for (let i = 0; i < n; i += 2) {
    const a = inputs + (<usize>i << 3);
    const o = outputs + (<usize>i << 3);

    const multiplier = multiplierOf(a);
    const latentFrames = latentFramesOf(a);
    const videoTokens = videoTokensOf(a, latentFrames);
    const videoPass = videoPassOf(a, videoTokens);
    put(o, model_multiplier, multiplier);
    put(o, latent_frames, latentFrames);
    put(o, video_tokens, videoTokens);

    const trainFlops = trainFlopsOf(a, multiplier, latentFrames);
    const trainGpuHours = trainGpuHoursOf(a, trainFlops);
    put(o, training_flops, trainFlops);
    put(o, training_gpu_hours, trainGpuHours);
    put(o, training_gpus, div(trainGpuHours, mul(get(a, training_days), perDay)));
    put(o, training_cost_usd, mul(trainGpuHours, get(a, gpu_hour_price_usd)));

    const perPass = perPassOf(a, multiplier, videoPass);
    const minuteFlops = minuteFlopsOf(a, perPass);
    const minutesIdeal = minutesIdealOf(a, minuteFlops);
    const minutesReal = minutesRealOf(a, minutesIdeal);
    const stepFlops = stepFlopsOf(a, perPass, latentFrames);
    put(o, flops_per_step, stepFlops);
    put(o, flops_per_video_minute, minuteFlops);
    put(o, video_minutes_per_gpu_hour_ideal, minutesIdeal);
    put(o, video_minutes_per_gpu_hour, minutesReal);
    put(o, gpu_seconds_per_video_minute, div(perHour, minutesReal));
    put(o, gpu_seconds_per_clip, div(mul(stepFlops, get(a, diffusion_steps)), mul(get(a, gpu_peak_flops), get(a, inference_utilization))));
    put(o, cost_per_video_minute_usd, div(get(a, gpu_hour_price_usd), minutesReal));

    const crossover = crossoverOf(a, videoPass);
    const aiMinutes = aiMinutesOf(a);
    const generatedPerDay = generatedPerDayOf(a, aiMinutes);
    const stepsTimesCfg = stepsTimesCfgOf(a);
    put(o, crossover_video_minutes, crossover);
    put(o, dit_flops_per_image, mul(stepsTimesCfg, get(a, flops_per_mac)));
    put(o, dit_crossover_images, div(get(a, dit_training_flops), stepsTimesCfg));
    put(o, ai_video_minutes_per_day, aiMinutes);
    put(o, gpus_average_ideal, div(aiMinutes, mul(perDay, minutesIdeal)));
    put(o, gpus_peak, div(mul(generatedPerDay, get(a, peak_factor)), mul(perDay, minutesReal)));
    put(o, crossover_days, div(crossover, generatedPerDay));
    put(o, llm_flops_per_document, perDocumentOf(a, llama2_params));
    put(o, gpt4_flops_per_document, perDocumentOf(a, gpt4_active_params));
  }
}

// Output k (its column's place in OUTPUT_NAMES) of rows a and a + 1, from the assumptions alone:
// each case is evaluate's expression for that output, its intermediates made again. The outputs
// made from video_minutes_per_gpu_hour are fromMinutesReal's.
// @ts-ignore: decorator
@inline function outputOf(k: i32, a: usize): v128 {
  const perDay = f64x2.splat(HOURS_PER_DAY);
  switch (<usize>k * STRIDE) {
    case model_multiplier: return multiplierOf(a);
    case latent_frames: return latentFramesOf(a);
    case video_tokens: return videoTokensOf(a, latentFramesOf(a));
    case training_flops: return trainFlopsOf(a, multiplierOf(a), latentFramesOf(a));
    case training_gpu_hours: return trainGpuHoursOf(a, trainFlopsOf(a, multiplierOf(a), latentFramesOf(a)));
    case training_gpus: return div(trainGpuHoursOf(a, trainFlopsOf(a, multiplierOf(a), latentFramesOf(a))), mul(get(a, training_days), perDay));
    case training_cost_usd: return mul(trainGpuHoursOf(a, trainFlopsOf(a, multiplierOf(a), latentFramesOf(a))), get(a, gpu_hour_price_usd));
    default: break;
  }
  const multiplier = multiplierOf(a);
  const latentFrames = latentFramesOf(a);
  const perPass = perPassOf(a, multiplier, videoPassOf(a, videoTokensOf(a, latentFrames)));
  switch (<usize>k * STRIDE) {
    case flops_per_step: return stepFlopsOf(a, perPass, latentFrames);
    case flops_per_video_minute: return minuteFlopsOf(a, perPass);
    case video_minutes_per_gpu_hour_ideal: return minutesIdealOf(a, minuteFlopsOf(a, perPass));
    case gpu_seconds_per_clip:
      return div(mul(stepFlopsOf(a, perPass, latentFrames), get(a, diffusion_steps)), mul(get(a, gpu_peak_flops), get(a, inference_utilization)));
    case gpus_average_ideal: return div(aiMinutesOf(a), mul(perDay, minutesIdealOf(a, minuteFlopsOf(a, perPass))));
    default: break;
  }
  switch (<usize>k * STRIDE) {
    case crossover_video_minutes: return crossoverOf(a, videoPassOf(a, videoTokensOf(a, latentFramesOf(a))));
    case dit_flops_per_image: return mul(stepsTimesCfgOf(a), get(a, flops_per_mac));
    case dit_crossover_images: return div(get(a, dit_training_flops), stepsTimesCfgOf(a));
    case ai_video_minutes_per_day: return aiMinutesOf(a);
    case crossover_days: return div(crossoverOf(a, videoPassOf(a, videoTokensOf(a, latentFramesOf(a)))), generatedPerDayOf(a, aiMinutesOf(a)));
    case llm_flops_per_document: return perDocumentOf(a, llama2_params);
    case gpt4_flops_per_document: return perDocumentOf(a, gpt4_active_params);
    default: return f64x2.splat(NaN);
  }
}

// The outputs made from video_minutes_per_gpu_hour (minutesReal): six of a row's seven
// divisions in gpus_peak and cost_per_video_minute_usd go to it, from fourteen assumptions.
// @ts-ignore: decorator
@inline function fromMinutesReal(k: i32, a: usize, minutesReal: v128): v128 {
  switch (<usize>k * STRIDE) {
    case video_minutes_per_gpu_hour: return minutesReal;
    case gpu_seconds_per_video_minute: return div(f64x2.splat(SECONDS_PER_HOUR), minutesReal);
    case cost_per_video_minute_usd: return div(get(a, gpu_hour_price_usd), minutesReal);
    case gpus_peak:
      return div(mul(generatedPerDayOf(a, aiMinutesOf(a)), get(a, peak_factor)), mul(f64x2.splat(HOURS_PER_DAY), minutesReal));
    default: return f64x2.splat(NaN);
  }
}

const MINUTES_REAL_USERS: u32 =
  (<u32>1 << <u32>(video_minutes_per_gpu_hour / STRIDE)) |
  (<u32>1 << <u32>(gpu_seconds_per_video_minute / STRIDE)) |
  (<u32>1 << <u32>(cost_per_video_minute_usd / STRIDE)) |
  (<u32>1 << <u32>(gpus_peak / STRIDE));
export const minutesRealUsers = MINUTES_REAL_USERS;

/**
 * Evaluates rows [0, n) as `evaluate` does, but only the outputs whose bits are set in `wanted`
 * (bit k: the output k of OUTPUT_NAMES), each from the assumptions alone. A comparison's coalition
 * wants one or two of the twenty-odd outputs; evaluate's sharing of intermediates only pays when
 * most are wanted. The other output columns are left as they were.
 *
 * The outputs made from video_minutes_per_gpu_hour (MINUTES_REAL_USERS) take it from the column
 * at `minutesReal`, written here unless `reuse`: a caller that switched none of the assumptions it
 * is made from since the last call that wrote it (in src/engine/chunks.ts, coalitions that differ
 * only in the demand side) passes 1 and saves its six divisions a row.
 */
export function evaluateOutputs(inputs: usize, outputs: usize, n: i32, wanted: u32, minutesReal: usize, reuse: i32): void {
  if (wanted & MINUTES_REAL_USERS && !reuse) {
    for (let i = 0; i < n; i += 2) {
      const a = inputs + (<usize>i << 3);
      const perPass = perPassOf(a, multiplierOf(a), videoPassOf(a, videoTokensOf(a, latentFramesOf(a))));
      v128.store(minutesReal + (<usize>i << 3), minutesRealOf(a, minutesIdealOf(a, minuteFlopsOf(a, perPass))));
    }
  }
  for (let k = 0; k < OUTPUT_COLUMNS; k++) {
    if (!(wanted & (<u32>1 << k))) continue;
    const column = <usize>k * STRIDE;
    if (MINUTES_REAL_USERS & (<u32>1 << k)) {
      for (let i = 0; i < n; i += 2) {
        const row = <usize>i << 3;
        v128.store(outputs + column + row, fromMinutesReal(k, inputs + row, v128.load(minutesReal + row)));
      }
      continue;
    }
    for (let i = 0; i < n; i += 2) {
      const row = <usize>i << 3;
      v128.store(outputs + column + row, outputOf(k, inputs + row));
    }
  }
}
