import { formatIssues, type DocIssue } from '../graph/load';

/**
 * An error the user can act on: bad usage or bad input. The entry point prints its message on
 * stderr (one line, or a headline and one line per document issue) and exits with status 2, so no
 * stack trace ever reaches the user.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  EMFILE: 'too many open files',
  ENXIO: 'no such device',
};

/**
 * A file-system failure in words ("no such file"), not Node's "ENOENT: no such file or directory,
 * open '…'". Writing a file fails with ENOENT when its directory is missing, hence `writing`.
 */
export function describeFsError(e: unknown, writing = false): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' && writing) return 'no such directory';
  if (code && Object.hasOwn(FS_REASONS, code)) return FS_REASONS[code];
  // Node writes "EXDEV: cross-device link not permitted, rename 'a' -> 'b'": keep the words only.
  const text = e instanceof Error ? e.message : String(e);
  return code ? text.replace(`${code}: `, '').replace(/, \w+ '.*$/, '') : text;
}

/** The name error lines start with, as in `backprop: cannot read p.json: no such file`. */
export const PROGRAM = 'backprop';

/** What is printed for an error that escapes a command; a bug is reported in one line too. */
export function errorLine(e: unknown): string {
  if (e instanceof CliError) return `${PROGRAM}: ${e.message}`;
  // Anything else is a bug; its first line is enough to report it, a stack trace would bury it.
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return `${PROGRAM}: internal error: ${text.split('\n')[0]}`;
}

/** A headline followed by one indented `path: message` line per issue of a document. */
export const issuesError = (headline: string, issues: readonly DocIssue[]): CliError =>
  new CliError(`${headline}:\n${formatIssues(issues).replace(/^/gm, '  ')}`);
