/** Waiting for what the system says, never for a fixed time. */
import type { EventEmitter } from "node:events";

// Real timers, captured before any test installs sinon's fake ones.
const { setTimeout, clearTimeout } = globalThis;

/** Resolves with the first `event` whose arguments satisfy `match`; rejects after `timeoutMs`. */
export function nextEvent<T = unknown>(emitter: EventEmitter, event: string, match: (value: T) => boolean = () => true, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no matching '${event}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (value: T) => {
      let matched = false;
      try {
        matched = match(value);
      } catch {
        matched = false;
      }
      if (!matched) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(value);
    };
    emitter.on(event, listener);
  });
}

/** Resolves once `check` holds, asking again every 25 ms: for what no event announces (rows in a database). */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves once `check` holds, re-checking whenever the emitter emits `event`. */
export async function until(emitter: EventEmitter, event: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  if (await check()) return;
  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      emitter.off(event, listener);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`condition not met within ${timeoutMs} ms`)), timeoutMs);
    const listener = () => {
      Promise.resolve(check()).then((ok) => ok && finish(), finish);
    };
    emitter.on(event, listener);
  });
}
