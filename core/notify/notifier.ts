/**
 * When to tell whom, as Alertmanager does it: incidents are grouped per recipient group and area;
 * a new group waits `groupWait` for others to join, later news waits `groupInterval` after the
 * group's last message. An incident is told once when it opens, again only when its severity
 * rises, optionally when it closes, and every `repeatInterval` while it stays open. Quiet hours
 * hold what is below a severity until morning; an incident still open `escalateAfter` after it
 * was first told goes to the escalation group too.
 *
 * Pure: every call takes `now` (wall time of delivery, not event time: a message is sent now);
 * the node keeps one timer for `nextWake()`. Deterministic, so replaying the same calls after a
 * restart rebuilds the same state.
 */
import type { Incident } from "../events";
import { RecipientGroup, areaOf, minutesOfDay, routes } from "./recipients";
import { severityRank } from "./severity";

export type Reason = "opened" | "severity" | "repeat" | "escalated" | "closed";

export interface NotifierOptions {
  groupWaitMs: number;
  groupIntervalMs: number;
  /** 0: never repeat. */
  repeatIntervalMs: number;
  /** Tell when an incident that was told closes. */
  sendClosed: boolean;
  /** Incidents detected longer ago than this are not told (a replay, a backfill); 0: no limit. */
  maxAgeMs: number;
  /** For quiet hours. */
  timeZone: string;
}

export const DEFAULT_NOTIFIER: NotifierOptions = {
  groupWaitMs: 30_000,
  groupIntervalMs: 5 * 60_000,
  repeatIntervalMs: 4 * 3_600_000,
  sendClosed: false,
  maxAgeMs: 3_600_000,
  timeZone: "Europe/Stockholm",
};

/** One incident as one group follows it. */
interface Track {
  groupId: string;
  area: string;
  incident: Incident;
  /** Why it is to be told at the group's next message; undefined when there is nothing new. */
  pending?: Reason;
  /** Severity rank last told; -1 never. */
  toldSeverity: number;
  firstToldAt?: number;
  lastToldAt?: number;
  escalated: boolean;
}

interface Bucket {
  groupId: string;
  area: string;
  /** When the group's next message is due, when something is pending. */
  dueAt?: number;
  lastSentAt?: number;
}

export interface FlushItem {
  incident: Incident;
  reason: Reason;
}

/** One message's worth for one group and area: to be written per recipient and channel. */
export interface Flush {
  group: RecipientGroup;
  area: string;
  at: number;
  items: FlushItem[];
}

export type Accepted = "told" | "stale" | "unrouted";

export interface NotifierSnapshot {
  tracks: Track[];
  buckets: Bucket[];
}

const key = (...parts: string[]) => parts.join("\u0000");

export class Notifier {
  private readonly tracks = new Map<string, Track>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly groups: Map<string, RecipientGroup>;
  private readonly local: Intl.DateTimeFormat;

