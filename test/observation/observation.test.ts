import assert from "node:assert/strict";
import {
  FieldError,
  ObservationContext,
  findPersonalData,
  importObservationCsv,
  parseObservation,
  placeLabel,
  placesOf,
  toLocalInput,
} from "../../core/observation";
import { FORM_WORDS, renderObservationForm, sayFieldError } from "../../core/observation-form";
import type { ObservationDetails } from "../../core/report/types";
import { SiteRegistry, parseSiteCsv } from "../../core/sites";

const TZ = "Europe/Stockholm";
/** Sunday 29 March 2026, 12:00 summer time: the morning the clocks went forward. */
const NOW = Date.parse("2026-03-29T10:00:00Z");

const SITES = [
  "sensor;fastighet;adress;uppgång;utrymme;våning;stadsdel",
  "0x0000000000000001;Kv. Lärkan;Storgatan 12;A;trapphus;0;Skärholmen",
  "0x0000000000000002;Kv. Lärkan;Storgatan 12;A;trapphus;3;Skärholmen",
  "0x0000000000000003;Kv. Lärkan;Storgatan 12;A;källare;-1;Skärholmen",
  "0x0000000000000004;Kv. Lärkan;Storgatan 2;;källare;-1;Skärholmen",
  "0x0000000000000005;Brf Eken;Ekvägen 3;;tvättstuga;-1;Bredäng",
].join("\n");

function registry(): SiteRegistry {
  const { rows, errors } = parseSiteCsv(SITES);
  assert.deepEqual(errors, []);
  return new SiteRegistry(rows, TZ);
}

const places = placesOf(registry().locations());
const context = (source: ObservationDetails["source"] = "form"): ObservationContext => ({ places, timezone: TZ, now: NOW, source });
const KEY = "Kv. Lärkan|Storgatan 12|A|basement";

