import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_MAX_META_SIZE,
  ProtocolError,
  resolveFrameLimits,
} from '../src/index.js';

describe('frame limits', () => {
  it('fill in defaults', () => {
    expect(resolveFrameLimits()).toEqual({
      maxFrameSize: DEFAULT_MAX_FRAME_SIZE,
      maxMetaSize: DEFAULT_MAX_META_SIZE,
      maxBufferedBytes: 2 * DEFAULT_MAX_FRAME_SIZE,
    });
    expect(resolveFrameLimits({ maxFrameSize: 1000 }).maxMetaSize).toBe(984);
  });

  it.each([
    [{ maxFrameSize: 255 }, 'maxFrameSize'],
    [{ maxFrameSize: 2 ** 31 }, 'maxFrameSize'],
    [{ maxMetaSize: 65536 }, 'maxMetaSize'],
    [{ maxFrameSize: 1000, maxMetaSize: 990 }, 'maxMetaSize'],
    [{ maxFrameSize: 4096, maxBufferedBytes: 4095 }, 'maxBufferedBytes'],
    [{ maxFrameSize: 1.5 }, 'maxFrameSize'],
    [{ maxFramesize: 1000 }, 'maxFramesize'],
  ])('reject %o, naming %s', (init, option) => {
    expect(() => resolveFrameLimits(init as never)).toThrow(ProtocolError);
    expect(() => resolveFrameLimits(init as never)).toThrow(option);
  });
});
