/**
 * The most loiterers a rule on stay length could find within the false-alarm target, given the
 * answers: a bound on the data, not a detector.
 *
 * The fixed rule's stays (every presence session of 15 minutes or more, the floor) are put in
 * cells, one per sensor and per half of the day (in the loitering hours or not). In each cell a
 * threshold is picked knowing the labels, and the thresholds together find the most loiterers for
 * the false alarms the target allows (0.05 a sensor-week, all of it spent on loitering). A
 * detector that decides by how long a stay lasts, with a threshold per place and time of day,
 * cannot find more loiterers as loitering on this data, however it learns: where the bound is
 * under the recall target, loitering thresholds alone cannot meet it, and no setting of them
 * would. Loiterers the fixed rule does not see as one long stay (someone a PIR keeps losing) are
 * left to the other findings (off-hours, visit-surge), which the bound does not cover.
 */
import { inHourRange, localParts } from "../core/time";
import { Label } from "./generate";
import { ScoredIncident } from "./score";

export interface Ceiling {
  /** Loiterers the best thresholds find. */
  found: number;
  /** Loiterers among the stays at all: what any threshold at or above the floor could find. */
  seen: number;
  /** Loiterers labelled after the learning period. */
  of: number;
  /** False alarms the target allows. */
  budget: number;
}

const SLACK_MS = 5 * 60_000; // as the scorer matches

/**
 * @param stays the fixed rule's incidents on the same data (its loitering ones are read)
 * @param loiterHours local hours [from, to) of the anomaly core's loitering hours
 * @param perSensorWeek the false alarms allowed, a sensor-week (the target's by default)
 */
export function loiteringCeiling(
  stays: ScoredIncident[],
  labels: Label[],
  sensors: number,
  learnedFrom: number,
  to: number,
  timezone = "Europe/Stockholm",
  loiterHours: [number, number] = [18, 6],
  perSensorWeek = 0.05,
): Ceiling {
  const budget = Math.floor(perSensorWeek * sensors * ((to - learnedFrom) / (7 * 86_400_000)));
  const loiterers = labels.filter((l) => l.type === "loitering" && l.start >= learnedFrom);
  const otherFindings = labels.filter((l) => (l.type === "stash" || l.type === "night-disturbance") && l.start >= learnedFrom);
  const overlaps = (i: ScoredIncident, l: Label) => i.sensor === l.sensor && i.start <= l.end + SLACK_MS && i.end >= l.start - SLACK_MS;
  const cellOf = (i: ScoredIncident) => `${i.sensor} ${inHourRange(localParts(i.start, timezone).hour, loiterHours) ? "loiter" : "other"}`;

  /** Per cell: its residents' stays (lengths) and its loiterers (each by its longest stay). */
  const cells = new Map<string, { residents: number[]; loiterers: number[] }>();
  const cell = (key: string) => cells.get(key) ?? cells.set(key, { residents: [], loiterers: [] }).get(key)!;
  const longest = new Map<Label, ScoredIncident>();
  for (const stay of stays) {
    if (stay.type !== "loitering" || stay.detectedAt < learnedFrom) continue;
    const theirs = loiterers.filter((l) => overlaps(stay, l));
    for (const loiterer of theirs) {
      const before = longest.get(loiterer);
      if (!before || stay.end - stay.start > before.end - before.start) longest.set(loiterer, stay);
    }
    if (theirs.length === 0 && !otherFindings.some((l) => overlaps(stay, l))) {
      cell(cellOf(stay)).residents.push(stay.end - stay.start); // a false alarm, if over the threshold
    }
  }
  for (const stay of longest.values()) cell(cellOf(stay)).loiterers.push(stay.end - stay.start);

  // Knapsack over the cells: best[b] is the most loiterers found with b false alarms.
  let best = new Array<number>(budget + 1).fill(0);
  for (const { residents, loiterers: lengths } of cells.values()) {
    // A threshold just under a loiterer's stay finds every loiterer as long or longer, and costs
    // every resident's stay as long or longer; thresholds anywhere else are never better.
    const choices = lengths.map((length) => ({
      found: lengths.filter((l) => l >= length).length,
      cost: residents.filter((r) => r >= length).length,
    }));
    const next = best.slice();
    for (let b = 0; b <= budget; b++) {
      for (const { found, cost } of choices) if (cost <= b) next[b] = Math.max(next[b], best[b - cost] + found);
    }
    best = next;
  }
  return { found: best[budget], seen: longest.size, of: loiterers.length, budget };
}

/** Ceilings of several seeds together: each seed spends its own budget. */
export function mergeCeilings(ceilings: Ceiling[]): Ceiling {
  return ceilings.reduce((a, c) => ({ found: a.found + c.found, seen: a.seen + c.seen, of: a.of + c.of, budget: a.budget + c.budget }), { found: 0, seen: 0, of: 0, budget: 0 });
}
