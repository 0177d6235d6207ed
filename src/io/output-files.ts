/**
 * Writing output files without ever damaging what a user wrote: a file is only replaced if
 * sora-compute wrote it (recognised by its first bytes), never when it is one of the run's
 * inputs, and always atomically (temp file in the same folder, then rename), so a failed or
 * interrupted run leaves the old file or the new one, never half of one.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

function head(path: string, bytes = 4096): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Throws a UserError unless `path` is free to (re)write: absent, or a file whose head
 * `isOurs` recognises, and not one of `inputs`.
 */
export function checkWritable(path: string, flag: string, isOurs: (head: string) => boolean, inputs: readonly string[] = []): void {
  const target = resolve(path);
  for (const input of inputs) {
    if (existsSync(input) && existsSync(target) && realpathSync(input) === realpathSync(target)) {
      throw new UserError(`${path} is an input of this run; choose another output path`, { field: flag });
    }
  }
  if (!existsSync(target)) return;
  if (statSync(target).isDirectory()) throw new UserError(`${path} is a folder; give a file path`, { field: flag });
  if (!isOurs(head(target))) {
    throw new UserError(`${path} exists and was not written by sora-compute; it is left untouched: choose another path or remove it`, { field: flag });
  }
}

/** Temp files being written: removed if the run is interrupted, so nothing half-written stays. */
const pending = new Set<string>();
let handlersInstalled = false;

/** Removes every temp file still being written and ends the process: nothing half-written stays. */
export function exitLeavingNoTemp(code: number): never {
  for (const temp of pending) rmSync(temp, { force: true });
  process.exit(code);
}

function removePendingOnSignal(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => exitLeavingNoTemp(code));
  }
}

/** A fresh temp path beside `path` (same folder, so the rename stays on one file system). */
function beginTemp(path: string): string {
  const dir = dirname(resolve(path));
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  removePendingOnSignal();
  pending.add(temp);
  return temp;
}

/** Flushes the temp file to disk and renames it over `path`: readers see old or new, never half. */
function commitTemp(temp: string, path: string): void {
  const fd = openSync(temp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

function abandonTemp(temp: string): void {
  rmSync(temp, { force: true });
  pending.delete(temp);
}

/** Runs `write` on a temp path beside `path`, then puts it in place; cleans up on failure. */
export async function writeAtomically(path: string, write: (tempPath: string) => Promise<void> | void): Promise<void> {
  const temp = beginTemp(path);
  try {
    await write(temp);
    commitTemp(temp, path);
  } finally {
    abandonTemp(temp);
  }
}

/** Writes `content` to `path` atomically. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temp = beginTemp(path);
  try {
    writeFileSync(temp, content, { flag: 'wx', mode: 0o644 });
    commitTemp(temp, path);
  } finally {
    abandonTemp(temp);
  }
}
