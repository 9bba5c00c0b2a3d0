/** A node status that follows fast-changing counts without flooding the editor. */
import type { Node, NodeStatus } from "node-red";

export interface StatusTicker {
  /** Shows the status now if it changed. */
  refresh(): void;
  /** Shows it once the messages of this turn are handled (a burst costs one). */
  soon(): void;
  stop(): void;
}

/** Re-renders once a second (and on refresh or soon), sending only what changed. */
export function statusTicker(node: Node, compute: () => NodeStatus): StatusTicker {
  let last = "";
  const refresh = () => {
    const status = compute();
    const key = JSON.stringify(status);
    if (key === last) return;
    last = key;
    node.status(status);
  };
  const timer = setInterval(refresh, 1000);
  let pending: NodeJS.Immediate | undefined;
  refresh();
  return {
    refresh,
    soon: () => {
      pending ??= setImmediate(() => {
        pending = undefined;
        refresh();
      });
    },
    stop: () => {
      clearInterval(timer);
      if (pending) clearImmediate(pending);
      pending = undefined;
      node.status({});
    },
  };
}
