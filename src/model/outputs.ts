/**
 * The model's outputs, by their canonical names (../../../shared/model.md, "Outputs"). Which
 * assumptions each is a function of is derived from the model (depends.ts), not listed here.
 */

export interface ArticleFigure {
  /** The figure as the article printed it (or as model.md derives it from the article). */
  readonly printed: number;
  /** The consistent figure, where the article's arithmetic slipped; see model.md. */
  readonly consistent?: number;
  /** The scenario it belongs to: the article's conservative (4) or optimistic (10) data multiplier. */
  readonly dataMultiplier?: 4 | 10;
  readonly note?: string;
}

export interface OutputInfo {
  readonly name: string;
  readonly unit: string;
  readonly meaning: string;
  /** How it is computed, in the names of assumptions and other outputs (model.md, "Outputs"). */
  readonly formula: string;
  readonly article: readonly ArticleFigure[];
}

export const SLIP_NOTE =
  'The article divides 15M AI minutes a day by 120 minutes per H100-day and prints about 89k; the quotient is 123.7k. ' +
  'Its 720k peak is 89k x 2 x 2 x 2 and inherits the slip; done consistently it is 989.7k.';

export const OUTPUTS: readonly OutputInfo[] = [
  { name: 'model_multiplier', unit: '×', meaning: 'how many times the parameters of DiT-XL/2 Sora has', formula: 'sora_params / dit_params', article: [{ printed: 30 }] },
  {
    name: 'latent_frames',
    unit: 'frames',
    meaning: 'latent frames in one clip',
    formula: 'video_seconds × frames_per_second / temporal_compression',
    article: [{ printed: 180 }],
  },
  {
    name: 'video_tokens',
    unit: 'tokens',
    meaning: 'transformer tokens in one clip: latent_frames x tokens_per_latent_frame',
    formula: 'latent_frames × tokens_per_latent_frame',
    article: [],
  },
  {
    name: 'training_flops',
    unit: 'FLOP',
    meaning: 'total compute to train Sora',
    formula: 'dit_training_flops × model_multiplier × data_multiplier × video_fraction × latent_frames × flops_per_mac',
    article: [
      { printed: 1.08e25, dataMultiplier: 4 },
      { printed: 2.7e25, dataMultiplier: 10 },
    ],
  },
  {
    name: 'training_gpu_hours',
    unit: 'GPU-h',
    meaning: 'GPU-hours to train Sora',
    formula: 'training_flops / (gpu_peak_flops × training_utilization × 3600)',
    article: [
      { printed: 3.03e6, dataMultiplier: 4 },
      { printed: 7.58e6, dataMultiplier: 10 },
    ],
  },
  {
    name: 'training_gpus',
    unit: 'GPUs',
    meaning: 'GPUs needed to train within training_days',
    formula: 'training_gpu_hours / (training_days × 24)',
    article: [
      { printed: 4211, dataMultiplier: 4 },
      { printed: 10528, dataMultiplier: 10 },
    ],
  },
  {
    name: 'training_cost_usd',
    unit: 'USD',
    meaning: 'rental cost of the training GPU-hours',
    formula: 'training_gpu_hours × gpu_hour_price_usd',
    article: [],
  },
  { name: 'flops_per_step', unit: 'FLOP', meaning: 'compute of one denoising step on one clip', formula: 'dit_step_flops × model_multiplier × latent_frames × (tokens_per_latent_frame / reference_tokens) × (1 + attention_flops_share × (video_tokens / reference_tokens - 1)) × cfg_factor × flops_per_mac', article: [{ printed: 2.83e15 }] },
  {
    name: 'flops_per_video_minute',
    unit: 'FLOP/min',
    meaning: 'inference compute per minute of generated video',
    formula: 'flops_per_step × diffusion_steps × 60 / video_seconds',
    article: [{ printed: 7.07e17 }],
  },
  {
    name: 'video_minutes_per_gpu_hour_ideal',
    unit: 'min/GPU-h',
    meaning: 'video minutes one GPU generates per hour at peak',
    formula: 'gpu_peak_flops × 3600 / flops_per_video_minute',
    article: [{ printed: 5.04 }],
  },
  {
    name: 'video_minutes_per_gpu_hour',
    unit: 'min/GPU-h',
    meaning: 'video minutes one GPU generates per hour at inference_utilization',
    formula: 'video_minutes_per_gpu_hour_ideal × inference_utilization',
    article: [{ printed: 2.52 }],
  },
  {
    name: 'gpu_seconds_per_video_minute',
    unit: 'GPU-s/min',
    meaning: 'GPU-seconds to generate one minute of video at inference_utilization',
    formula: '3600 / video_minutes_per_gpu_hour',
    article: [],
  },
  {
    name: 'gpu_seconds_per_clip',
    unit: 'GPU-s',
    meaning: 'GPU-seconds to generate one clip of video_seconds at inference_utilization: the time one GPU takes',
    formula: 'flops_per_step × diffusion_steps / (gpu_peak_flops × inference_utilization)',
    article: [],
  },
  {
    name: 'cost_per_video_minute_usd',
    unit: 'USD/min',
    meaning: 'GPU rental cost of one minute of generated video',
    formula: 'gpu_hour_price_usd / video_minutes_per_gpu_hour',
    article: [],
  },
  {
    name: 'crossover_video_minutes',
    unit: 'min',
    meaning: 'video minutes whose inference compute equals the training compute',
    formula: 'training_flops / flops_per_video_minute',
    article: [
      { printed: 15.27e6, dataMultiplier: 4 },
      { printed: 38.17e6, dataMultiplier: 10 },
    ],
  },
  {
    name: 'dit_flops_per_image',
    unit: 'FLOP',
    meaning: 'inference compute of one DiT-XL/2 image',
    formula: 'dit_step_flops × diffusion_steps × cfg_factor × flops_per_mac',
    article: [{ printed: 1.31e14 }],
  },
  {
    name: 'dit_crossover_images',
    unit: 'images',
    meaning: "DiT-XL/2 images whose inference compute equals DiT-XL/2's training compute",
    formula: 'dit_training_flops × flops_per_mac / dit_flops_per_image',
    article: [{ printed: 7.63e6 }],
  },
  { name: 'ai_video_minutes_per_day', unit: 'min/day', meaning: 'AI-generated minutes uploaded per day', formula: 'tiktok_minutes_per_day × tiktok_ai_share + youtube_minutes_per_day × youtube_ai_share', article: [{ printed: 14.95e6 }] },
  {
    name: 'gpus_average_ideal',
    unit: 'GPUs',
    meaning: 'GPUs to generate the daily AI minutes at peak throughput, average load',
    formula: 'ai_video_minutes_per_day / (24 × video_minutes_per_gpu_hour_ideal)',
    article: [{ printed: 89e3, consistent: 123.7e3, note: SLIP_NOTE }],
  },
  {
    name: 'gpus_peak',
    unit: 'GPUs',
    meaning: 'GPUs to serve peak-hour demand, drafts included',
    formula: 'ai_video_minutes_per_day × generations_per_upload × peak_factor / (24 × video_minutes_per_gpu_hour)',
    article: [{ printed: 720e3, consistent: 989.7e3, note: SLIP_NOTE }],
  },
  {
    name: 'crossover_days',
    unit: 'days',
    meaning: 'days of platform-scale generation until inference compute equals training compute',
    formula: 'crossover_video_minutes / (ai_video_minutes_per_day × generations_per_upload)',
    article: [
      { printed: 0.51, dataMultiplier: 4 },
      { printed: 1.28, dataMultiplier: 10 },
    ],
  },
  {
    name: 'llm_flops_per_document',
    unit: 'FLOP',
    meaning: 'inference compute of 1,000 tokens of Llama 2 70B',
    formula: '2 × llama2_params × tokens_per_document',
    article: [{ printed: 1.4e14 }],
  },
  {
    name: 'gpt4_flops_per_document',
    unit: 'FLOP',
    meaning: 'inference compute of 1,000 tokens of GPT-4',
    formula: '2 × gpt4_active_params × tokens_per_document',
    article: [{ printed: 8.8e14 }],
  },
];

/** The outputs users ask about first: compared, attributed and analysed by default. */
export const KEY_OUTPUTS = ['gpus_peak', 'crossover_video_minutes', 'training_flops', 'cost_per_video_minute_usd'] as const;

export const OUTPUT_NAMES: readonly string[] = OUTPUTS.map((o) => o.name);

const byName = new Map(OUTPUTS.map((o) => [o.name, o]));

export function findOutput(name: string): OutputInfo | undefined {
  return byName.get(name);
}
