/** The few HTML helpers the report needs: escaping, and numbers with a machine-readable hook. */
import { formatQuantity } from '../format.js';
import { METHOD_NAMES, type SamplingMethod } from '../sampling/design.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in text and in double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * A formatted number in a span that carries the exact value, so tests and scripts read the
 * number without parsing "1.17M GPUs" back. `attrs` names what it is (output and percentile).
 */
export function quantity(x: number, unit: string, attrs: Record<string, string>, text = formatQuantity(x, unit)): string {
  const data = Object.entries(attrs)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  return `<span${data} data-value="${String(x)}">${escapeHtml(text)}</span>`;
}

/** JSON safe inside a <script> element: no "</script>", no "<!--". */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The sampling design for a page's meta line: " · Latin hypercube (--method lhs)", or nothing for plain Monte Carlo. */
export function designMeta(method: SamplingMethod | undefined): string {
  return method && method !== 'mc' ? ` · ${escapeHtml(METHOD_NAMES[method])} (<code>--method ${escapeHtml(method)}</code>)` : '';
}
