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
  const stat = statSync(target);
  if (stat.isDirectory()) throw new UserError(`${path} is a folder; give a file path`, { field: flag });
  if (!stat.isFile()) throw new UserError(`${path} is ${stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device'}, not a regular file; give a file path`, { field: flag });
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

/** The reason a write failed, in words, from its error code. */
export function writeFailureReason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EFBIG':
      return 'the file would exceed the largest file allowed here';
    case 'EEXIST':
      // mkdir of a folder on the way, where a file of that name is.
      return error.syscall === 'mkdir' ? 'a part of the path is a file, not a folder' : 'a file of that name appeared meanwhile';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EIO':
      return 'an input/output error';
    default:
      return error.code ? `${error.message} (${error.code})` : error.message;
  }
}

const isErrno = (e: unknown): e is NodeJS.ErrnoException => e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';

/** One output a command will write: its path, the flag that named it, and how to recognise a file it wrote. */
export interface OutputRequest {
  path: string;
  flag: string;
  isOurs: (head: string) => boolean;
}

/**
 * A command's outputs, each with a temp file beside its path created before the work starts
 * (so an unwritable path is refused at once, not after minutes of sampling). They are written
 * to the temp files, then renamed into place together, only once every one was written:
 * a run leaves all of its outputs or none.
 */
export class PendingOutputs {
  private readonly temps = new Map<string, { path: string; temp: string }>();

  private constructor() {}

  /**
   * Checks every path (free to write, not an input, not named twice) and creates its temp
   * file; throws a UserError naming the path and the reason, leaving no temp file behind.
   */
  static prepare(requests: readonly OutputRequest[], inputs: readonly string[] = []): PendingOutputs {
    const outputs = new PendingOutputs();
    const seen = new Map<string, string>();
    for (const { path, flag } of requests) {
      const key = resolve(path);
      const other = seen.get(key);
      if (other) throw new UserError(`${path} is named by both ${other} and ${flag}; give each output its own path`, { field: flag });
      seen.set(key, flag);
    }
    try {
      for (const { path, flag, isOurs } of requests) {
        checkWritable(path, flag, isOurs, inputs);
        let temp: string | undefined;
        try {
          temp = beginTemp(path);
          writeFileSync(temp, '', { flag: 'wx', mode: 0o644 });
        } catch (error) {
          if (temp) abandonTemp(temp);
          if (!isErrno(error)) throw error;
          throw new UserError(`cannot write ${path}: ${writeFailureReason(error)}; nothing was sampled`, { field: flag });
        }
        outputs.temps.set(flag, { path, temp });
      }
    } catch (error) {
      outputs.abandon();
      throw error;
    }
    return outputs;
  }

  /** The temp file to write the output of `flag` into. */
  temp(flag: string): string {
    const entry = this.temps.get(flag);
    if (!entry) throw new Error(`no output was prepared for ${flag}`);
    return entry.temp;
  }

  /**
   * Runs `write` on the temp file of `flag`; a failure of the file system becomes a UserError
   * naming the path and the reason (every temp file is removed then: nothing is put in place).
   */
  async write(flag: string, write: (temp: string) => Promise<void> | void): Promise<void> {
    try {
      await write(this.temp(flag));
    } catch (error) {
      const path = this.temps.get(flag)?.path;
      this.abandon();
      if (!isErrno(error)) throw error;
      throw new UserError(`cannot write ${path}: ${writeFailureReason(error)}; no output file was written or replaced`, { field: flag });
    }
  }

  /** Puts every output in place, once all were written. */
  commit(): void {
    try {
      for (const { temp } of this.temps.values()) {
        const fd = openSync(temp, 'r+');
        try {
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
    } catch (error) {
      this.abandon();
      if (!isErrno(error)) throw error;
      throw new UserError(`cannot write the outputs: ${writeFailureReason(error)}; no output file was written or replaced`);
    }
    for (const { temp, path } of this.temps.values()) {
      renameSync(temp, path);
      pending.delete(temp);
    }
    this.temps.clear();
  }

  /** Removes every temp file: nothing of this run is put in place. */
  abandon(): void {
    for (const { temp } of this.temps.values()) abandonTemp(temp);
    this.temps.clear();
  }
}

/**
 * Runs `write` (which writes into `outputs`' temp files), then puts every output in place.
 * Returns the UserError of a failed write (nothing is put in place then), for the caller to
 * throw once it has printed the results; anything else is a bug and is thrown.
 */
export async function writeOutputs(outputs: PendingOutputs, write: () => Promise<void>): Promise<UserError | undefined> {
  try {
    await write();
    outputs.commit();
    return undefined;
  } catch (error) {
    outputs.abandon();
    if (error instanceof UserError) return error;
    throw error;
  }
}
