/**
 * trappan-access: the login rule of the observation form and the lägesbild page (core/access.ts):
 * only this machine, a token in the link, or a user name and password. The secrets are
 * credentials, never in flows.json.
 */
import type { NodeAPI, NodeDef } from "node-red";
import { AccessMode, AccessRule } from "../../core/access";
import type { AccessNode } from "../types";

interface AccessDef extends NodeDef {
  mode: AccessMode;
}

interface AccessCredentials {
  token?: string;
  username?: string;
  password?: string;
}

export = function register(RED: NodeAPI) {
  function AccessNodeConstructor(this: AccessNode, config: AccessDef) {
    RED.nodes.createNode(this, config);
    const credentials = (this.credentials ?? {}) as AccessCredentials;
    const mode: AccessMode = config.mode === "token" || config.mode === "login" ? config.mode : "local";
    this.rule = { mode, token: credentials.token || undefined, username: credentials.username || undefined, password: credentials.password || undefined } satisfies AccessRule;
    if (mode === "token" && (!this.rule.token || this.rule.token.length < 16)) this.problem = RED._("trappan-access.errors.token");
    else if (mode === "login" && (!this.rule.username || !this.rule.password)) this.problem = RED._("trappan-access.errors.login");
    if (this.problem) this.error(this.problem);
  }

  RED.nodes.registerType("trappan-access", AccessNodeConstructor as never, {
    credentials: { token: { type: "password" }, username: { type: "text" }, password: { type: "password" } },
  });
};
