import type { NodeAPI } from "node-red";
import { writtenNumber } from "../core/words";

/**
 * A number typed in a node's dialog. Empty gives the default. A decimal comma is how Swedish users
 * write numbers, so "2,5" is 2.5. A value that is not a finite number that `valid` accepts gives
 * the default too, and `bad` is told what was typed, for the node to say so.
 */
export function typedNumber(text: unknown, fallback: number, valid: (value: number) => boolean, bad: (typed: string) => void): number {
  const typed = String(text ?? "").trim();
  if (typed === "") return fallback;
  const value = Number(typed.replace(",", "."));
  if (Number.isFinite(value) && valid(value)) return value;
  bad(typed);
  return fallback;
}

/**
 * A setting named as its dialog labels it (`<namespace>.label.<key>`). A setting that ends a row
 * takes the row's label too (keys joined by " … "), to be understood alone in an error.
 */
export function settingLabel(RED: NodeAPI, namespace: string) {
  return (...keys: string[]): string => keys.map((key) => RED._(`${namespace}.label.${key}`)).join(" … ");
}

/**
 * Reads a node's number settings of at least `min` (above it, with `above`), each bad one put in
 * `problems` as the node's `errors.setting` says it (the setting, what was typed, the least and
 * the default, numbers written with its `decimalSeparator`), for the node to say once it is up.
 */
export function minimumSettings(RED: NodeAPI, namespace: string, problems: string[]) {
  const written = (value: number) => writtenNumber(value, RED._(`${namespace}.decimalSeparator`));
  return (text: string | undefined, fallback: number, min: number, setting: string, above = false): number =>
    typedNumber(text, fallback, (n) => (above ? n > min : n >= min), (typed) =>
      problems.push(RED._(`${namespace}.errors.setting`, { setting, value: typed, min: written(min), default: written(fallback) })),
    );
}
