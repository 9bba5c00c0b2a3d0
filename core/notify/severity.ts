import type { Severity } from "../events";

export const SEVERITIES: Severity[] = ["low", "medium", "high"];

/** low 0, medium 1, high 2: for "at least" and "rose". */
export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);
