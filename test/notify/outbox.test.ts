/**
 * The outbox after a crash: NotifyService is abandoned without close() (as when the process is
 * killed) with an incident still gathering, a message in flight and one already sent; a new
 * service on the same folder sends what was not confirmed and nothing that was. Also: a journal
 * line cut short by the crash is left out, and the journal is compacted on open.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Channel, OutgoingMessage } from "../../core/notify/channel";
import { DEFAULT_NOTIFIER } from "../../core/notify/notifier";
import type { RecipientGroup } from "../../core/notify/recipients";
import { DEFAULT_RETRY, Delivery, NotifyService } from "../../core/notify/service";
import { BASEMENT, STAIRWELL, incident, waitFor } from "../support/notify";

const GROUP: RecipientGroup = { id: "g", name: "Polisen", emails: ["polis@polisen.example"], phones: [], webhooks: [], kinds: [], minSeverity: "low", districts: [], policeAreas: [], sites: [], language: "sv" };

/** An email channel that hands each message to `deliver`, which decides when (or whether) it is accepted. */
function channel(deliver: (m: OutgoingMessage) => Promise<void>): Channel {
  return { name: "email", send: async (m) => (await deliver(m), { providerId: m.id }), close: async () => {} };
}

function service(dir: string, email: Channel, groupWaitMs: number, deliveries: Delivery[] = []) {
  return new NotifyService({
    dir,
    groups: [GROUP],
    routes: { email, sms: "off", webhook: "off" },
    notifier: { ...DEFAULT_NOTIFIER, groupWaitMs, groupIntervalMs: 0, maxAgeMs: 0 },
    render: { timeZone: "Europe/Stockholm" },
    retry: DEFAULT_RETRY,
    ratePerHour: 0,
    smsMaxSegments: 3,
    concurrency: 4,
    now: () => Date.now(),
    on: { delivery: (d) => deliveries.push(d), dead: () => {}, failed: () => {}, changed: () => {} },
  });
}

describe("the notify outbox after a crash", function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "trappan-outbox-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("sends what was not confirmed, and nothing that was", async () => {
    const accepted: string[] = [];
    // The first run's server takes "sent" and never answers for "stuck".
    const first = service(
      dir,
      channel((m) => (m.incidentIds.includes("stuck") ? new Promise<void>(() => {}) : (accepted.push(...m.incidentIds), Promise.resolve()))),
      0,
    );
    await first.accept(incident(STAIRWELL, "sent")).written;
    await waitFor("the first message", () => accepted.length === 1);
    await first.accept(incident(BASEMENT, "stuck", { location: { site: "Kv. B", address: "Bgatan 1", space: "basement", district: "Vårby" } })).written;
    await new Promise((r) => setTimeout(r, 50));
    // Nothing more is written by the first run from here on: it has "crashed".
    const crashed = first as unknown as { closing: boolean; timer?: NodeJS.Timeout };
    crashed.closing = true;
    clearTimeout(crashed.timer);
    // A half-written line, as a crash in the middle of a write leaves it.
    fs.appendFileSync(path.join(dir, "outbox.jsonl"), '{"t":"in","at":1,"i":{"type":"inc');

    const deliveries: Delivery[] = [];
    const second = service(dir, channel(async (m) => void accepted.push(...m.incidentIds)), 0, deliveries);
    await waitFor("the stuck message", () => accepted.length === 2);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(accepted, ["sent", "stuck"]);
    assert.deepEqual(deliveries.map((d) => [d.incidentId, d.status]), [["stuck", "sent"]]);
    await second.close(0);
    (first as unknown as { log: { close(): void } }).log.close();
    // Compacted: one snapshot line, nothing left to send.
    const lines = fs.readFileSync(path.join(dir, "outbox.jsonl"), "utf8").trim().split("\n");
    assert.equal(JSON.parse(lines[0]).t, "snap");
    const third = service(dir, channel(async (m) => void accepted.push(...m.incidentIds)), 0);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(third.waiting, 0);
    assert.equal(accepted.length, 2);
    await third.close(0);
  });

  it("keeps an incident that was still gathering when the process died, and tells it once", async () => {
    const accepted: string[] = [];
    const first = service(dir, channel(async (m) => void accepted.push(...m.incidentIds)), 600);
    const taken = Date.now();
    await first.accept(incident(STAIRWELL, "gathering")).written;
    (first as unknown as { closing: boolean }).closing = true;
    clearTimeout((first as unknown as { timer?: NodeJS.Timeout }).timer);
    const second = service(dir, channel(async (m) => void accepted.push(...m.incidentIds)), 600);
    assert.equal(second.following, 1);
    assert.deepEqual(accepted, [], "still gathering");
    await waitFor("the message", () => accepted.length === 1);
    // The group wait counts from when the incident was taken, before the crash.
    assert.ok(Date.now() - taken >= 600);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(accepted, ["gathering"]);
    await second.close(0);
  });
});
