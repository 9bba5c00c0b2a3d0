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
