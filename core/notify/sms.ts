/**
 * SMS length and segmenting, as GSM 03.38 (3GPP TS 23.038) and the operators count it.
 *
 * An alert for the police should fit one 160-character SMS where it can: a long SMS is sent
 * as several segments that the phone glues back together, and the segment count is what the
 * operator charges. Swedish å ä ö Å Ä Ö and é are in the GSM 7-bit default alphabet, so a
 * Swedish text stays GSM-7 (160 per SMS). One character outside the alphabet and its
 * extension table (a typographic ’, an en dash –, an emoji) turns the whole message into
 * UCS-2, which holds only 70 per SMS.
 */

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsParts {
  encoding: SmsEncoding;
  /** septets (GSM-7, an extension-table char counts 2) or UTF-16 code units (UCS-2) */
  units: number;
  /** the text split as a phone shows it: each part fits one segment of a concatenated SMS (or the whole text when it fits one single SMS) */
  segments: string[];
}

/** One SMS alone; a concatenated SMS's segments are shorter, its header (UDH) takes 6 bytes. */
const SINGLE = { "GSM-7": 160, "UCS-2": 70 } as const;
const SEGMENT = { "GSM-7": 153, "UCS-2": 67 } as const;

/**
 * The GSM 7-bit default alphabet, 0x00–0x7F in order, 16 a row. 0x1B is the escape to the
 * extension table, not a character: it is left out of the set below. Note 0x24 is ¤ (the $
 * is at 0x02), 0x40 is ¡ (the @ is at 0x00) and 0x60 is ¿: the ASCII backtick ` is not in it.
 * 0x09 is the upper-case Ç; the lower-case ç is in neither table.
 */
const DEFAULT_ALPHABET =
  "@£$¥èéùìòÇ\nØø\rÅå" +
  "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ" +
  " !\"#¤%&'()*+,-./" +
  "0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNO" +
  "PQRSTUVWXYZÄÖÑÜ§" +
  "¿abcdefghijklmno" +
  "pqrstuvwxyzäöñüà";

/**
 * The extension table's characters (0x0A form feed, 0x14 ^, 0x28 {, 0x29 }, 0x2F \, 0x3C [,
 * 0x3D ~, 0x3E ], 0x40 |, 0x65 €): each is sent as escape + char, 2 septets.
 */
const EXTENSION_TABLE = "\f^{}\\[~]|€";

const DEFAULT_CHARS = new Set(Array.from(DEFAULT_ALPHABET).filter((c) => c !== "\x1b"));
const EXTENSION_CHARS = new Set(Array.from(EXTENSION_TABLE));

/** Septets one character takes in GSM-7, or undefined when GSM-7 cannot send it. */
function septets(char: string): number | undefined {
  if (DEFAULT_CHARS.has(char)) return 1;
  if (EXTENSION_CHARS.has(char)) return 2;
  return undefined;
}

/** Whether every character is in the GSM 7-bit default alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  for (const char of text) if (septets(char) === undefined) return false;
  return true;
}

/**
 * How the text goes out: its encoding, its length in that encoding's units, and its segments.
 * An empty text has no segments (`segments: []`, units 0, GSM-7): there is nothing to send and
 * nothing to pay for.
 */
export function smsParts(text: string): SmsParts {
  const encoding: SmsEncoding = isGsm7(text) ? "GSM-7" : "UCS-2";
  // Code points, so that an emoji's surrogate pair is one item (2 units) that is never split;
  // an extension char is likewise one item of 2 septets.
  const chars = Array.from(text);
  const cost = (char: string) => (encoding === "GSM-7" ? septets(char)! : char.length);
  const units = chars.reduce((sum, char) => sum + cost(char), 0);

  if (units === 0) return { encoding, units, segments: [] };
  if (units <= SINGLE[encoding]) return { encoding, units, segments: [text] };

  // Greedy, as phones do: fill each segment, and move a char that does not fit whole to the next.
  const segments: string[] = [];
  let current = "";
  let used = 0;
  for (const char of chars) {
    const n = cost(char);
    if (used + n > SEGMENT[encoding]) {
      segments.push(current);
      current = "";
      used = 0;
    }
    current += char;
    used += n;
  }
  segments.push(current);
  return { encoding, units, segments };
}

/** GSM-7 has no "…": three dots cost 3 septets there but keep the message GSM-7. */
const withEllipsis = (text: string) => text + (isGsm7(text) ? "..." : "…");

/** How far back from the cut to look for a space, so as not to cut a word in two. */
const WORD_LOOKBACK = 20;

/** The text cut to at most `maxSegments` segments, ending in "…" (GSM-7 has no "…": use "..." there) when cut; unchanged when it fits. */
export function fitSms(text: string, maxSegments: number): string {
  if (!Number.isInteger(maxSegments) || maxSegments < 1) {
    throw new RangeError(`maxSegments must be a whole number ≥ 1, got ${maxSegments}`);
  }
  const fits = (candidate: string) => smsParts(candidate).segments.length <= maxSegments;
  if (fits(text)) return text;

  // Cut between code points only: that never splits a surrogate pair nor an extension char.
  const chars = Array.from(text);
  const cutAt = (n: number) => withEllipsis(chars.slice(0, n).join(""));

  // The longest prefix that fits with its ellipsis. A longer prefix never takes fewer segments
  // (also when it turns the text UCS-2: UCS-2 holds less than half of GSM-7), so bisect.
  // 0 chars + "..." always fits; the whole text does not.
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(cutAt(mid))) lo = mid;
    else hi = mid - 1;
  }

  // Prefer ending at a word: the last space at or before the cut, if it is close enough. A
  // shorter prefix still fits, for the same reason as above.
  let cut = lo;
  const space = chars.lastIndexOf(" ", cut);
  if (space > 0 && space >= cut - WORD_LOOKBACK) cut = space;
  return withEllipsis(chars.slice(0, cut).join("").trimEnd());
}
