/**
 * trappan-recipients: a recipient group (core/notify/recipients.ts) as a config node — a name,
 * email addresses and phone numbers, webhooks (credentials: a URL may carry a token), routing,
 * quiet hours and escalation. Checked on deploy; a trappan-notify node using the group says
 * what is wrong.
 */
import type { Node, NodeAPI, NodeDef } from "node-red";
import type { IncidentKind, Severity } from "../../core/events";
import { RecipientGroup, checkGroup, toE164 } from "../../core/notify/recipients";
import type { RecipientsNode } from "../types";

interface RecipientsDef extends NodeDef {
  emails: string;
  phones: string;
  kinds: IncidentKind[];
  minSeverity: Severity;
  districts: string;
  policeAreas: string;
  sites: string;
  quiet: boolean;
  quietFrom: string;
  quietTo: string;
  quietUnless: Severity;
  escalateTo: string;
  escalateAfterMinutes: string;
  language: "sv" | "en";
}

/** One entry per line or comma (or semicolon), blanks left out. */
const list = (text: string | undefined) =>
  (text ?? "")
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export = function register(RED: NodeAPI) {
  function RecipientsNodeConstructor(this: RecipientsNode, config: RecipientsDef) {
    RED.nodes.createNode(this, config);
    const credentials = (this.credentials ?? {}) as { webhooks?: string };
    // Numbers as people write them (070-123 45 67) become E.164; what cannot be is kept to be named.
    const phones = list(config.phones).map((p) => toE164(p) ?? p);
    const minutes = Number(config.escalateAfterMinutes);
    const group: RecipientGroup = {
      id: this.id,
      name: (config.name ?? "").trim(),
      emails: list(config.emails),
      phones,
      webhooks: list(credentials.webhooks),
      kinds: Array.isArray(config.kinds) ? config.kinds : [],
      minSeverity: config.minSeverity || "low",
      districts: list(config.districts),
      policeAreas: list(config.policeAreas),
      sites: list(config.sites),
      quietHours: config.quiet ? { from: config.quietFrom, to: config.quietTo, unlessSeverity: config.quietUnless || "high" } : undefined,
      escalateTo: config.escalateTo || undefined,
      escalateAfterMs: config.escalateTo && Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : undefined,
      language: config.language === "en" ? "en" : "sv",
    };
    this.group = group;
    this.problems = checkGroup(group).map((p) => RED._(`trappan-recipients.errors.${p.code}`, { value: p.value ?? "", name: group.name }));
  }

  RED.nodes.registerType("trappan-recipients", RecipientsNodeConstructor as unknown as (this: Node, config: NodeDef) => void, {
    credentials: { webhooks: { type: "text" } },
  });
};
