/**
 * Export files on disk under DATA_DIR/exports, named by the export's id (never by anything a person
 * typed). A file is written under a temporary name and renamed when complete, so a half-written file
 * is never offered. With several processes on PostgreSQL, DATA_DIR must be shared (as for photos).
 */
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import type { ReadStream, WriteStream } from 'node:fs';
import path from 'node:path';
import { isId } from '../../shared/ids.ts';

export class ExportStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'exports');
  }

  private file(id: string, partial = false): string {
    if (!isId(id)) throw new Error('export id expected');
    return path.join(this.dir, partial ? `${id}.part` : id);
  }

  /** A fresh partial file (an earlier attempt's partial file is overwritten). */
  openPartial(id: string): WriteStream {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return createWriteStream(this.file(id, true), { mode: 0o600 });
  }

  /** Makes the partial file the export's file; returns its size. */
  complete(id: string): number {
    renameSync(this.file(id, true), this.file(id));
    return statSync(this.file(id)).size;
  }

  read(id: string): ReadStream {
    return createReadStream(this.file(id));
  }

  exists(id: string): boolean {
    try {
      return statSync(this.file(id)).isFile();
    } catch {
      return false;
    }
  }

  remove(id: string): void {
    rmSync(this.file(id), { force: true });
    rmSync(this.file(id, true), { force: true });
  }
}
