/**
 * Tracks the timers, sockets and watchers created while it is on, and which of them are still
 * alive: what a redeploy or a stop leaves behind is a leak, with the stack that made it.
 */
import { AsyncHook, createHook } from "node:async_hooks";

const TRACKED = new Set(["Timeout", "TCPWRAP", "TCPSERVERWRAP", "PIPEWRAP", "FSEVENTWRAP", "SIGNALWRAP", "PROCESSWRAP", "UDPWRAP"]);

export class ResourceTracker {
  private readonly live = new Map<number, string>();
  private readonly hook: AsyncHook;

  constructor() {
    this.hook = createHook({
      init: (id, type) => {
        if (TRACKED.has(type)) this.live.set(id, `${type}${new Error().stack!.split("\n").slice(3, 9).join("\n")}`);
      },
      destroy: (id) => {
        this.live.delete(id);
      },
    });
  }

  start(): this {
    this.hook.enable();
    return this;
  }

  stop(): void {
    this.hook.disable();
  }

  /** Alive resources, leaving out the test runner's own timers and this tracker's. */
  alive(): string[] {
    return [...this.live.values()].filter((stack) => !/mocha[\\/]lib|support[\\/]leaks\.ts/.test(stack));
  }

  /** Waits (at most ~3 s) for closes that finish asynchronously, then returns what is still alive. */
  async settle(limit: number): Promise<string[]> {
    for (let i = 0; i < 100 && this.alive().length > limit; i++) await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 30 && this.alive().length > limit; i++) await new Promise((r) => setTimeout(r, 100).unref());
    return this.alive();
  }
}
