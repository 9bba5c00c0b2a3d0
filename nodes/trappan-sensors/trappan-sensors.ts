/**
 * trappan-sensors: presence events (output 1) and health events (output 2) from the Zigbee
 * coordinator's devices, placed by the site registry. Its input takes commands for the
 * coordinator: permit join, and scenarios of the simulated building.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from "node-red";
import { EventMapper } from "../../core/sensors";
import type { AvailabilityChange, CoordinatorState, DeviceReading } from "../../zigbee/coordinator";
import type { ScenarioRequest } from "../../zigbee/simulator/building";
import { sourceOutput } from "../source";
import { statusTicker } from "../status";
import type { CoordinatorNode, SiteNode } from "../types";

interface SensorsDef extends NodeDef {
  coordinator: string;
  site: string;
  heartbeatMinutes: string;
}

export = function register(RED: NodeAPI) {
  function SensorsNode(this: Node, config: SensorsDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const coordinatorNode = RED.nodes.getNode(config.coordinator) as CoordinatorNode | null;
    const siteNode = RED.nodes.getNode(config.site) as SiteNode | null;
    const heartbeatMinutes = Number(config.heartbeatMinutes) > 0 ? Number(config.heartbeatMinutes) : 60;
    const mapper = new EventMapper((sensor) => siteNode?.registry.locate(sensor), heartbeatMinutes * 60_000);
    const output = sourceOutput(RED, node, "trappan-sensors");
    const coordinator = coordinatorNode?.coordinator;

    const status = statusTicker(node, () => {
      let status: { fill: "red" | "green" | "yellow" | "blue" | "grey"; shape: "dot" | "ring"; text: string };
      const { sensors, events, errors } = output;
      const counts = `${RED._("trappan-sensors.status.sensors", { count: sensors })} · ${RED._("trappan-sensors.status.events", { count: events })}`;
      const errorText = errors > 0 ? RED._("trappan-sensors.status.errors", { count: errors }) : "";
      if (!coordinatorNode) status = { fill: "red", shape: "ring", text: RED._("trappan-sensors.status.noCoordinator") };
      else if (!coordinator) status = { fill: "red", shape: "ring", text: RED._("trappan-sensors.status.refused") };
      else {
        const state = coordinator.state;
        const pairing = coordinator.permitJoinRemaining();
        if (state.status === "starting") status = { fill: "yellow", shape: "ring", text: RED._("trappan-sensors.status.starting") };
        else if (state.status === "reconnecting")
          status = {
            fill: "yellow",
            shape: "ring",
            text: RED._("trappan-sensors.status.reconnecting", { seconds: Math.round((state.retryInMs ?? 0) / 1000), error: state.error ?? "" }),
          };
        else if (state.status === "stopped") status = { fill: "grey", shape: "ring", text: RED._("trappan-sensors.status.stopped") };
        else if (pairing > 0) status = { fill: "blue", shape: "dot", text: `${RED._("trappan-sensors.status.pairing", { seconds: pairing })} · ${counts}` };
        else status = { fill: "green", shape: "dot", text: counts };
      }
      if (errorText) status.text += ` · ${errorText}`;
      return status;
    });
    const render = status.refresh;
    let closing = false;

    // While a history is fast-forwarded, live readings wait for its end: sent between its chunks,
    // they would put a sensor's time ahead of its replayed past, which the baseline then refuses as
    // out of order (and the detector would run its clock to now in the middle of the past).
    let replaying = 0;
    const held: (() => void)[] = [];
    const replayed = () => {
      if (--replaying > 0) return;
      for (const send of held.splice(0)) send();
    };
    const sendReading = (reading: DeviceReading) => {
      output.seen(reading.ieee);
      output.emit(mapper.fromReading({ sensor: reading.ieee, ts: reading.ts, payload: reading.payload, device: reading.device }, reading.gives !== undefined));
    };
    const sendAvailability = (change: AvailabilityChange) => output.emit(mapper.fromAvailability(change.ieee, change.online, change.ts, change.device, change.lastSeen));
    const onReading = (reading: DeviceReading) => (replaying > 0 ? held.push(() => sendReading(reading)) : sendReading(reading));
    const onAvailability = (change: AvailabilityChange) => (replaying > 0 ? held.push(() => sendAvailability(change)) : sendAvailability(change));
    const onState = (_state: CoordinatorState) => render();

    coordinator?.on("reading", onReading);
    coordinator?.on("availability", onAvailability);
    coordinator?.on("state", onState);

    // node.error(text, msg) reaches Catch nodes with the message; the text reads as it is.
    const fail = (message: string, msg: NodeMessageInFlow, done: () => void) => {
      output.failed();
      render();
      node.error(message, msg);
      done();
    };

    node.on("input", (msg: NodeMessageInFlow, _send: unknown, done: (err?: Error) => void) => {
      if (!coordinator) return fail(RED._("trappan-sensors.errors.noCoordinator"), msg, done);
      const payload = msg.payload as unknown;
      switch (msg.topic) {
        case "permit-join": {
          const value = payload && typeof payload === "object" ? (payload as { seconds?: unknown }).seconds : payload;
          const seconds = value === undefined || value === null || value === "" ? 120 : Number(value);
          coordinator.permitJoin(seconds).then(
            () => {
              render();
              done();
            },
            (error: Error) => fail(RED._("trappan-sensors.errors.permitJoin", { reason: coordinatorNode!.say(error) }), msg, done),
          );
          return;
        }
        case "scenario": {
          const request: ScenarioRequest | undefined =
            typeof payload === "string" ? { name: payload } : payload && typeof payload === "object" ? (payload as ScenarioRequest) : undefined;
          if (!request || typeof request.name !== "string") return fail(RED._("trappan-sensors.errors.scenarioShape"), msg, done);
          try {
            node.log(RED._("trappan-sensors.log.scenario", { what: coordinatorNode!.say(coordinator.runScenario(request)) }));
            done();
          } catch (error) {
            fail(RED._("trappan-sensors.errors.scenario", { reason: coordinatorNode!.say(error as Error) }), msg, done);
          }
          return;
        }
        case "history": {
          // Weeks of the simulated building's past, fast-forwarded in event time (msg.replay), then
          // optionally a scenario that goes on live (a loiterer who arrived minutes ago).
          const request = (payload && typeof payload === "object" ? payload : {}) as { weeks?: unknown; then?: ScenarioRequest };
          const weeks = request.weeks === undefined ? 4 : Number(request.weeks);
          if (!Number.isFinite(weeks) || weeks <= 0 || weeks > 26) return fail(RED._("trappan-sensors.errors.historyWeeks", { weeks: String(request.weeks) }), msg, done);
          const then = request.then;
          const now = Date.now();
          let events;
          try {
            const since = then?.name === "loiterer" && then.startedMinutesAgo ? now - then.startedMinutesAgo * 60_000 : undefined;
            events = coordinator.simulatedHistory(now - weeks * 7 * 86_400_000, now - 1000, since !== undefined ? { sensor: then!.sensor, space: "stairwell", since } : undefined);
          } catch (error) {
            return fail(RED._("trappan-sensors.errors.scenario", { reason: coordinatorNode!.say(error as Error) }), msg, done);
          }
          node.log(RED._("trappan-sensors.log.history", { weeks, events: events.length }));
          // Live readings wait until the past is replayed (see held).
          replaying++;
          if (then) {
            // The scenario goes on live from now, not from the end of the replay: a sensor paired or
            // visited while the past is replayed must already see the person who is there.
            try {
              node.log(RED._("trappan-sensors.log.scenario", { what: coordinatorNode!.say(coordinator.runScenario(then)) }));
            } catch (error) {
              replayed();
              return fail(RED._("trappan-sensors.errors.scenario", { reason: coordinatorNode!.say(error as Error) }), msg, done);
            }
          }
          let next = 0;
          const pump = () => {
            if (closing) return done();
            // In chunks, so the editor and the runtime stay responsive while weeks go by.
            for (const end = Math.min(events.length, next + 2000); next < end; next++) {
              const e = events[next];
              const location = siteNode?.registry.locate(e.ieee);
              const presence = { type: "presence", sensor: e.ieee, ts: e.ts, occupied: e.occupied, ...(location ? { location } : {}), device: { kind: e.kind } };
              node.send([{ topic: e.ieee, payload: presence, replay: true } as NodeMessage, null]);
            }
            if (next < events.length) return void setImmediate(pump);
            replayed();
            done();
          };
          pump();
          return;
        }
        default:
          return fail(RED._("trappan-sensors.errors.unknownCommand", { topic: String(msg.topic ?? "") }), msg, done);
      }
    });

    node.on("close", (done: () => void) => {
      closing = true;
      held.length = 0;
      status.stop();
      coordinator?.off("reading", onReading);
      coordinator?.off("availability", onAvailability);
      coordinator?.off("state", onState);
      done();
    });
  }

  RED.nodes.registerType("trappan-sensors", SensorsNode);
};
