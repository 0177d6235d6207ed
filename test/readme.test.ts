/**
 * The README's shown output is what the commands print. Each block that starts with
 * `$ ./sora-compute ...` is run as shown (its page written to a scratch folder when it writes
 * one), and its lines, `...` aside, must be printed whole and in that order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, scratch } from './binary.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const shown = [...readme.matchAll(/^```\n\$ \.\/sora-compute (.*)\n([\s\S]*?)^```$/gm)].map(([, command, body]) => ({
  command,
  lines: body.split('\n').filter((line) => line.trim() !== '' && line.trim() !== '...'),
}));

describe("the README's shown output", () => {
  it('is found: a run, the what-matters block, sensitivity, a sweep and a comparison', () => {
    expect(shown.map(({ command }) => command.split(' ')[0]).sort()).toEqual(['compare', 'run', 'run', 'sensitivity', 'sweep']);
  });

  it.each(shown)('$ ./sora-compute $command', ({ command, lines }) => {
    const args = command.split(/\s+/);
    if (!args.includes('--no-report')) args.push('--report', join(scratch(), 'page.html'));
    const r = cli(args);
    expect(r.status, r.stderr).toBe(0);
    const printed = r.stdout.split('\n').map((line) => line.trimEnd());
    let at = 0;
    for (const line of lines) {
      const found = printed.indexOf(line.trimEnd(), at);
      expect(found, `the README shows a line this command does not print here: ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
});
