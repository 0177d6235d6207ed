/**
 * The calibrated inference model against published measurements, not against its own
 * arithmetic: each open model's published configuration in, its measured time on one H100 out.
 */
import { describe, expect, it } from 'vitest';
import { publishedMeasurements } from '../src/data/measurements.js';
import { CALIBRATION_UTILIZATION, attentionShare, calibrate, configurationAssumptions, evaluateRow } from '../src/model/calibration.js';

const inference = publishedMeasurements().inference;

describe('the calibrated model predicts measured generation times', () => {
  it('assumes 35% of peak, between the measured MFU of Step-Video-T2V (32%) and Seaweed-7B (38%)', () => {
    expect(CALIBRATION_UTILIZATION).toBe(0.35);
  });

  it('is held against at least three open models, Wan 2.1 14B and HunyuanVideo at 720p among them', () => {
    const models = inference.map((m) => m.model);
    expect(models.length).toBeGreaterThanOrEqual(3);
    expect(models).toEqual(expect.arrayContaining(['Wan 2.1 T2V 14B', 'HunyuanVideo 13B']));
  });

  it.each(inference.map((m) => [m.model, m] as const))('predicts %s within a factor of 2 of its measured time on one H100', (_, m) => {
    const { ratio } = calibrate(m);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('is far from the article’s chain for the same clips: its per-latent-frame scaling is some 30x too cheap at 720p', () => {
    for (const m of inference.filter((x) => x.published.height_px === 720)) {
      const calibrated = evaluateRow(configurationAssumptions(m)).gpu_seconds_per_clip;
      const article = evaluateRow({
        ...configurationAssumptions(m),
        tokens_per_latent_frame: 1024,
        attention_flops_share: 0,
        flops_per_mac: 1,
        cfg_factor: 1,
      }).gpu_seconds_per_clip;
      expect(calibrated / article, m.model).toBeGreaterThan(25);
    }
  });
});

describe('attention’s share of a forward pass', () => {
  it('is about 3% for Wan 2.1 14B at 1,024 tokens (40 layers of 5,120): 2 x 40 x 5,120 x 1,024 / (14e9 + that)', () => {
    expect(attentionShare(14e9, 40, 5120, 1024)).toBeCloseTo(0.0291, 4);
  });

  it('makes attention about two thirds of a Wan 2.1 720p pass over its 75,600 tokens, as model.md derives', () => {
    const m = inference.find((x) => x.model === 'Wan 2.1 T2V 14B')!;
    const a = configurationAssumptions(m);
    const row = evaluateRow(a);
    expect(row.video_tokens).toBe(75_600);
    const attentionPart = a.attention_flops_share * row.video_tokens / 1024;
    const whole = 1 - a.attention_flops_share + attentionPart;
    expect(attentionPart / whole).toBeGreaterThan(0.6);
    expect(attentionPart / whole).toBeLessThan(0.75);
  });
});
