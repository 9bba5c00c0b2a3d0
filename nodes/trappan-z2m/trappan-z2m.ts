/**
 * trappan-z2m: zigbee2mqtt messages from Node-RED's core `mqtt in` node (core/z2m.ts) become the
 * same presence (output 1) and health (output 2) events as trappan-sensors gives, for sites
 * that already run zigbee2mqtt.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from "node-red";
import { EventMapper, Mapped } from "../../core/sensors";
import { parseZ2m } from "../../core/z2m";
import { sayer, translator } from "../i18n";
import { sourceOutput } from "../source";
import { statusTicker } from "../status";
import type { SiteNode } from "../types";

interface Z2mDef extends NodeDef {
  site: string;
  baseTopic: string;
  heartbeatMinutes: string;
}

export = function register(RED: NodeAPI) {
  function Z2mNode(this: Node, config: Z2mDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const siteNode = RED.nodes.getNode(config.site) as SiteNode | null;
    const baseTopic = (config.baseTopic || "zigbee2mqtt").trim();
    const heartbeatMinutes = Number(config.heartbeatMinutes) > 0 ? Number(config.heartbeatMinutes) : 60;
    // zigbee2mqtt republishes a device's whole state at every report: presence only when it changes.
    const mapper = new EventMapper((sensor) => siteNode?.registry.locate(sensor), heartbeatMinutes * 60_000, true);
    const output = sourceOutput(RED, node, "trappan-z2m");
    const say = sayer(translator(RED, "trappan-z2m.errors"));

    const status = statusTicker(node, () => {
      const { sensors, events, errors } = output;
      const text = `${RED._("trappan-z2m.status.sensors", { count: sensors })} · ${RED._("trappan-z2m.status.events", { count: events })}`;
      return errors > 0
        ? { fill: "yellow", shape: "dot", text: `${text} · ${RED._("trappan-z2m.status.errors", { count: errors })}` }
        : { fill: "green", shape: "dot", text };
    });

    node.on("input", (msg: NodeMessageInFlow, send: (msg: (NodeMessage | null)[]) => void, done: (err?: Error) => void) => {
      let mapped: Mapped;
      try {
        const parsed = parseZ2m(msg.topic, msg.payload, Date.now(), baseTopic);
        if (parsed.kind === "ignored") return done();
        if (parsed.kind === "availability") {
          output.seen(parsed.sensor);
          mapped = mapper.fromAvailability(parsed.sensor, parsed.online, parsed.ts, { name: parsed.sensor });
        } else {
          const { reading } = parsed;
          output.seen(reading.sensor);
          const payload = reading.payload;
          mapped = mapper.fromReading(reading, "occupancy" in payload || "presence" in payload);
        }
      } catch (error) {
        output.failed();
        status.refresh();
        // node.error(text, msg) reaches Catch nodes with the message; the text reads as it is.
        node.error(say(error as Error), msg);
        return done();
      }
      output.emit(mapped, send);
      done();
    });

    node.on("close", (done: () => void) => {
      status.stop();
      done();
    });
  }

  RED.nodes.registerType("trappan-z2m", Z2mNode);
};
