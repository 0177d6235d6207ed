/** The vega-lite spec types the chart builders need beyond TopLevelSpec (not re-exported by its index). */
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { LayerSpec, UnitSpec } from 'vega-lite/types_unstable/spec/index.js';

export type { Axis } from 'vega-lite/types_unstable/axis.js';
export type { TopLevelSpec } from 'vega-lite';

/** One entry of a `layer` array. */
export type Layer = UnitSpec<Field> | LayerSpec<Field>;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
