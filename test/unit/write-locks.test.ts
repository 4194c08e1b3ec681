/** The keyed mutex that serialises role writes per organization (providers/write-locks.ts). */
import { KeyedMutex, roleScopeKey } from '../../providers/write-locks';

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('KeyedMutex', () => {
  test('runs tasks of one key one at a time, in call order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const runs = gates.map((g, i) =>
      mutex.run('org_1', async () => {
        log.push(`start ${i}`);
        await g.promise;
        log.push(`end ${i}`);
        return i;
      }),
    );
    await tick();
    expect(log).toEqual(['start 0']);
    gates[2].resolve(); // finishing out of order changes nothing
    gates[1].resolve();
    await tick();
    expect(log).toEqual(['start 0']);
    gates[0].resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
    expect(mutex.busyKeys).toEqual([]);
  });

  test('does not hold up other keys', async () => {
    const mutex = new KeyedMutex();
    const gate = deferred();
    const slow = mutex.run('org_1', () => gate.promise);
    await expect(mutex.run('org_2', async () => 'other organization')).resolves.toBe('other organization');
    await expect(mutex.run('environment', async () => 'environment')).resolves.toBe('environment');
    expect(mutex.busyKeys).toEqual(['org_1']);
    gate.resolve();
    await slow;
    expect(mutex.busyKeys).toEqual([]);
  });

  test('a failing task releases the key for the next one', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run('org_1', async () => {
      throw new Error('409');
    });
    const next = mutex.run('org_1', async () => 'ran');
    await expect(failed).rejects.toThrow('409');
    await expect(next).resolves.toBe('ran');
  });

  test('environment roles and the environment policy share one key; organizations have their own', () => {
    expect(roleScopeKey(null)).toBe('environment');
    expect(roleScopeKey('org_01H')).toBe('org_01H');
  });
});
