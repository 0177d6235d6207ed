/**
 * Prints one plain closing line, `Tests: N passed, N failed, N skipped`, after vitest's own
 * summary: the form CI recognises from any test runner. Every failure counts: a failed test,
 * and a test file that failed on its own (a hook threw, it did not load) even when its tests
 * were only skipped, and an error vitest caught outside any test.
 */
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export function countResults(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const module of testModules) {
    let failedHere = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') counts.passed++;
      else if (state === 'failed') failedHere++;
      else counts.skipped++;
    }
    const suiteErrors = [...module.children.allSuites()].some((suite) => suite.state() === 'failed' && !suite.ok());
    // The file failed by itself: its tests may all read as skipped, but the file is one failure.
    if (failedHere === 0 && (module.state() === 'failed' || module.errors().length > 0 || suiteErrors)) failedHere = 1;
    counts.failed += failedHere;
  }
  counts.failed += unhandledErrors.length;
  return counts;
}

export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const { passed, failed, skipped } = countResults(testModules, unhandledErrors);
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
