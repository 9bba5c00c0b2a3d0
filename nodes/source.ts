/**
 * What both source nodes (zigbee sensors, zigbee2mqtt) do with mapped events: warn once in the
 * node's own words, send presence on output 1 and health on output 2 with the sensor as topic,
 * and keep the counts their status shows.
 */
import type { Node, NodeAPI, NodeMessage } from "node-red";
import type { Mapped } from "../core/sensors";

export interface SourceOutput {
  readonly sensors: number;
  readonly events: number;
  readonly errors: number;
  seen(sensor: string): void;
  failed(): void;
  emit(mapped: Mapped, send?: (msgs: (NodeMessage | null)[]) => void): void;
}

export function sourceOutput(RED: NodeAPI, node: Node, namespace: string): SourceOutput {
  const sensors = new Set<string>();
  let events = 0;
  let errors = 0;
  return {
    get sensors() {
      return sensors.size;
    },
    get events() {
      return events;
    },
    get errors() {
      return errors;
    },
    seen: (sensor) => sensors.add(sensor),
    failed: () => errors++,
    emit(mapped, send = (msgs) => node.send(msgs)) {
      for (const { code, sensor } of mapped.warnings) node.warn(RED._(`${namespace}.warnings.${code}`, { sensor }));
      const sensor = (mapped.presence ?? mapped.health)?.sensor;
      if (!sensor) return;
      events += (mapped.presence ? 1 : 0) + (mapped.health ? 1 : 0);
      const out = (payload: object | undefined): NodeMessage | null => (payload ? { topic: sensor, payload } : null);
      send([out(mapped.presence), out(mapped.health)]);
    },
  };
}
