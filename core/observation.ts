/**
 * Staff observations (trappan-observation): what caretakers and summer-job youths see in the
 * stairwells — klotter, a broken lock, drugs found — reported from a phone form, posted as JSON or
 * imported as CSV from other reporting systems. Each becomes an Incident of kind "observation".
 *
 * Pure: the clock is never read (`now` is passed in). Every fault is collected and returned as a
 * FieldError — a code the nodes translate, its parameters and an English text — so the form can
 * show each one next to its field and nothing the user wrote is lost.
 */
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { Incident, Location, placeKey, SPACES, Space } from "./events";
import { CodedError } from "./messages";
import type { ObservationDetails } from "./report/types";
import { isValidTimeZone } from "./sites";
import { DAY_MS, isoOffsetMs, localParts, localToEpoch as localToZoned, validClock, validDate } from "./time";
import { CATEGORY_SEVERITY, CATEGORY_WORDS, Language, OBSERVATION_CATEGORIES, ObservationCategory, foldWord as fold, placeLabel as placeWords, spaceOf } from "./words";

/** One place staff can pick: an address (and entrance) and a space in it, in one site. */
export interface Place {
  /** `${site}|${address}|${entrance ?? ""}|${space}`, as the weekly report keys places. */
  key: string;
  location: Location;
}

/** The fields of an observation; "file" is only used by the CSV import, for the file as a whole. */
export type ObservationField = "category" | "place" | "time" | "note" | "id";

export interface FieldError {
  field: ObservationField | "file";
  /** What is wrong, for translation (FORM_WORDS in observation-form.ts has the Swedish). */
  code: string;
  params: Record<string, unknown>;
  /** English. */
  text: string;
}

export interface ObservationContext {
  places: Place[];
  /** The sites' time zone: local times ("2026-03-29T03:30") are read in it. */
  timezone: string;
  /** Epoch ms: the reference for "in the future" and "too old", and the incident's detectedAt. */
  now: number;
  source: ObservationDetails["source"];
}

export type ObservationResult = { ok: true; incident: Incident } | { ok: false; errors: FieldError[] };

export const NOTE_MAX_LENGTH = 1000;
export const ID_MAX_LENGTH = 100;
/** How far after `now` a time may be (phones' clocks drift). */
export const FUTURE_SLACK_MS = 10 * 60_000;
/** How far back an observation may be reported. */
export const MAX_AGE_DAYS = 366;


const fieldError = (field: FieldError["field"], code: string, params: Record<string, unknown>, text: string): FieldError => ({ field, code, params, text });

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}

// ---------------------------------------------------------------------------------------------
// Places

export { placeKey };

const collator = new Intl.Collator("sv", { numeric: true, sensitivity: "base" });

/**
 * The distinct places of some locations (sensor locations, typically SiteRegistry.locations()),
 * sorted by site, address, entrance and space (in SPACES order). Sensors of one place on several
 * floors give one place, without a floor; the first location's district, police area and
 * coordinates are kept.
 */
