/**
 * Vega-Lite to Vega at report-writing time, so the page carries only the Vega runtime.
 * Vega-Lite's warnings are collected rather than printed: tests assert there are none.
 */
import type { LoggerInterface, Spec as VegaSpec } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from './charts/types.js';

export interface Compiled {
  spec: VegaSpec;
  warnings: string[];
}

function collectingLogger(warnings: string[]): LoggerInterface {
  let level = 2;
  const logger: LoggerInterface = {
    level(value?: number) {
      if (value === undefined) return level as never;
      level = value;
      return logger as never;
    },
    error(...args: readonly unknown[]) {
      throw new Error(args.map(String).join(' '));
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

export function compileChart(spec: TopLevelSpec): Compiled {
  const warnings: string[] = [];
  const { spec: vega } = compile(spec, { logger: collectingLogger(warnings) });
  // The page never validates against it; leaving it out keeps URLs out of the page.
  delete vega.$schema;
  return { spec: vega, warnings };
}
