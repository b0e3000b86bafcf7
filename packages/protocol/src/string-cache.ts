import { readUtf8 } from './proto-wire.js';

const SLOTS = 256;

/**
 * A small direct-mapped cache of decoded strings, for fields that repeat from frame to frame
 * (method names): a hit compares the bytes and returns the string decoded before, so the hot
 * path neither builds nor allocates a string. A miss decodes and replaces the slot.
 */
export class StringCache {
  private readonly keys: (Uint8Array | undefined)[] = new Array(SLOTS);
  private readonly texts: string[] = new Array(SLOTS);

  /**
   * The UTF-8 text of `bytes[start, end)`.
   * @throws TypeError on invalid UTF-8 (nothing is cached then).
   */
  decode(bytes: Uint8Array, start: number, end: number): string {
    const length = end - start;
    if (length === 0) return '';
    const slot =
      (length * 31 +
        (bytes[start] as number) * 7 +
        (bytes[end - 1] as number) * 13 +
        (bytes[start + (length >>> 1)] as number)) &
      (SLOTS - 1);
    const key = this.keys[slot];
    if (key !== undefined && key.length === length) {
      let i = 0;
      while (i < length && key[i] === bytes[start + i]) i++;
      if (i === length) return this.texts[slot] as string;
    }
    const text = readUtf8(bytes, start, end);
    const copy = new Uint8Array(length);
    copy.set(bytes.subarray(start, end));
    this.keys[slot] = copy;
    this.texts[slot] = text;
    return text;
  }
}