export function placesOf(locations: Location[]): Place[] {
  const byKey = new Map<string, Place>();
  for (const location of locations) {
    const key = placeKey(location);
    if (byKey.has(key)) continue;
    const { floor: _floor, ...rest } = location;
    const place: Location = { ...rest };
    if (place.entrance === undefined || place.entrance === "") delete place.entrance;
    byKey.set(key, { key, location: place });
  }
  return [...byKey.values()].sort(
    (a, b) =>
      collator.compare(a.location.site, b.location.site) ||
      collator.compare(a.location.address, b.location.address) ||
      collator.compare(a.location.entrance ?? "", b.location.entrance ?? "") ||
      SPACES.indexOf(a.location.space) - SPACES.indexOf(b.location.space) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** Whether places span more than one site (then labels should name the site). */
export function severalSites(places: Place[]): boolean {
  return new Set(places.map((p) => p.location.site)).size > 1;
}

/** "Storgatan 12 A, Källare"; with the site first when `withSite` ("Kv. Lärkan – Storgatan 12 A, Källare"). */
export function placeLabel(place: Place, language: Language, withSite = false): string {
  const label = placeWords(language, place.location);
  return withSite ? `${place.location.site} – ${label}` : label;
}

interface PlaceFields {
  place?: string;
  site?: string;
  address?: string;
  entrance?: string;
  space?: string;
}

function resolvePlace(fields: PlaceFields, places: Place[]): Place | FieldError {
  if (fields.place !== undefined) {
    const wanted = fields.place;
    const exact = places.find((p) => p.key === wanted);
    if (exact) return exact;
    const folded = fold(wanted);
    const several = severalSites(places);
    const found = places.filter(
      (p) =>
        fold(p.key) === folded ||
        (["sv", "en"] as const).some((language) => fold(placeLabel(p, language, several)) === folded || fold(placeLabel(p, language)) === folded),
    );
    if (found.length === 1) return found[0];
    if (found.length > 1) return ambiguous(wanted, found);
    return fieldError("place", "placeUnknown", { value: wanted }, `'${wanted}' is not a known place: pick one from the list`);
  }

  const { site, address, entrance, space } = fields;
  if (site === undefined && address === undefined && entrance === undefined && space === undefined) {
    return fieldError("place", "placeMissing", {}, "the place is missing: pick one from the list");
  }
  let wantedSpace: Space | undefined;
  if (space !== undefined) {
    wantedSpace = spaceOf(space);
    if (!wantedSpace) {
      const spaces = SPACES.join(", ");
      return fieldError("place", "spaceUnknown", { value: space, spaces }, `the space '${space}' is not one of ${spaces}`);
    }
  }
  const same = (a: string | undefined, b: string) => a !== undefined && fold(a) === fold(b);
  const found = places.filter((p) => {
    const l = p.location;
    if (site !== undefined && !same(l.site, site) && !same(l.district, site) && !same(l.policeArea, site)) return false;
    if (wantedSpace !== undefined && l.space !== wantedSpace) return false;
    if (address !== undefined) {
      // "Storgatan 12 A" names the address and its entrance together.
      const withEntrance = entrance === undefined && l.entrance !== undefined && same(`${l.address} ${l.entrance}`, address);
      if (!same(l.address, address) && !withEntrance) return false;
      if (withEntrance) return true;
    }
    if (entrance !== undefined && !same(l.entrance ?? "", entrance)) return false;
    return true;
  });
  const described = [site, address, entrance, space].filter((v) => v !== undefined).join(", ");
  if (found.length === 1) return found[0];
  if (found.length > 1) return ambiguous(described, found);
  return fieldError("place", "placeUnknown", { value: described }, `'${described}' is not a known place: pick one from the list`);
}

function ambiguous(value: string, found: Place[]): FieldError {
  const several = severalSites(found);
  const candidates = found.slice(0, 5).map((p) => placeLabel(p, "en", several));
  const more = found.length > 5 ? ", …" : "";
  return fieldError(
    "place",
    "placeAmbiguous",
    { value, count: found.length, candidates: found.map((p) => p.key) },
    `'${value}' fits ${found.length} places (${candidates.join("; ")}${more}): say which`,
  );
}

// ---------------------------------------------------------------------------------------------
// Time

/**
 * The instant of a local wall-clock time in the sites' zone (core/time.ts): a time that happens
 * twice is the first; 02:30 on the spring morning is 03:30 summer time.
 */
export function localToEpoch(year: number, month: number, day: number, hour: number, minute: number, second: number, timezone: string): number {
  return localToZoned(year, month, day, hour, minute, timezone, second);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "YYYY-MM-DDTHH:MM" local time in the zone: what `<input type="datetime-local">` shows. */
export function toLocalInput(ts: number, timezone: string): string {
  const w = localParts(ts, timezone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T|\s+)(\d{1,2})[:.](\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?$/i;
const EPOCH = /^\d{1,16}$/;

/**
 * Reads a time: ISO 8601 with an offset or Z, epoch ms (a number or digits), or a local
 * "YYYY-MM-DDTHH:MM" (or with a space, or seconds) read in the zone. Undefined if it is none.
 */
export function parseTime(value: unknown, timezone: string): number | undefined {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : undefined;
  if (typeof value === "number") return Number.isFinite(value) ? Math.round(value) : undefined;
  if (typeof value !== "string") return undefined;
  const s = value.trim();
  if (EPOCH.test(s)) return Number(s);
  let m = ISO_WITH_OFFSET.exec(s);
  if (m) {
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0));
    if (!validDate(year, month, day) || !validClock(hour, minute, second)) return undefined;
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
    const offset = isoOffsetMs(m[8]);
    return offset === undefined ? undefined : Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
  }
  m = LOCAL.exec(s);
  if (m) {
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0));
    if (!validDate(year, month, day) || !validClock(hour, minute, second)) return undefined;
    return localToEpoch(year, month, day, hour, minute, second, timezone);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Personal data in notes

export type PersonalData = "personalNumber" | "phone" | "email";

const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[a-z]{2,}/iu;
/** YYMMDD or YYYYMMDD, then -, + or nothing, then four digits; days 61–91 are samordningsnummer. */
const PERSONAL_NUMBER = /(?<!\d)(?:(?:18|19|20)\d{2}|\d{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])\s?[-+]?\s?\d{4}(?!\d)/u;
/** Dates and times ("2026-03-29", "2026-03-29 22:30") are not phone numbers. */
const DATE_TIME = /(?<!\d)(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:(?:T|\s+)\d{1,2}[:.]\d{2}(?::\d{2})?)?(?!\d)/gu;
/** Digits, each group separated by at most one space, dash or slash; may start with +. */
const DIGIT_RUN = /(?<![\d+])\+?\d(?:(?:\s?[-–/]\s?|\s)?\d)*/gu;

/**
 * What in a text looks like personal data: a Swedish personal identity number, a phone number
 * (7 or more digits, perhaps in groups, or starting with +) or an email address. Names cannot be
 * told from other words, and are not looked for.
 */
export function findPersonalData(note: string): PersonalData[] {
  const found = new Set<PersonalData>();
  if (PERSONAL_NUMBER.test(note)) found.add("personalNumber");
  if (EMAIL.test(note)) found.add("email");
  const withoutDates = note.replace(DATE_TIME, " ").replace(/\((\d{1,4})\)/g, "$1");
  for (const [run] of withoutDates.matchAll(DIGIT_RUN)) {
    const digits = run.replace(/\D/g, "");
    if (digits.length < 7) continue;
    if (!run.startsWith("+") && !run.startsWith("0")) {
      // A range of door or flat numbers ("1102-1108") or a compact date ("20260329").
      if (/^\d{1,4}\s?[-–]\s?\d{1,4}$/.test(run)) continue;
      if (/^(?:19|20)\d{6}$/.test(digits) && validDate(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8)))) continue;
    }
    found.add("phone");
  }
  return [...found];
}

// ---------------------------------------------------------------------------------------------
// Categories

/** A category from its key or its sv or en label, whatever the case and accents ("trasigt las"). */
export function categoryOf(value: string): ObservationCategory | undefined {
  const wanted = fold(value);
  return OBSERVATION_CATEGORIES.find(
    (category) => fold(category) === wanted || fold(CATEGORY_WORDS.sv[category]) === wanted || fold(CATEGORY_WORDS.en[category]) === wanted,
  );
}

// ---------------------------------------------------------------------------------------------
// Input fields, in English or Swedish

type InputField = "category" | "place" | "site" | "address" | "entrance" | "space" | "time" | "date" | "note" | "id";

/** Field and column names, folded (lower case, no accents), as forms, JSON and exports name them. */
const FIELD_ALIASES: Record<string, InputField> = {
  category: "category",
  kategori: "category",
  place: "place",
  plats: "place",
  site: "site",
  fastighet: "site",
  omrade: "site",
  area: "site",
  address: "address",
  adress: "address",
  gatuadress: "address",
  entrance: "entrance",
  uppgang: "entrance",
  trappuppgang: "entrance",
  space: "space",
  utrymme: "space",
  time: "time",
  tid: "time",
  tidpunkt: "time",
  klockslag: "time",
  date: "date",
  datum: "date",
  note: "note",
  notes: "note",
  anteckning: "note",
  beskrivning: "note",
  description: "note",
  kommentar: "note",
  comment: "note",
  id: "id",
};

function aliasOf(name: string): InputField | undefined {
  return FIELD_ALIASES[fold(name).replace(/ /g, "")];
}

/** The input's fields under our names; the first non-empty value of a field wins. */
function fieldsOf(input: Record<string, unknown>): Partial<Record<InputField, unknown>> {
  const fields: Partial<Record<InputField, unknown>> = {};
  const take = (name: InputField, value: unknown) => {
    if (fields[name] !== undefined) return;
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) return;
    fields[name] = value;
  };
  for (const name of ["category", "place", "site", "address", "entrance", "space", "time", "date", "note", "id"] as const) take(name, input[name]);
  for (const [name, value] of Object.entries(input)) {
    const field = aliasOf(name);
    if (field) take(field, value);
  }
  // A place given as an object ({site, address, entrance, space}), or a `location` object.
  for (const nested of [fields.place, input.location]) {
    if (nested && typeof nested === "object" && !Array.isArray(nested)) {
      if (fields.place === nested) delete fields.place;
      for (const [name, value] of Object.entries(nested as Record<string, unknown>)) {
        const field = aliasOf(name);
        if (field === "site" || field === "address" || field === "entrance" || field === "space") take(field, value);
      }
    }
  }
  return fields;
}

