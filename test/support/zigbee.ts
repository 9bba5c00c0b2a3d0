/** A coordinator on the simulated adapter, as the zigbee layer's tests drive it. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Coordinator, CoordinatorOptions } from "../../zigbee/coordinator";
import { until } from "./events";

export interface TestLog {
  warnings: string[];
  errors: string[];
  debug(m: string): void;
  info(m: string): void;
  warn(m: string): void;
  error(m: string): void;
}

export function testLog(): TestLog {
  const log: TestLog = {
    warnings: [],
    errors: [],
    debug: () => {},
    info: () => {},
    warn: (m) => log.warnings.push(m),
    error: (m) => log.errors.push(m),
  };
  return log;
}

export function simulatedCoordinator(options: Partial<CoordinatorOptions> & { dataDir?: string } = {}): Coordinator {
  return new Coordinator({
    id: "test-coordinator",
    label: "test",
    adapter: "simulated",
    port: "simulated-test",
    channel: 15,
    dataDir: options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "trappan-zigbee-")),
    log: testLog(),
    ...options,
    simulation: { building: "demo", residents: false, ...options.simulation },
  });
}

/** Opens the network and waits until `count` devices are interviewed and configured. */
export async function pairAll(coordinator: Coordinator, count: number): Promise<void> {
  await until(coordinator, "state", () => coordinator.state.status === "ready");
  await coordinator.permitJoin(60);
  await until(coordinator, "devices", async () => {
    const devices = await coordinator.devices();
    return devices.length === count && devices.every((d) => d.interviewState === "SUCCESSFUL" && d.configured);
  });
}
