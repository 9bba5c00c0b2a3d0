/** Shapes that several nodes share: a node sees its config nodes through these. */
import type { Node } from "node-red";
import type { Baseline } from "../core/baseline";
import type { Learner } from "../core/learner";
import type { SiteRegistry } from "../core/sites";
import type { Coordinator } from "../zigbee/coordinator";
import type { Say } from "./i18n";

export interface CoordinatorNode extends Node<{ networkKey?: string }> {
  coordinator?: Coordinator;
  /** Why this coordinator does not run, when it was refused or misconfigured. */
  refusal?: string;
  /** Says the coordinator's (and its simulator's) messages and errors in the user's language. */
  say: Say;
}

export interface SiteNode extends Node {
  registry: SiteRegistry;
  /** Rows that were rejected, each naming its line. */
  rowErrors: string[];
}

export interface BaselineNode extends Node {
  baseline: Baseline;
  learner: Learner;
}

export interface InfluxNode extends Node {
  target: import("../core/storage/influx").InfluxTarget;
  /** Why the configuration cannot work (a required field empty), in the user's language. */
  problem?: string;
  /** The health check made on deploy (or again). */
  check(again?: boolean): Promise<import("../core/storage/influx").Health>;
}

export interface RecipientsNode extends Node {
  group: import("../core/notify/recipients").RecipientGroup;
  /** What is wrong with the group, in the user's language; empty when it is fine. */
  problems: string[];
}

export interface AccessNode extends Node {
  rule: import("../core/access").AccessRule;
  /** What is wrong with the rule (a token too short), in the user's language. */
  problem?: string;
}
