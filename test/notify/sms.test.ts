import assert from "node:assert/strict";
import { fitSms, isGsm7, smsParts } from "../../core/notify/sms";

/** Swedish text with å ä ö, exactly `n` characters long. */
const swedish = (n: number) => "Rörelse i källaren på Storgatan 12 i Växjö. ".repeat(20).slice(0, n);

describe("SMS length and segments", () => {
  describe("isGsm7", () => {
    it("takes a Swedish alert as GSM-7", () => {
      assert.equal(isGsm7("Närvaro i 38 min i källaren, Storgatan 12"), true);
      assert.equal(isGsm7("ÅÄÖåäöé"), true);
    });

    it("knows the upper-case Ç is GSM-7 but the lower-case ç is not", () => {
      assert.equal(isGsm7("Ç"), true);
      assert.equal(isGsm7("ç"), false);
    });

    it("takes the extension table's characters as GSM-7 and rejects typographic ones", () => {
      assert.equal(isGsm7("€ ^ { } \\ [ ~ ] |"), true);
      for (const char of ["’", "–", "😀", "ı", "`"]) assert.equal(isGsm7(char), false, char);
    });
  });

  describe("smsParts", () => {
    it("sends 160 GSM-7 characters with å/ä/ö as one SMS", () => {
      const text = swedish(160);
      const parts = smsParts(text);
      assert.equal(parts.encoding, "GSM-7");
      assert.equal(parts.units, 160);
      assert.deepEqual(parts.segments, [text]);
    });

    it("splits 161 GSM-7 characters into 153 + 8", () => {
      const parts = smsParts(swedish(161));
      assert.equal(parts.units, 161);
      assert.deepEqual(parts.segments.map((s) => s.length), [153, 8]);
    });

    it("counts € as 2 septets: 159 characters and a € need two segments", () => {
      const parts = smsParts("a".repeat(159) + "€");
      assert.equal(parts.encoding, "GSM-7");
      assert.equal(parts.units, 161);
      assert.deepEqual(parts.segments, ["a".repeat(153), "a".repeat(6) + "€"]);
    });

    it("moves a € that would straddle the 153rd septet to the next segment", () => {
      const text = "a".repeat(152) + "€" + "b".repeat(10);
      const parts = smsParts(text);
      assert.equal(parts.units, 164);
      assert.deepEqual(parts.segments, ["a".repeat(152), "€" + "b".repeat(10)]);
    });

    it("sends 70 UCS-2 units as one SMS and 71 as 67 + 4", () => {
      const seventy = "–" + "a".repeat(69);
      assert.deepEqual(smsParts(seventy), { encoding: "UCS-2", units: 70, segments: [seventy] });
      const parts = smsParts("–" + "a".repeat(70));
      assert.equal(parts.encoding, "UCS-2");
      assert.equal(parts.units, 71);
      assert.deepEqual(parts.segments.map((s) => s.length), [67, 4]);
    });

    it("keeps an emoji at a segment boundary whole", () => {
      const text = "a".repeat(66) + "😀" + "b".repeat(10);
      const parts = smsParts(text);
      assert.equal(parts.units, 78);
      assert.deepEqual(parts.segments, ["a".repeat(66), "😀" + "b".repeat(10)]);
    });

    it("gives back the original text when the segments are joined", () => {
      for (const text of [swedish(400), "a".repeat(152) + "€".repeat(90), "–😀 ".repeat(60), "kort"]) {
        assert.equal(smsParts(text).segments.join(""), text);
      }
    });

    it("has no segments for an empty text", () => {
      assert.deepEqual(smsParts(""), { encoding: "GSM-7", units: 0, segments: [] });
    });
  });

  describe("fitSms", () => {
    it("cuts a 300-character Swedish text to one SMS at a space, ending in ...", () => {
      const text = swedish(300);
      const fitted = fitSms(text, 1);
      const parts = smsParts(fitted);
      assert.equal(parts.encoding, "GSM-7");
      assert.ok(parts.units <= 160, `${parts.units} septets`);
      assert.equal(parts.segments.length, 1);
      assert.ok(fitted.endsWith("..."));
      const kept = fitted.slice(0, -3);
      assert.ok(text.startsWith(kept));
      assert.equal(text[kept.length], " ", "cut where a word ends");
      assert.ok(kept.length >= 160 - 3 - 20, "did not throw away more than a word");
    });

    it("returns a text that fits unchanged", () => {
      const text = "Närvaro i 38 min i källaren, Storgatan 12";
      assert.equal(fitSms(text, 1), text);
      assert.equal(fitSms(swedish(300), 2), swedish(300));
    });

    it("ends a UCS-2 text in … and keeps it within the segments asked for", () => {
      const text = "Larm – ".repeat(50);
      const fitted = fitSms(text, 2);
      assert.ok(fitted.endsWith("…"));
      assert.ok(smsParts(fitted).segments.length <= 2);
      assert.ok(text.startsWith(fitted.slice(0, -1)));
    });

    it("never cuts an emoji in two", () => {
      const fitted = fitSms("😀".repeat(100), 1);
      assert.equal(fitted, "😀".repeat(34) + "…");
      assert.equal(smsParts(fitted).units, 69);
    });

    it("refuses fewer than one segment", () => {
      assert.throws(() => fitSms("hej", 0), RangeError);
    });
  });
});
