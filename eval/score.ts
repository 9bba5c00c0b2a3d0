/**
 * Scores incidents against labels: recall per anomaly type, precision, false alarms per
 * sensor-week after learning, the share of benign deviations alerted, and the median delay from
 * the start of a loitering to its incident. An incident matches a label when they overlap on the
 * same sensor (with a little slack: an incident is about the time around it).
 */
import { ANOMALIES, BENIGN, Label, LabelType } from "./generate";

export interface ScoredIncident {
  sensor: string;
  type: string;
  start: number;
  end: number;
  detectedAt: number;
}

export interface Score {
  recall: Partial<Record<LabelType, number>>;
  counts: Partial<Record<LabelType, { found: number; of: number }>>;
  precision: number;
  falseAlarmsPerSensorWeek: number;
  falseAlarms: number;
  benignAlerted: number;
  medianLoiteringDelayMin: number;
  incidents: number;
}

const SLACK_MS = 5 * 60_000;

const overlaps = (i: ScoredIncident, l: Label) => i.sensor === l.sensor && i.start <= l.end + SLACK_MS && i.end >= l.start - SLACK_MS;

export function score(incidents: ScoredIncident[], labels: Label[], sensors: number, learnedFrom: number, to: number): Score {
  const scored = incidents.filter((i) => i.detectedAt >= learnedFrom);
  const anomalies = labels.filter((l) => ANOMALIES.includes(l.type) && l.start >= learnedFrom);
  const benign = labels.filter((l) => BENIGN.includes(l.type) && l.start >= learnedFrom);
  const bySensor = new Map<string, ScoredIncident[]>();
  for (const i of scored) {
    const list = bySensor.get(i.sensor) ?? [];
    list.push(i);
    bySensor.set(i.sensor, list);
  }
  const matching = (l: Label) => (bySensor.get(l.sensor) ?? []).filter((i) => overlaps(i, l));

  const recall: Score["recall"] = {};
  const counts: Score["counts"] = {};
  for (const type of ANOMALIES) {
    const of = anomalies.filter((l) => l.type === type);
    const found = of.filter((l) => matching(l).length > 0).length;
    counts[type] = { found, of: of.length };
    recall[type] = of.length ? found / of.length : NaN;
  }
  const trueIncidents = scored.filter((i) => anomalies.some((l) => overlaps(i, l)));
  const falseAlarms = scored.length - trueIncidents.length;
  const weeks = ((to - learnedFrom) / (7 * 86_400_000)) * sensors;
  const benignAlerted = benign.filter((l) => matching(l).length > 0).length;
  for (const type of BENIGN) {
    const of = benign.filter((l) => l.type === type);
    counts[type] = { found: of.filter((l) => matching(l).length > 0).length, of: of.length };
  }
  const delays = anomalies
    .filter((l) => l.type === "loitering")
    .map((l) => matching(l).map((i) => i.detectedAt - l.start))
    .filter((d) => d.length > 0)
    .map((d) => Math.min(...d) / 60_000)
    .sort((a, b) => a - b);
  return {
    recall,
    counts,
    precision: scored.length ? trueIncidents.length / scored.length : NaN,
    falseAlarmsPerSensorWeek: falseAlarms / weeks,
    falseAlarms,
    benignAlerted: benign.length ? benignAlerted / benign.length : 0,
    medianLoiteringDelayMin: delays.length ? delays[Math.floor(delays.length / 2)] : NaN,
    incidents: scored.length,
  };
}
