import { describe, expect, it } from 'vitest';
import { deferred } from '../../test/support/deferred.js';
import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('runs the task once for any number of concurrent callers, who all get its result', async () => {
    const flight = new SingleFlight<string, number>();
    const gate = deferred<number>();
    let runs = 0;
    const task = () => {
      runs += 1;
      return gate.promise;
    };
    const callers = Array.from({ length: 20 }, () => flight.run('k', task));
    expect(flight.isRunning('k')).toBe(true);
    gate.resolve(7);
    expect(await Promise.all(callers)).toEqual(Array(20).fill(7));
    expect(runs).toBe(1);
    expect(flight.isRunning('k')).toBe(false);
  });

  it('shares a failure with every waiting caller, then allows a new run', async () => {
    const flight = new SingleFlight<string, number>();
    const gate = deferred<number>();
    let runs = 0;
    const a = flight.run('k', () => {
      runs += 1;
      return gate.promise;
    });
    const b = flight.run('k', async () => 99);
    gate.reject(new Error('down'));
    await expect(a).rejects.toThrow('down');
    await expect(b).rejects.toThrow('down');
    expect(await flight.run('k', async () => 5)).toBe(5);
    expect(runs).toBe(1);
    expect(flight.size).toBe(0);
  });

  it('keeps different keys apart', async () => {
    const flight = new SingleFlight<string, string>();
    const [a, b] = await Promise.all([
      flight.run('a', async () => 'A'),
      flight.run('b', async () => 'B'),
    ]);
    expect([a, b]).toEqual(['A', 'B']);
  });

  it('treats a synchronous throw like a rejection', async () => {
    const flight = new SingleFlight<string, number>();
    await expect(
      flight.run('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(flight.isRunning('k')).toBe(false);
  });
});
