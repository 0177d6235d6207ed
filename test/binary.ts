/**
 * The real binary, as a user runs it: dist/bundle/cli.js (the bundled CLI the package's bin
 * names), which `npm test` builds first (pretest). Shared by the end-to-end tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

export const ROOT = join(import.meta.dirname, '..');
export const CLI = join(ROOT, 'dist', 'bundle', 'cli.js');

/** The run's environment: the test's, without a COLUMNS it may have inherited (piped output is then the full-width layout). */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('COLUMNS' in extra)) delete env.COLUMNS;
  return env;
}

export function cli(args: string[], cwd = ROOT, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: cliEnv(env) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `args --json --no-report`, which must succeed silently; its stdout parsed. */
export function json(args: string[]): any {
  const r = cli([...args, '--json', '--no-report']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

export const scratch = (): string => mkdtempSync(join(tmpdir(), 'sora-compute-'));

/** A user error: exit 2, one message naming what it should, no stack trace. */
export function expectUserError(r: { status: number | null; stderr: string }, ...mentions: string[]): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  for (const m of mentions) expect(r.stderr).toContain(m);
}
