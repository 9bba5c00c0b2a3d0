/** A node status that follows fast-changing counts without flooding the editor. */
import type { Node, NodeStatus } from "node-red";

export interface StatusTicker {
  /** Shows the status now if it changed. */
  refresh(): void;
  stop(): void;
}

/** Re-renders once a second (and on refresh), sending only what changed. */
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
  refresh();
  return {
    refresh,
    stop: () => {
      clearInterval(timer);
      node.status({});
    },
  };
}
