/**
 * A convergence run is a function of its operations (each run's clocks and timers are virtual,
 * WebCrypto and `Math.random` repeatable; see `harness/virtual-time.ts`): run twice, the same
 * operations give the same requests, answers, log records and outcome, in the same order. Only
 * the random parts of ids differ, and those are numbered in order of appearance here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeBackend } from '../../src/testing/index.js';
import { type Op, opsArbitrary } from './harness/operations.js';
import { runScenario } from './harness/scenario.js';
import { VirtualTime } from './harness/virtual-time.js';

/** The trace with ids numbered by first appearance (their random bits differ between runs). */
function normalized(lines: readonly string[]): string {
  const ids = new Map<string, string>();
  const number = (id: string): string => {
    if (!ids.has(id)) ids.set(id, `<id ${ids.size}>`);
    return ids.get(id) as string;
  };
  return lines
    .join('\n')
    .replace(/\bc[0-9a-z]{24}\b/g, number)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, number)
    .replace(/\b[A-Za-z0-9]{32}\b/g, number);
}

async function traceOf(ops: readonly Op[]): Promise<string> {
  const time = new VirtualTime();
  const backend = createFakeBackend({
    authRateLimit: false,
    fastPasswordHashing: true,
    now: () => new Date(time.now()),
  });
  const fetch: typeof globalThis.fetch = (input, init) => backend.fetch(new Request(input, init));
  const lines: string[] = [];
  try {
    const { problems } = await runScenario(backend, ops, {
      devices: 3,
      everyPulls: 1,
      maxHealCycles: 10,
      fetch,
      time,
      trace: (line) => lines.push(line),
    });
    lines.push(`problems ${JSON.stringify(problems)}`);
  } finally {
    backend.close();
  }
  return normalized(lines);
}

describe('convergence runs replay', () => {
  // Busy runs: devices syncing at once, faults, restarts (seed 11's first three).
  const samples = fc.sample(opsArbitrary(3, 16), { seed: 11, numRuns: 3 });
  for (const [index, ops] of samples.entries()) {
    it(`run ${index + 1} of seed 11 twice: the same trace`, async () => {
      const first = await traceOf(ops);
      const second = await traceOf(ops);
      expect(first.split('\n').length).toBeGreaterThan(50);
      expect(second).toBe(first);
    });
  }
});
