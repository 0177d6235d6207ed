import { expect } from 'vitest';
import { UserError, UserErrors } from '../src/errors.js';

/** Every UserError a call throws; fails if it throws anything else or nothing. */
export function errorsOf(fn: () => unknown): UserError[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e instanceof UserErrors ? [...e.errors] : [e as UserError];
  }
  throw new Error('expected a UserError');
}
