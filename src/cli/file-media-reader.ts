/** Reads legacy media files from disk, relative to the export file's folder. */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { LegacyMediaFile } from '../migration/export-format.js';
import type { MediaReader } from '../migration/media-sink.js';

/** A {@link MediaReader} for files under `folder` (absolute paths are read as they are). */
export function fileMediaReader(folder: string): MediaReader {
  return async (file: LegacyMediaFile) => {
    const path = isAbsolute(file.path) ? file.path : resolve(folder, file.path);
    return new Uint8Array(await readFile(path));
  };
}
