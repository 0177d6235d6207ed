/**
 * The closing line CI reads must count every failure. Runs vitest on fixture files that pass,
 * whose setup hook throws, and that fail to load, and reads the line it prints.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CONFIG = resolve('test/fixtures/reporter/vitest.config.ts');

function closingLine(include: string): { line: string; status: number | null } {
  const result = spawnSync(process.execPath, [resolve('node_modules/vitest/vitest.mjs'), 'run', '--config', CONFIG], {
    encoding: 'utf8',
    env: { ...process.env, REPORTER_FIXTURES: include, NO_COLOR: '1' },
  });
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('Tests: '));
  return { line: lines.at(-1) ?? `(no closing line) ${result.stderr}`, status: result.status };
}

describe('the plain closing line', () => {
  it('counts passing and skipped tests', () => {
    expect(closingLine('passes.fixture.ts')).toEqual({ line: 'Tests: 1 passed, 0 failed, 1 skipped', status: 0 });
  });

  it('counts a file whose beforeAll throws as failed, though its tests read as skipped', () => {
    const { line, status } = closingLine('hook-throws.fixture.ts');
    expect(line).toBe('Tests: 0 passed, 1 failed, 2 skipped');
    expect(status).toBe(1);
  });

  it('counts a file that fails to load as failed', () => {
    const { line, status } = closingLine('does-not-load.fixture.ts');
    expect(line).toBe('Tests: 0 passed, 1 failed, 0 skipped');
    expect(status).toBe(1);
  });

  it('adds the failures of several files', () => {
    const { line } = closingLine('*.fixture.ts');
    expect(line).toBe('Tests: 1 passed, 2 failed, 3 skipped');
  });
});
