/**
 * Every assumption and output in words: the one source of what `list` prints, and of the
 * text the schema, the report and --help take from ASSUMPTIONS and OUTPUTS.
 */
import { ASSUMPTIONS, describeDomain, domainBounds } from './assumptions.js';
import { OUTPUTS } from './outputs.js';
import { dependsOn } from './depends.js';

export interface AssumptionDoc {
  name: string;
  unit: string;
  meaning: string;
  /** In words: "greater than 0 and at most 1". */
  valid: string;
  min: number;
  max: number;
  min_included: boolean;
  max_included: boolean;
  /** What a scenario that leaves it out gets. */
  default: number;
  /** The article's value; null for the one assumption it does not state (the GPU-hour price). */
  seed_article_value: number | null;
  /** Where the default comes from, when not from the article. */
  source?: string;
}

export interface OutputDoc {
  name: string;
  unit: string;
  meaning: string;
  formula: string;
  depends_on: string[];
  /** The article's figures, with the data multiplier they belong to and the consistent figure where it slipped. */
  seed_article: { value: number; data_multiplier?: number; consistent?: number }[];
}

export function assumptionDocs(): AssumptionDoc[] {
  return ASSUMPTIONS.map((a) => {
    const b = domainBounds(a.domain);
    return {
      name: a.name,
      unit: a.unit,
      meaning: a.meaning,
      valid: describeDomain(a.domain),
      min: b.min,
      max: b.max,
      min_included: !b.minOpen,
      max_included: !b.maxOpen,
      default: a.articleValue,
      seed_article_value: a.source ? null : a.articleValue,
      ...(a.source ? { source: a.source } : {}),
    };
  });
}

export function outputDocs(): OutputDoc[] {
  return OUTPUTS.map((o) => ({
    name: o.name,
    unit: o.unit,
    meaning: o.meaning,
    formula: o.formula,
    depends_on: [...dependsOn(o.name)],
    seed_article: o.article.map((f) => ({
      value: f.printed,
      ...(f.dataMultiplier ? { data_multiplier: f.dataMultiplier } : {}),
      ...(f.consistent ? { consistent: f.consistent } : {}),
    })),
  }));
}
