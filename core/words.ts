/**
 * Words shared by every text a person reads (notifications, reports, the lägesbild page, the
 * observation form): incident kinds, severities, spaces and observation categories, in sv and en.
 */
import { SPACES, type IncidentKind, type Severity, type Space } from "./events";

export type Language = "sv" | "en";

export const KIND_WORDS: Record<Language, Record<IncidentKind, string>> = {
  sv: { loitering: "Uppehåll", "off-hours": "Aktivitet nattetid", "visit-surge": "Upprepade korta besök", "sensor-offline": "Sensor hörs inte", tamper: "Sensor öppnad", observation: "Observation" },
  en: { loitering: "Loitering", "off-hours": "Night-time activity", "visit-surge": "Repeated short visits", "sensor-offline": "Sensor not heard", tamper: "Sensor opened", observation: "Observation" },
};

export const SEVERITY_WORDS: Record<Language, Record<Severity, string>> = {
  sv: { low: "Låg", medium: "Medel", high: "Hög" },
  en: { low: "Low", medium: "Medium", high: "High" },
};

/** A space as a table heading names it (the anomaly's sentences use the definite form). */
export const SPACE_NAMES: Record<Language, Record<Space, string>> = {
  sv: { stairwell: "Trapphus", basement: "Källare", attic: "Vind", storage: "Förråd", laundry: "Tvättstuga", "bike-room": "Cykelrum", "garbage-room": "Soprum", entrance: "Entré", other: "Övrigt utrymme" },
  en: { stairwell: "Stairwell", basement: "Basement", attic: "Attic", storage: "Storage room", laundry: "Laundry room", "bike-room": "Bike room", "garbage-room": "Garbage room", entrance: "Entrance", other: "Other space" },
};

/** A number as a language writes it: its decimal separator (a comma in Swedish: "0,1") in place of the point. */
export function writtenNumber(value: number, decimalSeparator: string): string {
  return String(value).replace(".", decimalSeparator);
}

/** A word folded for comparing as people write it: no case, no accents, spaces, "_" and "-" alike. */
export function foldWord(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s_\-–]+/g, " ")
    .trim();
}

/**
 * Words for each space as staff, spreadsheets and other systems write them, beyond our keys and
 * the names above: Swedish definite forms and compounds, and the common English words.
 */
const SPACE_SYNONYMS: Record<Space, string[]> = {
  stairwell: ["trappuppgång", "trapphuset", "trappa", "trappan", "trappavsats", "stairs", "staircase", "stairway", "landing"],
  basement: ["källaren", "källargång", "cellar"],
  attic: ["vinden", "loft"],
  storage: ["förrådet", "förrådsrum", "store room", "storeroom"],
  laundry: ["tvättstugan", "tvättrum"],
  "bike-room": ["cykelrummet", "cykelförråd", "cykelförrådet", "bicycle room", "bike storage", "bicycle storage"],
  "garbage-room": ["soprummet", "sophus", "miljörum", "miljörummet", "waste room", "refuse room", "trash room", "bin room"],
  entrance: ["entrén", "entréhall", "port", "porten", "entry", "entryway", "entrance hall", "lobby"],
  other: ["övrigt", "annat"],
};

const SPACE_WORDS: Map<string, Space> = (() => {
  const words = new Map<string, Space>();
  for (const space of SPACES) {
    for (const word of [space, SPACE_NAMES.sv[space], SPACE_NAMES.en[space], ...SPACE_SYNONYMS[space]]) words.set(foldWord(word), space);
  }
  return words;
})();

/** The space a word names ("källare", "Laundry room", "bike_room", "cellar"), or undefined if none. */
export function spaceOf(written: string): Space | undefined {
  return SPACE_WORDS.get(foldWord(written));
}

/** What staff can report (trappan-observation), the keys as stored; labels per language. */
export const OBSERVATION_CATEGORIES = ["klotter", "skadegorelse", "narkotikafynd", "vapenfynd", "ungdomssamling", "trasigt-las", "nedskrapning", "ovrigt"] as const;
export type ObservationCategory = (typeof OBSERVATION_CATEGORIES)[number];

export const CATEGORY_WORDS: Record<Language, Record<ObservationCategory, string>> = {
  sv: { klotter: "Klotter", skadegorelse: "Skadegörelse", narkotikafynd: "Narkotikafynd", vapenfynd: "Vapenfynd", ungdomssamling: "Ungdomssamling", "trasigt-las": "Trasigt lås", nedskrapning: "Nedskräpning", ovrigt: "Övrigt" },
  en: { klotter: "Graffiti", skadegorelse: "Vandalism", narkotikafynd: "Drugs found", vapenfynd: "Weapon found", ungdomssamling: "Youth gathering", "trasigt-las": "Broken lock", nedskrapning: "Littering", ovrigt: "Other" },
};

/** How serious each category is taken to be: finds of drugs or weapons first. */
export const CATEGORY_SEVERITY: Record<ObservationCategory, Severity> = {
  klotter: "low",
  skadegorelse: "medium",
  narkotikafynd: "high",
  vapenfynd: "high",
  ungdomssamling: "medium",
  "trasigt-las": "medium",
  nedskrapning: "low",
  ovrigt: "low",
};

/** "Kvarngatan 3 B, Källare": the address and entrance, then the space, as people read a place. */
export function placeLabel(language: Language, place: { address?: string; entrance?: string; space?: Space }): string {
  const address = [place.address?.trim(), place.entrance?.trim()].filter(Boolean).join(" ");
  const space = place.space ? SPACE_NAMES[language]?.[place.space] ?? place.space : "";
  return [address, space].filter(Boolean).join(", ");
}
