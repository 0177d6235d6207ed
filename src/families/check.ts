/** Parameter rules shared by the families; each breach is a ParamError naming the parameter. */
import { ParamError } from './types.js';

/** The named parameters must be finite numbers; the optional ones only when present. */
export function finite(spec: object, required: readonly string[], optional: readonly string[] = []): void {
  const given = spec as Record<string, unknown>;
  for (const name of [...required, ...optional.filter((o) => given[o] !== undefined)]) {
    const v = given[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ParamError(name, `${name} must be a finite number, not ${String(v)}`);
    }
  }
}

export function above(name: string, value: number, floor: number, why = ''): void {
  if (!(value > floor)) throw new ParamError(name, `${name} (${value}) must be greater than ${floor}${why}`);
}

/** `high` must exceed `low`; `blame` is the one the user should change (the one they wrote). */
export function ordered(lowName: string, low: number, highName: string, high: number, blame = highName): void {
  if (!(high > low)) throw new ParamError(blame, `${highName} (${high}) must be greater than ${lowName} (${low})`);
}

export function modeWithin(min: number, mode: number, max: number): void {
  if (!(mode >= min && mode <= max)) {
    throw new ParamError('mode', `mode (${mode}) must be between min (${min}) and max (${max})`);
  }
}

/** Shape parameters and shares in text: three significant digits, no trailing zeros. */
export function short(x: number): string {
  return String(Number(x.toPrecision(3)));
}
