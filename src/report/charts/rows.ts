/** The shared frame of the charts drawn as labelled rows (percentile bands, modalities). */
import { CONFIG } from './theme.js';
import { SCHEMA, type Layer, type TopLevelSpec } from './types.js';

type RowAxis = NonNullable<Extract<Layer, { encoding?: unknown }>['encoding']>['y'];

/** One row per item, each `rowHeight` tall and with its `tooltip` field as the tooltip. */
export function rowsChart(rows: object[], rowHeight: number, y: RowAxis, layer: Layer[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    // A fixed height, not a step: vega-lite warns about any step height beside a container width.
    height: rowHeight * rows.length,
    data: { values: rows },
    encoding: { y, tooltip: { field: 'tooltip', type: 'nominal' } },
    layer,
  } as TopLevelSpec;
}
