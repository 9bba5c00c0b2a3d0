import assert from "node:assert/strict";
import { easterSunday, localInstants, swedishHolidays, WeekClock } from "../../core/time";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** month*100+day, as swedishHolidays keys its days. */
const md = (month: number, day: number) => month * 100 + day;

describe("time of week", () => {
  describe("easterSunday", () => {
    it("gives the dates the almanac gives", () => {
      assert.deepEqual(easterSunday(2024), [3, 31]);
      assert.deepEqual(easterSunday(2025), [4, 20]);
      assert.deepEqual(easterSunday(2026), [4, 5]);
      assert.deepEqual(easterSunday(2019), [4, 21]);
      assert.deepEqual(easterSunday(2038), [4, 25], "the latest possible Easter");
      assert.deepEqual(easterSunday(2285), [3, 22], "the earliest possible Easter");
    });
  });

  describe("swedishHolidays", () => {
    it("has the movable feasts of 2026: Good Friday, Easter Monday, Ascension", () => {
      const days = swedishHolidays(2026);
      assert.ok(days.has(md(4, 3)), "långfredagen 3 April");
      assert.ok(days.has(md(4, 5)), "påskdagen 5 April");
      assert.ok(days.has(md(4, 6)), "annandag påsk 6 April");
      assert.ok(days.has(md(5, 14)), "Kristi himmelsfärdsdag 14 May");
      assert.ok(!days.has(md(4, 2)), "skärtorsdagen is a working day");
      assert.ok(!days.has(md(4, 7)));
    });

    it("puts midsommarafton on the Friday between 19 and 25 June and alla helgons dag on a Saturday", () => {
      assert.ok(swedishHolidays(2025).has(md(6, 20)), "2025: Friday 20 June");
      assert.ok(swedishHolidays(2025).has(md(6, 21)), "2025: midsommardagen Saturday 21 June");
      assert.ok(!swedishHolidays(2025).has(md(6, 19)));
      assert.ok(swedishHolidays(2026).has(md(6, 19)), "2026: Friday 19 June");
      assert.ok(swedishHolidays(2027).has(md(6, 25)), "2027: Friday 25 June");
      assert.ok(swedishHolidays(2025).has(md(11, 1)), "2025: Saturday 1 November");
      assert.ok(swedishHolidays(2026).has(md(10, 31)), "2026: Saturday 31 October");
      assert.ok(!swedishHolidays(2026).has(md(11, 1)));
      for (const year of [2024, 2025, 2026, 2027, 2028]) {
        const midsommar = [...swedishHolidays(year)].filter((k) => k >= md(6, 19) && k <= md(6, 25));
        const fridays = midsommar.filter((k) => new Date(Date.UTC(year, 5, k % 100)).getUTCDay() === 5);
        assert.equal(fridays.length, 1, `${year}: one midsommarafton`);
      }
    });

    it("keeps the fixed days and the eves Sweden keeps as holidays", () => {
      const days = swedishHolidays(2026);
      for (const [month, day, name] of [
        [1, 1, "nyårsdagen"],
        [1, 6, "trettondedag jul"],
        [5, 1, "första maj"],
        [6, 6, "nationaldagen"],
        [12, 24, "julafton"],
        [12, 25, "juldagen"],
        [12, 26, "annandag jul"],
        [12, 31, "nyårsafton"],
      ] as const) {
        assert.ok(days.has(md(month, day)), name);
      }
      assert.ok(!days.has(md(12, 23)));
      assert.ok(!days.has(md(3, 2)));
    });
  });

  describe("localInstants", () => {
    it("gives both instants of a wall-clock time in the hour the clocks go back, none in the hour they skip", () => {
      const TZ = "Europe/Stockholm";
      assert.deepEqual(localInstants(2026, 10, 25, 2, 30, TZ), [Date.parse("2026-10-25T02:30:00+02:00"), Date.parse("2026-10-25T02:30:00+01:00")]);
      assert.deepEqual(localInstants(2026, 3, 29, 2, 30, TZ), []);
      assert.deepEqual(localInstants(2026, 3, 10, 19, 0, TZ, 15), [Date.parse("2026-03-10T19:00:15+01:00")]);
    });
  });

  describe("WeekClock", () => {
    // Monday 23 March 2026, before the change to summer time on Sunday 29 March.
    const MONDAY = Date.parse("2026-03-23T00:00:00+01:00");

    for (const slotMinutes of [15, 30, 60] as const) {
      it(`starts the week at Monday 00:00 local time with ${slotMinutes}-minute slots`, () => {
        const clock = new WeekClock("Europe/Stockholm", slotMinutes);
        const perDay = (24 * 60) / slotMinutes;
        assert.equal(clock.slotsPerWeek, 7 * perDay);
        assert.equal(clock.slot(MONDAY), 0);
        assert.equal(clock.slot(MONDAY + slotMinutes * MIN - 1), 0, "the last millisecond of the first slot");
        assert.equal(clock.slot(MONDAY + slotMinutes * MIN), 1);
        assert.equal(clock.slot(MONDAY - 1), clock.slotsPerWeek - 1, "Sunday 23:59 is the last slot");
        // Tuesday 08:30 and Saturday 17:00 local.
        assert.equal(clock.slot(Date.parse("2026-03-24T08:30:00+01:00")), perDay + Math.floor((8 * 60 + 30) / slotMinutes));
        assert.equal(clock.slot(Date.parse("2026-03-28T17:00:00+01:00")), 5 * perDay + (17 * 60) / slotMinutes);
      });
    }

    it("gives holidays Sunday's slots", () => {
      const clock = new WeekClock("Europe/Stockholm", 60);
      const goodFriday = Date.parse("2026-04-03T10:00:00+02:00");
      const thursday = Date.parse("2026-04-02T10:00:00+02:00");
      const midsommarafton = Date.parse("2026-06-19T22:00:00+02:00");
      const julafton = Date.parse("2025-12-24T15:00:00+01:00"); // a Wednesday
      assert.equal(clock.slot(goodFriday), 6 * 24 + 10);
      assert.equal(clock.slot(thursday), 3 * 24 + 10, "the day before is an ordinary Thursday");
      assert.equal(clock.slot(midsommarafton), 6 * 24 + 22);
      assert.equal(clock.slot(julafton), 6 * 24 + 15);
      assert.equal(clock.isWeekendSlot(clock.slot(goodFriday)), true);
      assert.equal(clock.isWeekendSlot(clock.slot(thursday)), false);
      assert.equal(clock.local(goodFriday).holiday, true);
      assert.equal(clock.local(goodFriday).weekday, 5, "the calendar still says Friday");
    });

    it("follows the change to summer time (29 March 2026): local hours are right on both sides", () => {
      const clock = new WeekClock("Europe/Stockholm", 60);
      const sunday = 6 * 24;
      assert.equal(clock.slot(Date.parse("2026-03-29T00:30:00Z")), sunday + 1, "01:30 CET");
      assert.equal(clock.clock(Date.parse("2026-03-29T00:30:00Z")), "01:30");
      assert.equal(clock.slot(Date.parse("2026-03-29T01:00:00Z")), sunday + 3, "02:00 does not exist: 03:00 CEST");
      assert.equal(clock.clock(Date.parse("2026-03-29T01:00:00Z")), "03:00");
      assert.equal(clock.slot(Date.parse("2026-03-27T07:00:00Z")), 4 * 24 + 8, "Friday before: 08:00 is 07:00 UTC");
      assert.equal(clock.slot(Date.parse("2026-03-30T06:00:00Z")), 8, "Monday after: 08:00 is 06:00 UTC");
      assert.equal(clock.clock(Date.parse("2026-03-30T06:00:00Z")), "08:00");
      // With 15-minute slots too.
      const fine = new WeekClock("Europe/Stockholm", 15);
      assert.equal(fine.slot(Date.parse("2026-03-29T01:15:00Z")), 6 * 96 + 13, "03:15 CEST");
    });

    it("follows the change back to winter time (25 October 2026): 02:00–03:00 happens twice", () => {
      const clock = new WeekClock("Europe/Stockholm", 60);
      const sunday = 6 * 24;
      assert.equal(clock.slot(Date.parse("2026-10-25T00:30:00Z")), sunday + 2, "02:30 CEST");
      assert.equal(clock.slot(Date.parse("2026-10-25T01:30:00Z")), sunday + 2, "02:30 CET, the second time");
      assert.equal(clock.clock(Date.parse("2026-10-25T01:30:00Z")), "02:30");
      assert.equal(clock.slot(Date.parse("2026-10-25T02:30:00Z")), sunday + 3, "03:30 CET");
      assert.equal(clock.slot(Date.parse("2026-10-23T06:00:00Z")), 4 * 24 + 8, "Friday before: 08:00 is 06:00 UTC");
      assert.equal(clock.slot(Date.parse("2026-10-26T07:00:00Z")), 8, "Monday after: 08:00 is 07:00 UTC");
      assert.equal(clock.clock(Date.parse("2026-10-26T07:00:00Z")), "08:00");
    });

    it("counts every slot of an ordinary week once, hour by hour across a DST change", () => {
      const clock = new WeekClock("Europe/Stockholm", 60);
      // The week of 23–29 March 2026 has 167 hours: Sunday 02:00 is missing.
      const seen = new Map<number, number>();
      for (let t = MONDAY; t < MONDAY + 7 * DAY - HOUR; t += HOUR) seen.set(clock.slot(t), (seen.get(clock.slot(t)) ?? 0) + 1);
      assert.equal(seen.size, 167);
      assert.equal(seen.has(6 * 24 + 2), false);
      assert.ok([...seen.values()].every((n) => n === 1));
      assert.equal(clock.slot(MONDAY + 7 * DAY - HOUR), 0, "the next Monday 00:00 CEST");
    });

    it("says the local clock time of an instant as HH:MM", () => {
      const clock = new WeekClock("Europe/Stockholm", 30);
      assert.equal(clock.clock(Date.parse("2026-01-15T00:05:00Z")), "01:05");
      assert.equal(clock.clock(Date.parse("2026-07-15T21:59:59Z")), "23:59");
      assert.equal(clock.clock(Date.parse("2026-07-15T22:00:00Z")), "00:00");
      assert.equal(new WeekClock("UTC", 30).clock(Date.parse("2026-07-15T09:07:00Z")), "09:07");
    });

    it("tells the hour of a slot and weekend slots", () => {
      const clock = new WeekClock("Europe/Stockholm", 30);
      const saturday = Date.parse("2026-03-28T00:00:00+01:00");
      assert.equal(clock.hourOfSlot(clock.slot(Date.parse("2026-03-24T17:45:00+01:00"))), 17);
      assert.equal(clock.isWeekendSlot(clock.slot(saturday - 1)), false, "Friday 23:59");
      assert.equal(clock.isWeekendSlot(clock.slot(saturday)), true);
    });
  });
});