  constructor(
    groups: RecipientGroup[],
    readonly options: NotifierOptions = DEFAULT_NOTIFIER,
  ) {
    this.groups = new Map(groups.map((g) => [g.id, g]));
    this.local = new Intl.DateTimeFormat("en-GB", { timeZone: options.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  }

  /** An incident's news: which groups will hear of it. */
  receive(incident: Incident, now: number): Accepted {
    const followed: Track[] = [];
    for (const group of this.groups.values()) {
      const track = this.tracks.get(key(group.id, incident.id));
      if (track) followed.push(track);
    }
    if (followed.length === 0 && this.options.maxAgeMs > 0 && now - incident.detectedAt > this.options.maxAgeMs) return "stale";
    let routed = followed.length > 0;
    for (const group of this.groups.values()) {
      if (!followed.some((t) => t.groupId === group.id) && routes(group, incident)) {
        followed.push(this.follow(group, incident, "opened"));
        routed = true;
      }
    }
    if (!routed) return "unrouted";
    for (const track of followed) this.update(track, incident, now);
    return "told";
  }

  private follow(group: RecipientGroup, incident: Incident, reason: Reason): Track {
    const track: Track = { groupId: group.id, area: areaOf(incident), incident, pending: reason, toldSeverity: -1, escalated: false };
    this.tracks.set(key(group.id, incident.id), track);
    return track;
  }

  private update(track: Track, incident: Incident, now: number): void {
    track.incident = incident;
    const told = track.toldSeverity >= 0;
    if (incident.state === "closed") {
      if (told && !track.pending) {
        if (!this.options.sendClosed) {
          this.tracks.delete(key(track.groupId, incident.id));
          return;
        }
        track.pending = "closed";
      }
    } else if (told && !track.pending && severityRank(incident.severity) > track.toldSeverity) {
      track.pending = "severity";
    }
    if (track.pending) this.schedule(track, now);
  }

  /** Puts the track's group on the clock: news waits the group wait, repeats and escalations do not. */
  private schedule(track: Track, now: number, waitMs = this.options.groupWaitMs): void {
    const k = key(track.groupId, track.area);
    let bucket = this.buckets.get(k);
    if (!bucket) this.buckets.set(k, (bucket = { groupId: track.groupId, area: track.area }));
    if (bucket.dueAt !== undefined) return;
    const afterLast = bucket.lastSentAt !== undefined ? bucket.lastSentAt + this.options.groupIntervalMs : -Infinity;
    bucket.dueAt = Math.max(now + waitMs, afterLast);
  }

  /** Repeats and escalations that have come due become pending. */
  private review(now: number): void {
    for (const track of [...this.tracks.values()]) {
      if (track.pending || track.firstToldAt === undefined || track.incident.state === "closed") continue;
      const group = this.groups.get(track.groupId);
      if (!group) continue;
      if (!track.escalated && group.escalateTo && group.escalateAfterMs !== undefined && now >= track.firstToldAt + group.escalateAfterMs) {
        track.escalated = true;
        const to = this.groups.get(group.escalateTo);
        if (to && !this.tracks.has(key(to.id, track.incident.id))) this.schedule(this.follow(to, track.incident, "escalated"), now, 0);
      }
      if (this.options.repeatIntervalMs > 0 && track.lastToldAt !== undefined && now >= track.lastToldAt + this.options.repeatIntervalMs) {
        track.pending = "repeat";
        this.schedule(track, now, 0);
      }
    }
  }

  /** The messages due now, each group's pending news gathered; state moves on as if they were sent. */
  due(now: number): Flush[] {
    this.review(now);
    const pendingOf = new Map<string, Track[]>();
    for (const t of this.tracks.values()) {
      if (!t.pending) continue;
      const k = key(t.groupId, t.area);
      const list = pendingOf.get(k);
      if (list) list.push(t);
      else pendingOf.set(k, [t]);
    }
    const flushes: Flush[] = [];
    for (const [k, bucket] of this.buckets) {
      const group = this.groups.get(bucket.groupId);
      const pending = pendingOf.get(k) ?? [];
      if (!group || (pending.length === 0 && !(bucket.lastSentAt !== undefined && now < bucket.lastSentAt + this.options.groupIntervalMs))) {
        // Nothing to tell and the group interval is over: the next news waits only the group wait.
        if (bucket.dueAt === undefined || bucket.dueAt <= now) this.buckets.delete(k);
        continue;
      }
      if (bucket.dueAt === undefined || bucket.dueAt > now || pending.length === 0) continue;
      const quiet = this.quietUntil(group, now);
      const going = quiet === undefined ? pending : pending.filter((t) => severityRank(t.incident.severity) >= severityRank(group.quietHours!.unlessSeverity));
      bucket.dueAt = going.length < pending.length ? quiet : undefined;
      if (going.length === 0) continue;
      const items: FlushItem[] = [];
      for (const track of going) {
        items.push({ incident: track.incident, reason: track.pending! });
        track.pending = undefined;
        track.toldSeverity = Math.max(track.toldSeverity, severityRank(track.incident.severity));
        track.firstToldAt ??= now;
        track.lastToldAt = now;
        if (track.incident.state === "closed") this.tracks.delete(key(track.groupId, track.incident.id));
      }
      bucket.lastSentAt = now;
      flushes.push({ group, area: bucket.area, at: now, items });
    }
    return flushes;
  }

  /** When `due` has something next, if ever. */
  nextWake(): number | undefined {
    let next = Infinity;
    for (const bucket of this.buckets.values()) if (bucket.dueAt !== undefined) next = Math.min(next, bucket.dueAt);
    for (const track of this.tracks.values()) {
      if (track.pending || track.firstToldAt === undefined || track.incident.state === "closed") continue;
      const group = this.groups.get(track.groupId);
      if (group?.escalateTo && group.escalateAfterMs !== undefined && !track.escalated) next = Math.min(next, track.firstToldAt + group.escalateAfterMs);
      if (this.options.repeatIntervalMs > 0 && track.lastToldAt !== undefined) next = Math.min(next, track.lastToldAt + this.options.repeatIntervalMs);
    }
    return Number.isFinite(next) ? next : undefined;
  }

  /** When a group's quiet hours end, if `now` is inside them. */
  quietUntil(group: RecipientGroup, now: number): number | undefined {
    const q = group.quietHours;
    if (!q) return undefined;
    const from = minutesOfDay(q.from);
    const to = minutesOfDay(q.to);
    if (from === undefined || to === undefined || from === to) return undefined;
    const [h, m] = this.local.format(now).split(":").map(Number);
    const minute = h * 60 + m;
    const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
    if (!inside) return undefined;
    // To the start of the minute `to` (a DST change may shift it an hour; due() checks again then).
    const ahead = (to - minute + 1440) % 1440;
    return now - (now % 60_000) + ahead * 60_000;
  }

  /** Incidents followed, per group: for the status. */
  get following(): number {
    return this.tracks.size;
  }

  snapshot(): NotifierSnapshot {
    return { tracks: [...this.tracks.values()].map((t) => ({ ...t })), buckets: [...this.buckets.values()].map((b) => ({ ...b })) };
  }

  restore(snapshot: NotifierSnapshot): void {
    this.tracks.clear();
    this.buckets.clear();
    for (const t of snapshot.tracks) this.tracks.set(key(t.groupId, t.incident.id), { ...t });
    for (const b of snapshot.buckets) this.buckets.set(key(b.groupId, b.area), { ...b });
  }
}
