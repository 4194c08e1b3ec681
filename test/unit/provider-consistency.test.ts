/** Read-your-writes helpers (providers/consistency.ts), with a recording sleep instead of timers. */
import { NotFoundError } from '../../src/client/errors';
import { RECENT_WRITE_MS, readUntil, recentlyWritten, sameValues, untilVisible, writtenMarker } from '../../providers/consistency';

const recordingSleep = () => {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
};

const notFound = () => new NotFoundError({ status: 404, code: 'not_found', message: 'Not Found', method: 'PUT', path: '/x' });

describe('readUntil', () => {
  test('repeats until the value settles, with a doubling wait', async () => {
    const { waits, sleep } = recordingSleep();
    const answers = ['old', 'old', 'new', 'newer'];
    expect(await readUntil(async () => answers.shift()!, (v) => v === 'new', { sleep })).toBe('new');
    expect(waits).toEqual([100, 200]);
  });

  test('gives up after the bounded repeats and returns the last value', async () => {
    const { waits, sleep } = recordingSleep();
    let n = 0;
    expect(await readUntil(async () => ++n, () => false, { sleep })).toBe(4);
    expect(waits).toEqual([100, 200, 400]);
  });
});

describe('untilVisible', () => {
  test('repeats a call that answers 404, then succeeds', async () => {
    const { waits, sleep } = recordingSleep();
    let n = 0;
    await expect(untilVisible(async () => (++n < 3 ? Promise.reject(notFound()) : 'ok'), { sleep })).resolves.toBe('ok');
    expect(waits).toEqual([100, 200]);
  });

  test('rethrows other errors at once, and a 404 after the repeats', async () => {
    const { sleep } = recordingSleep();
    await expect(untilVisible(async () => Promise.reject(new Error('409')), { sleep })).rejects.toThrow('409');
    let n = 0;
    await expect(untilVisible(async () => (n++, Promise.reject(notFound())), { sleep })).rejects.toBeInstanceOf(NotFoundError);
    expect(n).toBe(4);
  });
});

describe('write marker and comparison', () => {
  test('recentlyWritten is true only within RECENT_WRITE_MS of the marker', () => {
    const marker = writtenMarker(1_000_000);
    expect(recentlyWritten(marker, 1_000_000 + 10)).toBe(true);
    expect(recentlyWritten(marker, 1_000_000 + RECENT_WRITE_MS)).toBe(false);
    expect(recentlyWritten(Buffer.alloc(0))).toBe(false);
    expect(recentlyWritten(Buffer.from('not json'))).toBe(false);
    expect(recentlyWritten(undefined)).toBe(false);
  });

  test('sameValues compares arrays as sets and objects by key', () => {
    expect(sameValues({ a: ['x', 'y'], b: null }, { b: null, a: ['y', 'x'] })).toBe(true);
    expect(sameValues({ a: ['x'] }, { a: ['x', 'y'] })).toBe(false);
    expect(sameValues(null, { a: 1 })).toBe(false);
  });
});
