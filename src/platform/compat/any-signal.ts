/**
 * `AbortSignal.any` for every platform: the native one where it exists, otherwise a signal that
 * follows its sources with listeners that do not keep it alive.
 *
 * The fallback holds the combined controller only through a `WeakRef` (where there is one), and
 * unregisters its listeners from the sources when any source aborts or, through a
 * `FinalizationRegistry`, when the combined signal is garbage collected — so combining a
 * per-request signal with a long-lived one (the client's lifetime) does not leak a listener per
 * request on platforms that have those two primitives (Hermes has both).
 */

type Cleanup = () => void;

interface WeakRefLike<T> {
  deref(): T | undefined;
}

const registry: { unregister?: FinalizationRegistry<Cleanup> } = {};

function weakly<T extends object>(value: T): WeakRefLike<T> {
  if (typeof globalThis.WeakRef === 'function') return new globalThis.WeakRef(value);
  return { deref: () => value };
}

function onCollected(target: object, cleanup: Cleanup): void {
  if (typeof globalThis.FinalizationRegistry !== 'function') return;
  registry.unregister ??= new globalThis.FinalizationRegistry<Cleanup>((run) => run());
  registry.unregister.register(target, cleanup);
}

/**
 * A signal that aborts as soon as any of `signals` aborts, with that signal's reason. Already
 * aborted sources make it aborted at once.
 */
export function anySignal(signals: readonly AbortSignal[]): AbortSignal {
  const native = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (typeof native === 'function') return native.call(AbortSignal, [...signals]);
  const controller = new AbortController();
  const aborted = signals.find((signal) => signal.aborted);
  if (aborted) {
    controller.abort(aborted.reason);
    return controller.signal;
  }
  const target = weakly(controller);
  const listeners: Array<[AbortSignal, () => void]> = [];
  const detach: Cleanup = () => {
    for (const [signal, listener] of listeners) signal.removeEventListener('abort', listener);
    listeners.length = 0;
  };
  for (const signal of signals) {
    const listener = (): void => {
      detach();
      target.deref()?.abort(signal.reason);
    };
    listeners.push([signal, listener]);
    signal.addEventListener('abort', listener);
  }
  onCollected(controller.signal, detach);
  return controller.signal;
}
