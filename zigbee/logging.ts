/**
 * zigbee-herdsman and its converters log through one process-wide logger each. We route both
 * into whatever sink the coordinator gives (Node-RED's log): herdsman's chatty info goes to
 * debug, so a normal Node-RED log shows only what an operator should read.
 */
import { setLogger as setHerdsmanLogger } from "zigbee-herdsman";
import { setLogger as setConvertersLogger } from "zigbee-herdsman-converters";

export interface LogSink {
  /** False unless debug output is shown: herdsman then skips building its debug messages. */
  debugEnabled?: boolean;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

let sink: LogSink | undefined;

const text = (message: string | (() => string)) => (typeof message === "function" ? message() : message);

// herdsman logs every frame at debug level, often as a function that formats it: call it only
// when debug output is on, or decoding costs several times what it must.
const debug = (message: string | (() => string), namespace: string) => {
  if (sink?.debugEnabled) sink.debug(`[${namespace}] ${text(message)}`);
};

const bridge = {
  debug,
  info: debug,
  warning: (message: string | (() => string), namespace: string) => sink?.warn(`[${namespace}] ${text(message)}`),
  error: (message: string | (() => string), namespace: string) => sink?.error(`[${namespace}] ${text(message)}`),
};

let installed = false;

export function routeZigbeeLogs(to: LogSink): void {
  sink = to;
  if (installed) return;
  installed = true;
  setHerdsmanLogger(bridge);
  setConvertersLogger(bridge);
}
