import { describe, expect, it } from 'vitest';
import { ListenerSet } from './listener-set.js';

describe('ListenerSet', () => {
  it('runs setup with the first listener and cleanup with the last, once each', () => {
    const log: string[] = [];
    const set = new ListenerSet<[number]>({
      onFirst: () => log.push('first'),
      onLast: () => log.push('last'),
    });
    const a = (n: number) => log.push(`a${n}`);
    const offA = set.add(a);
    const offB = set.add((n) => log.push(`b${n}`));
    set.emit(1);
    offA();
    offA();
    set.emit(2);
    offB();
    expect(log).toEqual(['first', 'a1', 'b1', 'b2', 'last']);
    expect(set.size).toBe(0);
  });

  it('holds a function once by default, once per subscription when asked', () => {
    const calls: string[] = [];
    const listener = () => calls.push('x');
    const shared = new ListenerSet();
    shared.add(listener);
    shared.add(listener);
    shared.emit();
    const each = new ListenerSet({ perSubscription: true });
    const off = each.add(listener);
    each.add(listener);
    off();
    each.emit();
    expect(calls).toEqual(['x', 'x']);
  });

  it('lets a listener unsubscribe during emit and isolates throwing listeners when asked', () => {
    const errors: unknown[] = [];
    const set = new ListenerSet({ onError: (error) => errors.push(error) });
    const calls: string[] = [];
    const off = set.add(() => {
      calls.push('self-removing');
      off();
    });
    set.add(() => {
      throw new Error('boom');
    });
    set.add(() => calls.push('after'));
    set.emit();
    set.emit();
    expect(calls).toEqual(['self-removing', 'after', 'after']);
    expect(errors).toHaveLength(2);
    const strict = new ListenerSet();
    strict.add(() => {
      throw new Error('propagates');
    });
    expect(() => strict.emit()).toThrow('propagates');
  });
});
