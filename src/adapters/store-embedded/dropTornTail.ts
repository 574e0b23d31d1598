import { open } from 'node:fs/promises';

const NEWLINE = 0x0a;
const CHUNK = 64 * 1024;

/**
 * nedb appends one line per written document and acknowledges the write once the append
 * returns. A kill -9 in the middle of a multi-page append can leave the last line cut short;
 * that write was never acknowledged, so the partial line is dropped here before nedb loads the
 * file. This lets the store refuse any other corruption (corruptAlertThreshold 0) instead of
 * silently discarding up to 10% of the lines, nedb's default. Returns the bytes dropped.
 */
export async function dropTornTail(file: string): Promise<number> {
  const handle = await open(file, 'r+').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (handle === undefined) return 0;
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(CHUNK);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, end - start, start);
      const lastNewline = buffer.subarray(0, bytesRead).lastIndexOf(NEWLINE);
      if (lastNewline !== -1) {
        end = start + lastNewline + 1;
        break;
      }
      end = start;
    }
    if (end < size) await handle.truncate(end);
    return size - end;
  } finally {
    await handle.close();
  }
}
