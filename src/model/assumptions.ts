/**
 * The model's inputs, by their canonical names (../../../shared/model.md, "Assumptions").
 * Order here is the order users see in tables, JSON and CSV.
 */

/** Where an assumption's values may lie. Checked against each distribution's support. */
export type Domain =
  /** strictly positive: counts, sizes, rates, prices */
  | 'positive'
  /** zero or more: a volume that may be absent (minutes uploaded to a platform) */
  | 'nonnegative'
  /** a share of a whole, in [0, 1] */
  | 'fraction'
  /** an achieved fraction of peak, in (0, 1]: zero would make every GPU count infinite */
  | 'utilization'
  /** a multiplier over an average that cannot be below it, >= 1 */
  | 'at_least_one';

export interface AssumptionInfo {
  readonly name: string;
  readonly unit: string;
  readonly domain: Domain;
  /** The seed article's value; what a scenario gets for an assumption it leaves out. */
  readonly articleValue: number;
  readonly meaning: string;
  /** Where articleValue comes from when it is not in the article. */
  readonly source?: string;
}

const a = (
  name: string,
  unit: string,
  domain: Domain,
  articleValue: number,
  meaning: string,
  source?: string,
): AssumptionInfo => ({ name, unit, domain, articleValue, meaning, ...(source ? { source } : {}) });

export const ASSUMPTIONS: readonly AssumptionInfo[] = [
  a('dit_params', 'parameters', 'positive', 675e6, 'parameters of DiT-XL/2, the reference model'),
  a('dit_training_flops', 'FLOP', 'positive', 1e21, 'total training compute of DiT-XL/2 at 512x512'),
  a('dit_step_flops', 'FLOP', 'positive', 524e9, 'one DiT-XL/2 forward pass: one denoising step on one 512x512 image'),
  a('flops_per_mac', 'FLOP/MAC', 'positive', 1, 'hardware FLOP per multiply-add as counted by the DiT paper (physically 2)'),
  a('sora_params', 'parameters', 'positive', 20.25e9, 'parameters of Sora; model_multiplier = sora_params / dit_params'),
  a('data_multiplier', '×', 'positive', 4, "training samples seen by Sora relative to DiT-XL's 768M"),
  a('video_fraction', 'fraction', 'fraction', 0.5, 'share of training samples that are videos'),
  a('video_seconds', 's', 'positive', 60, 'length of one generated or training clip'),
  a('frames_per_second', 'frames/s', 'positive', 24, 'frame rate of a clip'),
  a('temporal_compression', 'frames', 'positive', 8, 'frames folded into one latent frame by the video autoencoder'),
  a(
    'tokens_per_latent_frame',
    'tokens',
    'positive',
    1024,
    'transformer tokens in one latent frame (DiT-XL/2 at 512x512: 32 x 32 = 1,024; 720p in an 8x VAE with 2x2 patches: 45 x 80 = 3,600)',
    'not in the article, which scales DiT-XL/2 per latent frame: 1,024 tokens, the DiT paper\'s 512x512 image (64 x 64 latent, patch 2); the default leaves its figures unchanged (docs/model.md, "Calibrated inference")',
  ),
  a(
    'reference_tokens',
    'tokens',
    'positive',
    1024,
    'tokens in the reference forward pass that dit_step_flops counts (DiT-XL/2 at 512x512)',
    'DiT paper (arXiv 2212.09748), Table 4: DiT-XL/2 at 512x512 has a 64 x 64 latent and patch size 2, 1,024 tokens',
  ),
  a(
    'attention_flops_share',
    'fraction',
    'fraction',
    0,
    "share of a forward pass at reference_tokens spent on attention between tokens, which grows with the tokens one attention spans (the whole clip in today's video DiTs)",
    'not in the article, which scales per latent frame as if frames did not attend to each other: 0 leaves its figures unchanged; about 2 x layers x width x reference_tokens / (parameters + that) for a published configuration (docs/model.md, "Calibrated inference")',
  ),
  a('diffusion_steps', 'steps', 'positive', 250, 'denoising steps per generated sample'),
  a('cfg_factor', 'passes/step', 'positive', 1, 'forward passes per denoising step (classifier-free guidance: 2)'),
  a('gpu_peak_flops', 'FLOP/s', 'positive', 989.4e12, 'H100 SXM dense BF16 peak'),
  a('training_utilization', 'fraction', 'utilization', 1, 'achieved fraction of peak during training'),
  a('training_days', 'days', 'positive', 30, 'wall-clock window for training'),
  a('inference_utilization', 'fraction', 'utilization', 0.5, 'achieved fraction of peak when serving'),
  a('tiktok_minutes_per_day', 'min/day', 'nonnegative', 17e6, 'minutes of video uploaded to TikTok per day'),
  a('tiktok_ai_share', 'fraction', 'fraction', 0.5, 'fraction of TikTok minutes that is AI-generated'),
  a('youtube_minutes_per_day', 'min/day', 'nonnegative', 43e6, 'minutes of video uploaded to YouTube per day'),
  a('youtube_ai_share', 'fraction', 'fraction', 0.15, 'fraction of YouTube minutes that is AI-generated'),
  a('generations_per_upload', 'videos', 'positive', 2, 'videos generated for each one uploaded'),
  a('peak_factor', '×', 'at_least_one', 2, 'peak-hour demand over the daily average'),
  a(
    'gpu_hour_price_usd',
    'USD/GPU-hour',
    'positive',
    3,
    'rental price of one H100 GPU-hour',
    "not in the article: inside the USD 2.49 to 3.99 typical on-demand range for an H100 SXM GPU-hour across Lambda, CoreWeave, Crusoe and RunPod in early 2026 (pricegpu.pages.dev, 'H100 vs A100 Cloud Pricing'); Lambda listed USD 2.49 in April 2026 (ozmarx.com, 'H100 vs A100 training')",
  ),
  a('llama2_params', 'parameters', 'positive', 70e9, 'parameters of Llama 2 70B, for the cross-modality comparison'),
  a('gpt4_active_params', 'parameters', 'positive', 440e9, 'rumoured active parameters of GPT-4 (2 experts of 220B)'),
  a('tokens_per_document', 'tokens', 'positive', 1000, 'one unit of language-model output'),
];