function ok(input: Record<string, unknown>, source: ObservationDetails["source"] = "form") {
  const result = parseObservation(input, context(source));
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(!result.ok && result.errors)}`);
  return result.incident;
}

function errors(input: Record<string, unknown>): FieldError[] {
  const result = parseObservation(input, context());
  assert.ok(!result.ok, "expected errors");
  return result.errors;
}

const codes = (list: FieldError[]) => list.map((e) => `${e.field}:${e.code}`);
const valid = { category: "klotter", place: KEY, time: "2026-03-29T09:15", note: "Nytt klotter på väggen vid hissen." };

describe("observations", () => {
  describe("places", () => {
    it("are the registry's distinct places, sorted, one per floor-less place", () => {
      assert.equal(registry().locations().length, 5);
      assert.deepEqual(
        places.map((p) => p.key),
        ["Brf Eken|Ekvägen 3||laundry", "Kv. Lärkan|Storgatan 2||basement", "Kv. Lärkan|Storgatan 12|A|stairwell", "Kv. Lärkan|Storgatan 12|A|basement"],
      );
      assert.deepEqual(places[3].location, { site: "Kv. Lärkan", address: "Storgatan 12", entrance: "A", space: "basement", district: "Skärholmen" });
    });

    it("are labelled by address, entrance and space, with the site when asked", () => {
      assert.equal(placeLabel(places[3], "sv"), "Storgatan 12 A, Källare");
      assert.equal(placeLabel(places[3], "en"), "Storgatan 12 A, Basement");
      assert.equal(placeLabel(places[0], "sv", true), "Brf Eken – Ekvägen 3, Tvättstuga");
    });
  });

  describe("parseObservation", () => {
    it("makes a closed observation incident", () => {
      const incident = ok(valid);
      assert.deepEqual(incident, {
        type: "incident",
        id: incident.id,
        state: "closed",
        kind: "observation",
        location: places[3].location,
        start: Date.parse("2026-03-29T07:15:00Z"),
        end: Date.parse("2026-03-29T07:15:00Z"),
        detectedAt: NOW,
        severity: "low",
        score: 1,
        observed: { category: "klotter", note: "Nytt klotter på väggen vid hissen.", source: "form" },
        expected: {},
      });
      assert.match(incident.id, /^obs-[0-9a-f]{16}$/);
      assert.notEqual(incident.location, places[3].location, "a copy, not the place's own object");
    });

    it("knows categories by key and by sv or en label, whatever the case and accents", () => {
      const cases: [string, string][] = [
        ["trasigt-las", "trasigt-las"],
        ["Trasigt lås", "trasigt-las"],
        ["trasigt las", "trasigt-las"],
        ["TRASIGT LÅS", "trasigt-las"],
        ["Graffiti", "klotter"],
        ["Skadegörelse", "skadegorelse"],
        ["skadegorelse", "skadegorelse"],
        ["Weapon found", "vapenfynd"],
        ["övrigt", "ovrigt"],
      ];
      for (const [given, category] of cases) {
        assert.equal((ok({ ...valid, category: given }).observed as ObservationDetails).category, category, given);
      }
      assert.equal(ok({ ...valid, category: "vapenfynd" }).severity, "high");
      assert.deepEqual(codes(errors({ ...valid, category: "Inbrott" })), ["category:categoryUnknown"]);
      assert.deepEqual(codes(errors({ ...valid, category: " " })), ["category:categoryMissing"]);
    });

    it("finds the place by key, by Swedish fields and by English fields", () => {
      assert.equal(ok(valid).location?.space, "basement");
      const swedish = ok({ kategori: "Klotter", adress: "storgatan 12", uppgång: "a", utrymme: "Källaren", tid: "2026-03-29 09:15" });
      assert.deepEqual(swedish.location, places[3].location);
      const withSite = ok({ ...valid, place: undefined, fastighet: "Kv. Lärkan", adress: "Storgatan 12", uppgång: "A", utrymme: "trapphus" });
      assert.equal(withSite.location?.space, "stairwell");
      const english = ok({ ...valid, place: undefined, site: "Brf Eken", address: "Ekvägen 3", space: "laundry" });
      assert.equal(english.location?.address, "Ekvägen 3");
      const together = ok({ ...valid, place: undefined, adress: "Storgatan 12 A", utrymme: "källare" });
      assert.equal(together.location?.entrance, "A");
    });

    it("refuses a missing, unknown or ambiguous place, and an unknown space", () => {
      assert.deepEqual(codes(errors({ ...valid, place: undefined })), ["place:placeMissing"]);
      assert.deepEqual(codes(errors({ ...valid, place: "Kv. Lärkan|Storgatan 99||basement" })), ["place:placeUnknown"]);
      assert.deepEqual(codes(errors({ ...valid, place: undefined, adress: "Storgatan 12" })), ["place:placeAmbiguous"]);
      assert.deepEqual(codes(errors({ ...valid, place: undefined, utrymme: "källare" })), ["place:placeAmbiguous"]);
      assert.deepEqual(codes(errors({ ...valid, place: undefined, adress: "Storgatan 12", utrymme: "garage" })), ["place:spaceUnknown"]);
    });

    it("reads local times in the site's time zone on both sides of a DST change", () => {
      const start = (time: unknown) => ok({ ...valid, time }).start;
      // Spring forward, 29 March 2026: 02:00 CET becomes 03:00 CEST.
      assert.equal(start("2026-03-29T01:30"), Date.parse("2026-03-29T00:30:00Z"));
      assert.equal(start("2026-03-29T03:30"), Date.parse("2026-03-29T01:30:00Z"));
      assert.equal(start("2026-03-29 03:30"), Date.parse("2026-03-29T01:30:00Z"));
      // Fall back, 26 October 2025: 03:00 CEST becomes 02:00 CET.
      assert.equal(start("2025-10-26T01:30"), Date.parse("2025-10-25T23:30:00Z"));
      assert.equal(start("2025-10-26T03:30"), Date.parse("2025-10-26T02:30:00Z"));
      // Winter and summer.
      assert.equal(start("2026-01-15T22:00"), Date.parse("2026-01-15T21:00:00Z"));
      assert.equal(start("2025-07-01T22:00"), Date.parse("2025-07-01T20:00:00Z"));
      // The round trip the form prefills with.
      assert.equal(toLocalInput(Date.parse("2026-03-29T01:30:00Z"), TZ), "2026-03-29T03:30");
    });

    it("reads ISO 8601 with an offset and epoch ms", () => {
      const at = Date.parse("2026-03-29T07:15:00Z");
      for (const time of ["2026-03-29T09:15:00+02:00", "2026-03-29T07:15:00Z", "2026-03-29T07:15Z", "2026-03-29T09:15+0200", at, String(at)]) {
        assert.equal(ok({ ...valid, time }).start, at, String(time));
      }
      assert.deepEqual(codes(errors({ ...valid, time: "igår kväll" })), ["time:timeInvalid"]);
      assert.deepEqual(codes(errors({ ...valid, time: "2026-02-30T10:00" })), ["time:timeInvalid"]);
      assert.deepEqual(codes(errors({ ...valid, time: "2026-03-29" })), ["time:timeInvalid"]);
      assert.deepEqual(codes(errors({ ...valid, time: "" })), ["time:timeMissing"]);
    });

    it("refuses times in the future and more than 366 days ago", () => {
      assert.equal(ok({ ...valid, time: NOW + 10 * 60_000 }).start, NOW + 10 * 60_000, "ten minutes of clock drift are fine");
      assert.deepEqual(codes(errors({ ...valid, time: NOW + 10 * 60_000 + 1 })), ["time:timeFuture"]);
      assert.deepEqual(codes(errors({ ...valid, time: "2026-03-29T12:30" })), ["time:timeFuture"]);
      assert.equal(ok({ ...valid, time: NOW - 366 * 86_400_000 }).start, NOW - 366 * 86_400_000);
      assert.deepEqual(codes(errors({ ...valid, time: NOW - 366 * 86_400_000 - 1 })), ["time:timeTooOld"]);
      assert.deepEqual(codes(errors({ ...valid, time: "2024-12-24T18:00" })), ["time:timeTooOld"]);
    });

    it("refuses notes that look like personal data, and keeps notes about places", () => {
      const refused = [
        "Pojken med personnummer 19850612-1234 var här",
        "850612-1234",
        "198506121234",
        "850612+1234",
        "Ring 070-123 45 67 om det händer igen",
        "tel +46 70 123 45 67",
        "08-123 45 67",
        "Mejla anna.svensson@example.se",
      ];
      for (const note of refused) {
        const list = errors({ ...valid, note });
        assert.deepEqual(codes(list), ["note:personalData"], note);
        assert.match(list[0].text, /personal data/);
        assert.match(list[0].text, /Write about the place, not people/);
      }
      assert.deepEqual(findPersonalData("070-123 45 67"), ["phone"]);
      assert.deepEqual(findPersonalData("anna@example.se"), ["email"]);
      assert.ok(findPersonalData("850612-1234").includes("personalNumber"));

      const fine = [
        "Lägenhet 3 tr, dörr 1102",
        "Dörrarna 1102-1108 klottrade",
        "Sprutor vid 2026-03-28 22:30 i källargången",
        "ca 5 st mellan kl 22-23, 12 tomma burkar",
        "Låset på port 2 trasigt sedan 20260327",
      ];
      for (const note of fine) assert.equal(ok({ ...valid, note }).observed && (ok({ ...valid, note }).observed as ObservationDetails).note, note);
    });

    it("refuses a note longer than 1000 characters", () => {
      assert.equal((ok({ ...valid, note: "x".repeat(1000) }).observed as ObservationDetails).note.length, 1000);
      assert.deepEqual(codes(errors({ ...valid, note: "x".repeat(1001) })), ["note:noteTooLong"]);
    });

    it("collects every error, not just the first", () => {
      const list = errors({ category: "Inbrott", place: "nowhere", time: "2027-01-01T00:00", note: "ring 0701234567", id: "has spaces" });
      assert.deepEqual(codes(list), ["category:categoryUnknown", "place:placeUnknown", "time:timeFuture", "note:personalData", "id:idInvalid"]);
      for (const error of list) assert.ok(error.text.length > 0 && typeof error.params === "object");
      assert.deepEqual(codes(errors({})), ["category:categoryMissing", "place:placeMissing", "time:timeMissing"]);
    });

    it("gives stable ids: the caller's, or a hash of what was seen", () => {
      const a = ok(valid);
      const b = parseObservation(valid, { ...context("json"), now: NOW + 60_000 });
      assert.ok(b.ok);
      assert.equal(b.incident.id, a.id, "the same observation, reported later, has the same id");
      assert.notEqual(ok({ ...valid, note: "Annat klotter" }).id, a.id);
      assert.notEqual(ok({ ...valid, time: "2026-03-29T09:16" }).id, a.id);
      assert.equal(ok({ ...valid, id: "FS-2026:0042" }).id, "obs-FS-2026:0042");
      assert.equal(ok({ ...valid, id: "obs-1234abcd" }).id, "obs-1234abcd", "our own ids come back unchanged");
      assert.deepEqual(codes(errors({ ...valid, id: "x".repeat(101) })), ["id:idInvalid"]);
      assert.deepEqual(codes(errors({ ...valid, id: "a/b" })), ["id:idInvalid"]);
    });
  });

  describe("importObservationCsv", () => {
    const csv =
      "\uFEFFTid;Kategori;Fastighet;Adress;Uppgång;Utrymme;Beskrivning;Rapportör\r\n" +
      "2026-03-28 22:15;Klotter;Kv. Lärkan;Storgatan 12;A;Trapphus;Tags på väggen plan 3;Kim\r\n" +
      "2026-03-28 23:40;Narkotikafynd;Kv. Lärkan;Storgatan 2;;källare;Sprutor bakom dörren;Kim\r\n" +
      "2026-03-28 24:10;Hittepå;Kv. Lärkan;Storgatan 99;;källare;ring 070-123 45 67;Kim\r\n" +
      '2026-03-29 08:05;trasigt lås;Brf Eken;Ekvägen 3;;Tvättstuga;"Låset går inte att vrida; ""kass""";Sam\r\n';

    it("reads a Swedish semicolon export with a BOM, keeps the good rows and names the bad line", () => {
      const { incidents, errors } = importObservationCsv(csv, { places, timezone: TZ, now: NOW });
      assert.deepEqual(
        incidents.map((i) => [i.location?.address, (i.observed as ObservationDetails).category, i.start]),
        [
          ["Storgatan 12", "klotter", Date.parse("2026-03-28T21:15:00Z")],
          ["Storgatan 2", "narkotikafynd", Date.parse("2026-03-28T22:40:00Z")],
          ["Ekvägen 3", "trasigt-las", Date.parse("2026-03-29T06:05:00Z")],
        ],
      );
      assert.equal((incidents[2].observed as ObservationDetails).note, 'Låset går inte att vrida; "kass"');
      assert.equal((incidents[0].observed as ObservationDetails).source, "csv");
      assert.equal(incidents[1].severity, "high");
      assert.equal(errors.length, 1);
      assert.equal(errors[0].line, 4);
      assert.deepEqual(codes(errors[0].errors), ["category:categoryUnknown", "place:placeUnknown", "time:timeInvalid", "note:personalData"]);
      assert.ok(!JSON.stringify(incidents).includes("Kim"), "columns it does not know (a reporter) are not kept");
    });

    it("gives the same ids when the same file is imported twice", () => {
      const first = importObservationCsv(csv, { places, timezone: TZ, now: NOW });
      const second = importObservationCsv(csv, { places, timezone: TZ, now: NOW + 3_600_000 });
      assert.deepEqual(
        second.incidents.map((i) => i.id),
        first.incidents.map((i) => i.id),
      );
      assert.equal(new Set(first.incidents.map((i) => i.id)).size, 3);
    });

    it("reads an English comma export with place keys, ids, separate date and time, and counts lines as a spreadsheet", () => {
      const english = [
        "id,date,time,category,place,note",
        "A-1,2026-03-28,21:00,Graffiti,Kv. Lärkan|Storgatan 12|A|basement,",
        "",
        'A-2,2026-03-28,21:30,Other,Kv. Lärkan|Storgatan 12|A|basement,"two lines',
        'of text"',
        "A-3,2026-03-28,21:45,Vandalism,nowhere,",
        "A-1,2026-03-28,21:00,Graffiti,Kv. Lärkan|Storgatan 12|A|basement,",
      ].join("\n");
      const { incidents, errors } = importObservationCsv(english, { places, timezone: TZ, now: NOW });
      assert.deepEqual(
        incidents.map((i) => i.id),
        ["obs-A-1", "obs-A-2"],
      );
      assert.equal(incidents[0].start, Date.parse("2026-03-28T20:00:00Z"));
      assert.equal((incidents[1].observed as ObservationDetails).note, "two lines\nof text");
      assert.deepEqual(
        errors.map((e) => [e.line, codes(e.errors)]),
        [
          [5, ["place:placeUnknown"]],
          [6, ["id:duplicate"]],
        ],
      );
    });

    it("says which columns are missing", () => {
      const { incidents, errors } = importObservationCsv("datum;anteckning\n2026-03-28 21:00;x\n", { places, timezone: TZ, now: NOW });
      assert.deepEqual(incidents, []);
      assert.equal(errors[0].line, 1);
      assert.deepEqual(codes(errors[0].errors), ["file:columnsMissing"]);
      assert.deepEqual(codes(importObservationCsv("", { places, timezone: TZ, now: NOW }).errors[0].errors), ["file:csvEmpty"]);
    });
  });

  describe("the form", () => {
    const base = { places, action: "/trappan/observation", timezone: TZ, now: NOW };

    const attribute = (html: string, id: string) => {
      const match = new RegExp(`<[^>]*\\bid="${id}"[^>]*>`).exec(html);
      assert.ok(match, `no element with id ${id}`);
      return match[0];
    };

    it("is a complete mobile page with every field, the privacy warning and no external resources", () => {
      const html = renderObservationForm({ ...base, language: "sv", token: "tok&en" });
      assert.match(html, /^<!doctype html>/);
      assert.match(html, /<html lang="sv">/);
      assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
      assert.match(html, /<title>Rapportera en observation<\/title>/);
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /(src|href|action)="(https?:)?\/\//i);
      assert.doesNotMatch(html, /https?:\/\//);
      assert.doesNotMatch(html, /<link\b/i);
      for (const category of ["Klotter", "Skadegörelse", "Trasigt lås", "Vapenfynd"]) assert.ok(html.includes(category), category);
      assert.match(html, /<input type="radio" name="category" id="category-klotter" value="klotter"/);
      assert.match(html, /<select name="place" id="place"/);
      assert.ok(html.includes(`<option value="Kv. Lärkan|Storgatan 12|A|basement">Kv. Lärkan – Storgatan 12 A, Källare</option>`));
      assert.match(html, /<input type="datetime-local" name="time" id="time" value="2026-03-29T12:00"/);
      assert.match(html, /<textarea name="note" id="note" maxlength="1000"/);
      assert.ok(html.includes("Skriv inte namn eller något om personer – beskriv platsen och vad du ser."));
      assert.ok(html.includes('<input type="hidden" name="token" value="tok&amp;en">'));
      assert.ok(html.includes('<input type="hidden" name="lang" value="sv">'));
      assert.ok(html.includes('href="?lang=en&amp;token=tok%26en"'));
      assert.doesNotMatch(html, /role="alert"/);

      const en = renderObservationForm({ ...base, language: "en" });
      assert.match(en, /<title>Report an observation<\/title>/);
      assert.ok(en.includes("Do not write names or anything about people – describe the place and what you see."));
      assert.ok(en.includes('href="?lang=sv"'));
      assert.ok(en.includes("Graffiti"));
    });

    it("shows each error next to its field, in a summary, and keeps every value", () => {
      const values = { category: "klotter", place: KEY, time: "2026-03-29 12:45", note: "Ring 070-123 45 67 <b>nu</b>" };
      const result = parseObservation(values, context());
      assert.ok(!result.ok);
      const html = renderObservationForm({ ...base, language: "sv", values, errors: result.errors });
      assert.match(html, /<div class="summary" role="alert"/);

      const timeError = attribute(html, "error-time");
      assert.match(timeError, /^<p class="error"/);
      assert.ok(html.includes(`${timeError}${sayFieldError(result.errors[0], "sv")}</p>`));
      assert.ok(html.includes("Tiden 2026-03-29 12:45 ligger i framtiden."));
      assert.ok(html.includes(`${attribute(html, "error-note")}${FORM_WORDS.sv.errors.personalData}</p>`));
      assert.doesNotMatch(html, /id="error-category"|id="error-place"/);

      const time = attribute(html, "time");
      assert.match(time, /aria-invalid="true"/);
      assert.match(time, /aria-describedby="error-time"/);
      assert.match(time, /value="2026-03-29T12:45"/, "kept, as datetime-local can show it");
      const note = attribute(html, "note");
      assert.match(note, /aria-invalid="true"/);
      assert.match(note, /aria-describedby="error-note note-privacy"/);
      assert.ok(html.includes(">Ring 070-123 45 67 &lt;b&gt;nu&lt;/b&gt;</textarea>"));
      assert.doesNotMatch(attribute(html, "place"), /aria-invalid/);
      assert.match(html, /<option value="Kv. Lärkan\|Storgatan 12\|A\|basement" selected>/);
      assert.match(attribute(html, "category-klotter"), / checked/);

      // In English the errors' own texts, and a translate function when given.
      const en = renderObservationForm({ ...base, language: "en", values, errors: result.errors });
      assert.ok(en.includes("The note looks like it holds personal data"));
      const translated = renderObservationForm({ ...base, language: "en", values, errors: result.errors, translate: (e) => `[${e.code}]` });
      assert.ok(translated.includes(">[timeFuture]</p>"));
    });

    it("escapes every value", () => {
      const evil = `"><script>alert(1)</script>`;
      const html = renderObservationForm({
        ...base,
        language: "sv",
        action: `/obs?x="><script>`,
        token: evil,
        values: { category: evil, place: evil, time: evil, note: `<script>alert("x")</script>` },
        errors: [{ field: "note", code: "custom", params: {}, text: evil }],
      });
      assert.doesNotMatch(html, /<script/i);
      assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</textarea>"));
      assert.ok(html.includes('action="/obs?x=&quot;&gt;&lt;script&gt;"'));
    });

    it("confirms a saved observation and gives an empty form for the next", () => {
      const html = renderObservationForm({
        ...base,
        language: "sv",
        values: { category: "klotter", place: KEY, time: "2026-03-29T09:15", note: "Gammal anteckning" },
        saved: { category: "klotter", place: KEY, time: "2026-03-29T09:15" },
      });
      assert.ok(html.includes("Tack! Observationen är registrerad: Klotter, Kv. Lärkan – Storgatan 12 A, Källare, 2026-03-29 09:15"));
      assert.match(html, /role="status"/);
      assert.doesNotMatch(html, /Gammal anteckning/);
      assert.doesNotMatch(html, / checked/);
      assert.doesNotMatch(html, / selected/);
      assert.match(attribute(html, "time"), /value="2026-03-29T12:00"/, "the time is now again");
      const en = renderObservationForm({ ...base, language: "en", saved: { category: "vapenfynd", place: KEY, time: String(Date.parse("2026-03-29T07:15:00Z")) } });
      assert.ok(en.includes("Thank you! The observation is registered: Weapon found, Kv. Lärkan – Storgatan 12 A, Basement, 2026-03-29 09:15"));
    });

    it("says every error code in Swedish", () => {
      const codesUsed = ["categoryMissing", "categoryUnknown", "placeMissing", "placeUnknown", "placeAmbiguous", "spaceUnknown", "timeMissing", "timeInvalid", "timeFuture", "timeTooOld", "noteInvalid", "noteTooLong", "personalData", "idInvalid", "duplicate", "csvEmpty", "csv", "columnsMissing"];
      for (const code of codesUsed) assert.ok(FORM_WORDS.sv.errors[code], code);
      assert.equal(sayFieldError({ field: "note", code: "noteTooLong", params: { length: 1200, max: 1000 }, text: "x" }, "sv"), "Anteckningen är 1200 tecken lång, men får vara högst 1000.");
      assert.equal(sayFieldError({ field: "note", code: "unknown", params: {}, text: "the english" }, "sv"), "The english");
    });
  });
});
