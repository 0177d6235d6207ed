/** Equality of distribution specs as values: key order and absent-versus-undefined keys do not matter. */
import type { DistSpec } from '../families/types.js';

function definedKeys(spec: DistSpec): string[] {
  return Object.entries(spec)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k)
    .sort();
}

export function specEquals(a: DistSpec, b: DistSpec): boolean {
  const keys = definedKeys(a);
  const other = definedKeys(b);
  if (keys.length !== other.length || keys.some((k, i) => k !== other[i])) return false;
  return keys.every((k) => {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => v === y[i]);
    return x === y;
  });
}
