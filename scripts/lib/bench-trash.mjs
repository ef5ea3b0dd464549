// The benchmark's old trees are moved aside while it runs and deleted when it ends.
//
// Why: on this machine's ext4, creating files right after deleting many is slow. For a minute or
// more after an inode is freed, ext4's inode allocator skips it (fs/ext4/ialloc.c,
// recently_deleted), reading the inode table for every candidate it passes over; `perf` showed a
// quarter of a site build's CPU time there, in the kernel, when the bench had just deleted the
// previous run's .bench/archive-1000/ (tens of thousands of files). Whichever pipeline built
// right after a deletion paid for it. A rename frees nothing, so both pipelines now start from
// the same state of the disk.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const trash = fileURLToPath(new URL('../../.bench/trash/', import.meta.url));
let n = 0;

/** Moves `path` (under .bench/, the same file system) into the trash, if it exists. */
export function discard(path) {
  if (!existsSync(path)) return;
  mkdirSync(trash, { recursive: true });
  renameSync(path, join(trash, `${basename(path)}-${process.pid}-${Date.now()}-${++n}`));
}

/** Deletes what was discarded (this run's and any left by a run that crashed). */
export function emptyTrash() {
  rmSync(trash, { recursive: true, force: true });
}
