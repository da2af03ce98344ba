import { accessSync, chmodSync, closeSync, constants, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { optionValue, type ParsedArgs } from './args';
import type { Io } from './command';
import { parseDocument, serializeDocument } from '../graph/load';
import type { GraphDocument } from '../graph/schema';
import { CliError, describeFsError, issuesError } from './errors';

/** Where a command's text goes, piece by piece: a big result is never one string in memory. */
export interface Sink {
  write(text: string): void;
}

/** Pieces are gathered up to this many characters before each write: few system calls, little memory. */
const CHUNK = 1 << 16;

/** A file-system failure as one line; anything else (a bug while producing the text) passes unchanged. */
const cannotWrite = (path: string, e: unknown): unknown =>
  e instanceof CliError || !(e as NodeJS.ErrnoException | null)?.code
    ? e
    : new CliError(`cannot write ${path}: ${describeFsError(e, true)}`);

/**
 * Refuses, before any work, an output the command could not write: a file where a directory is
 * (or the reverse), a missing directory for a file, a place without write permission. A run of
 * minutes (variants, a big render) must not end in that. A directory output may be created, so
 * for it the nearest existing ancestor is what must be writable.
 */
export function checkOutputPath(path: string, kind: 'file' | 'directory'): void {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory() && kind === 'file') throw new CliError(`cannot write ${path}: is a directory`);
    if (stat && !stat.isDirectory() && kind === 'directory') throw new CliError(`cannot write to ${path}: not a directory`);
    let at = resolve(path);
    if (!stat) {
      at = dirname(at);
      let parent = statSync(at, { throwIfNoEntry: false });
      while (!parent && kind === 'directory' && dirname(at) !== at) parent = statSync((at = dirname(at)), { throwIfNoEntry: false });
      if (!parent) throw new CliError(`cannot write ${path}: no such directory`);
      if (!parent.isDirectory()) throw new CliError(`cannot write ${path}: ${at} is not a directory`);
    }
    accessSync(at, constants.W_OK);
  } catch (e) {
    throw cannotWrite(path, e);
  }
}

/**
 * Writes a file through a temporary file beside it, renamed over it at the end, so a failed or
 * interrupted write (a full disk) never leaves a truncated file where a good one was. A device
 * or pipe (/dev/stdout, /dev/full) is written directly. Every failure is one CliError line.
 */
function writeFile(path: string, fill: (sink: Sink) => void): void {
  let fd: number | undefined;
  let temp: string | undefined;
  let target = path;
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) throw new CliError(`cannot write ${path}: is a directory`);
    if (stat && !stat.isFile()) fd = openSync(path, 'w');
    else {
      // Through a symbolic link to the file it names, so the link stays a link.
      target = stat ? realpathSync(path) : path;
      const name = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
      fd = openSync(name, 'w');
      temp = name;
    }
    const handle = fd;
    buffered((text) => writeAll(handle, text), fill);
    closeSync(fd);
    fd = undefined;
    if (temp !== undefined) {
      if (stat) chmodSync(temp, stat.mode & 0o7777);
      renameSync(temp, target);
      temp = undefined;
    }
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    if (temp !== undefined) unlinkSync(temp);
    throw cannotWrite(path, e);
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
}

/** Runs `fill` with a sink that gathers small pieces into chunks for `flush`. */
function buffered(flush: (text: string) => void, fill: (sink: Sink) => void): void {
  let parts: string[] = [];
  let size = 0;
  const drain = () => {
    if (parts.length) flush(parts.join(''));
    parts = [];
    size = 0;
  };
  fill({
    write(text) {
      parts.push(text);
      size += text.length;
      if (size >= CHUNK) drain();
    },
  });
  drain();
}

/** Writes a whole text to a file (see {@link writeFile}). */
export const writeText = (path: string, text: string): void => writeFile(path, (sink) => sink.write(text));

/** Streams a command's text to the `-o` file when given, else to stdout. */
export function emitStream(args: ParsedArgs, io: Io, fill: (sink: Sink) => void): void {
  const path = optionValue(args, 'output');
  if (path === undefined) buffered((text) => io.out(text), fill);
  else writeFile(path, fill);
}

/** Writes the text to the `-o` file when given, else to stdout. */
export const emit = (args: ParsedArgs, io: Io, text: string): void => emitStream(args, io, (sink) => sink.write(text));

/**
 * The text of a document the CLI writes, read back with the loader the editor and `check` use
 * first: every document any command writes goes through here, and one that would not load
 * (a value JSON cannot hold, a field past its limit) is refused with its issues, never written.
 */
export function documentText(doc: GraphDocument): string {
  const text = serializeDocument(doc);
  const back = parseDocument(text);
  if (!back.ok) throw issuesError('the document would not load, so it was not written', back.issues);
  return text;
}