/**
 * The assumptions of a video DiT's forward pass that the article's chain has no counterpart for
 * (docs/model.md, "Calibrated inference"). Their defaults leave every article figure as it was,
 * so scenarios written before them need not name them.
 */
export const VIDEO_DIT_ASSUMPTIONS: readonly string[] = ['tokens_per_latent_frame', 'reference_tokens', 'attention_flops_share'];

export type AssumptionName = (typeof ASSUMPTIONS)[number]['name'];

export const ASSUMPTION_NAMES: readonly string[] = ASSUMPTIONS.map((x) => x.name);

const byName = new Map(ASSUMPTIONS.map((x) => [x.name, x]));

export function findAssumption(name: string): AssumptionInfo | undefined {
  return byName.get(name);
}

/** The closed interval of values a domain allows, and whether each end is included. */
export function domainBounds(domain: Domain): { min: number; max: number; minOpen: boolean; maxOpen: boolean } {
  switch (domain) {
    case 'positive':
      return { min: 0, max: Infinity, minOpen: true, maxOpen: true };
    case 'nonnegative':
      return { min: 0, max: Infinity, minOpen: false, maxOpen: true };
    case 'fraction':
      return { min: 0, max: 1, minOpen: false, maxOpen: false };
    case 'utilization':
      return { min: 0, max: 1, minOpen: true, maxOpen: false };
    case 'at_least_one':
      return { min: 1, max: Infinity, minOpen: false, maxOpen: true };
  }
}

export function describeDomain(domain: Domain): string {
  switch (domain) {
    case 'positive':
      return 'greater than 0';
    case 'nonnegative':
      return 'at least 0';
    case 'fraction':
      return 'between 0 and 1';
    case 'utilization':
      return 'greater than 0 and at most 1';
    case 'at_least_one':
      return 'at least 1';
  }
}