/** Date and clock in two columns ("Datum" 2026-03-29, "Tid" 22:30) make one local time. */
function timeOf(fields: Partial<Record<InputField, unknown>>): unknown {
  const { time, date } = fields;
  if (date === undefined) return time;
  if (time === undefined) return date;
  if (typeof time === "string" && /^\d{1,2}[:.]\d{2}(?::\d{2})?$/.test(time.trim()) && typeof date === "string") {
    return `${date.trim()} ${time.trim()}`;
  }
  return time;
}

const ID_PATTERN = /^[A-Za-z0-9._:-]+$/;

function checkContext(context: ObservationContext): void {
  if (!isValidTimeZone(context.timezone)) {
    throw new CodedError("timezoneInvalid", { timezone: context.timezone }, `'${context.timezone}' is not a time zone`);
  }
  if (!Number.isFinite(context.now)) throw new CodedError("nowInvalid", { now: context.now }, "now must be epoch milliseconds");
}

/**
 * Checks one observation (form fields, a JSON post or a CSV row) and makes its incident, or
 * returns every fault found. Fields may have English or Swedish names.
 */
export function parseObservation(input: Record<string, unknown>, context: ObservationContext): ObservationResult {
  checkContext(context);
  const fields = fieldsOf(input ?? {});
  const errors: FieldError[] = [];

  // category
  let category: ObservationCategory | undefined;
  const rawCategory = text(fields.category);
  if (rawCategory === undefined) {
    errors.push(fieldError("category", "categoryMissing", {}, "the category is missing: pick one"));
  } else {
    category = categoryOf(rawCategory);
    if (!category) {
      const categories = OBSERVATION_CATEGORIES.map((c) => CATEGORY_WORDS.en[c]).join(", ");
      errors.push(fieldError("category", "categoryUnknown", { value: rawCategory, categories }, `'${rawCategory}' is not a category: pick one of ${categories}`));
    }
  }

  // place
  let place: Place | undefined;
  const placeFields: PlaceFields = {
    place: text(fields.place),
    site: text(fields.site),
    address: text(fields.address),
    entrance: text(fields.entrance),
    space: text(fields.space),
  };
  const resolved = resolvePlace(placeFields, context.places);
  if ("key" in resolved) place = resolved;
  else errors.push(resolved);

  // time
  let time: number | undefined;
  const rawTime = timeOf(fields);
  if (rawTime === undefined) {
    errors.push(fieldError("time", "timeMissing", {}, "the time is missing: when did you see it?"));
  } else {
    time = parseTime(rawTime, context.timezone);
    const shown = rawTime instanceof Date ? rawTime.toISOString() : String(rawTime);
    if (time === undefined) {
      errors.push(fieldError("time", "timeInvalid", { value: shown }, `'${shown}' is not a time: write it as YYYY-MM-DD HH:MM`));
    } else if (time > context.now + FUTURE_SLACK_MS) {
      errors.push(fieldError("time", "timeFuture", { value: shown }, `the time ${shown} is in the future`));
      time = undefined;
    } else if (time < context.now - MAX_AGE_DAYS * DAY_MS) {
      errors.push(fieldError("time", "timeTooOld", { value: shown, days: MAX_AGE_DAYS }, `the time ${shown} is more than ${MAX_AGE_DAYS} days ago`));
      time = undefined;
    }
  }

  // note
  let note = "";
  if (fields.note !== undefined) {
    const raw = fields.note;
    if (typeof raw !== "string" && typeof raw !== "number") {
      errors.push(fieldError("note", "noteInvalid", {}, "the note must be text"));
    } else {
      note = String(raw).replace(/\r\n?/g, "\n").trim();
      if (note.length > NOTE_MAX_LENGTH) {
        errors.push(fieldError("note", "noteTooLong", { length: note.length, max: NOTE_MAX_LENGTH }, `the note is ${note.length} characters long; at most ${NOTE_MAX_LENGTH} are allowed`));
      }
      const kinds = findPersonalData(note);
      if (kinds.length > 0) {
        errors.push(
          fieldError(
            "note",
            "personalData",
            { kinds },
            "The note looks like it holds personal data (a personal number, phone number or email address). Write about the place, not people.",
          ),
        );
      }
    }
  }

  // id
  let givenId: string | undefined;
  if (fields.id !== undefined) {
    const raw = text(fields.id);
    if (raw === undefined || raw.length > ID_MAX_LENGTH || !ID_PATTERN.test(raw)) {
      const value = typeof fields.id === "object" ? "" : String(fields.id);
      errors.push(
        fieldError("id", "idInvalid", { value, max: ID_MAX_LENGTH }, `the id '${value}' must be at most ${ID_MAX_LENGTH} letters, digits or . _ : - (no spaces)`),
      );
    } else givenId = raw;
  }

  if (errors.length > 0 || !category || !place || time === undefined) return { ok: false, errors };

  const id = givenId !== undefined
    ? givenId.startsWith("obs-") ? givenId : `obs-${givenId}`
    : `obs-${createHash("sha1").update(`${category}|${place.key}|${time}|${note}`).digest("hex").slice(0, 16)}`;
  const observed: ObservationDetails = { category, note, source: context.source };
  const incident: Incident = {
    type: "incident",
    id,
    state: "closed",
    kind: "observation",
    location: { ...place.location },
    start: time,
    end: time,
    detectedAt: context.now,
    severity: CATEGORY_SEVERITY[category],
    score: 1,
    observed,
    expected: {},
  };
  return { ok: true, incident };
}

