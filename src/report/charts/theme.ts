/** One sober look for every chart: system fonts only (the page loads nothing), muted colours. */
import type { Config } from 'vega-lite';

export const INK = '#1d2733';
export const MUTED = '#6b7785';
export const RULE = '#c9d1da';
/** This run's numbers. */
export const ACCENT = '#1f5f8b';
export const ACCENT_LIGHT = '#9cc0dc';
/** Figures printed in the seed article. */
export const ARTICLE = '#b5651d';
/** The second series where two are compared (DiT-XL/2 beside Sora). */
export const SECOND = '#5b8c3a';

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const CONFIG: Config = {
  font: FONT,
  background: '#ffffff',
  padding: 6,
  view: { stroke: null },
  axis: {
    labelColor: INK,
    titleColor: INK,
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 'normal',
    gridColor: '#eef1f4',
    domainColor: RULE,
    tickColor: RULE,
    labelOverlap: true,
  },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', orient: 'top' },
  title: { fontSize: 12, fontWeight: 'normal', color: INK, anchor: 'start' },
  text: { font: FONT, fontSize: 11, color: INK },
};