// ---------------------------------------------------------------------------------------------
// CSV import

export interface ImportResult {
  incidents: Incident[];
  /** Line numbers as a spreadsheet shows them: the header is line 1. */
  errors: { line: number; errors: FieldError[] }[];
}

/**
 * Imports observations from CSV with a header row (English or Swedish column names, comma or
 * semicolon separated — the header decides — with or without a BOM). Columns it does not know
 * (a reporter's name, a status) are ignored. Good rows are kept when others fail; the same file
 * imported twice gives the same ids. The source is "csv" unless the context says otherwise.
 */
export function importObservationCsv(csv: string, context: Omit<ObservationContext, "source"> & { source?: ObservationDetails["source"] }): ImportResult {
  const full: ObservationContext = { ...context, source: context.source ?? "csv" };
  checkContext(full);
  const source = csv.replace(/^\uFEFF/, "");
  const header = source.split(/\r?\n/, 1)[0] ?? "";
  if (header.trim() === "") {
    return { incidents: [], errors: [{ line: 1, errors: [fieldError("file", "csvEmpty", {}, "the file is empty: the first line must name the columns")] }] };
  }
  const delimiter = header.includes(";") ? ";" : ",";
  const known = new Set<InputField>();

  let records: { record: Record<string, string>; info: { records: number } }[];
  try {
    records = parse(source, {
      delimiter,
      columns: (names: string[]) =>
        names.map((name) => {
          const field = aliasOf(String(name));
          if (!field || known.has(field)) return false;
          known.add(field);
          return field;
        }),
      info: true,
      // Empty lines are kept (and skipped below) so that line numbers count them, as a spreadsheet does.
      skip_empty_lines: false,
      trim: true,
      relax_column_count: true,
      relax_quotes: true,
      bom: true,
    }) as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { incidents: [], errors: [{ line: e.lines ?? 1, errors: [fieldError("file", "csv", { reason: e.message }, `the file is not CSV: ${e.message}`)] }] };
  }

  const missing: string[] = [];
  if (!known.has("time") && !known.has("date")) missing.push("time (tid, datum)");
  if (!known.has("category")) missing.push("category (kategori)");
  if (!known.has("place") && !known.has("address") && !known.has("space") && !known.has("site")) missing.push("place (plats) or address (adress) and space (utrymme)");
  if (missing.length > 0) {
    const columns = missing.join("; ");
    return { incidents: [], errors: [{ line: 1, errors: [fieldError("file", "columnsMissing", { columns }, `the header has no column for ${columns}`)] }] };
  }

  const incidents: Incident[] = [];
  const errors: ImportResult["errors"] = [];
  const firstLine = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.records + 1;
    if (Object.values(record).every((value) => value === undefined || value === "")) continue;
    const result = parseObservation(record, full);
    if (!result.ok) {
      errors.push({ line, errors: result.errors });
      continue;
    }
    const first = firstLine.get(result.incident.id);
    if (first !== undefined) {
      errors.push({ line, errors: [fieldError("id", "duplicate", { id: result.incident.id, line: first }, `the same observation as on line ${first}`)] });
      continue;
    }
    firstLine.set(result.incident.id, line);
    incidents.push(result.incident);
  }
  return { incidents, errors };
}
