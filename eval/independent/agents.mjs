#!/usr/bin/env node
/*
 * A third synthetic estate ("agents"), written apart from eval/generate.ts and from
 * eval/independent/mixtures.mjs: from the issue's description alone, by someone who had read
 * neither those generators nor the detector. Agent based: households whose trips are routed
 * through their building, real sensor models with their own timings, booked laundry passes,
 * weather, school breaks. `npm run eval:independent` scores the detector on it through
 * trappan-eval. It is a check on overfitting, so do not tune to it.
 *
 * Usage:
 *   node eval/independent/agents.mjs --seed N --out DIR [--start 2026-03-09] [--weeks 10] [--quiet]
 *
 * Writes DIR/events.csv (ts,sensor,occupied), DIR/sensors.json, DIR/labels.json, DIR/meta.json.
 * Deterministic given --seed (own sfc32 PRNG seeded by xmur3; no Math.random, no clock in the data).
 * Node 20, ES module, no dependencies.
 *
 * Modelling choices (bullets)
 * ---------------------------
 * Time & calendar
 *  - All human behaviour is planned in Europe/Stockholm wall-clock hours and converted with Intl
 *    (DST-correct; 2026-03-29 02:00->03:00 is handled, plans landing in the gap shift forward).
 *  - Swedish public holidays (Easter via the Gregorian computus: Good Friday, Easter Monday,
 *    Ascension, 1 May, Whitsun, National Day, Midsummer, All Saints, Christmas...) behave like Sundays.
 *    Evenings before Sat/Sun/holidays and Valborg (30 Apr) are "eves" with later nights;
 *    a bridge day (Fri after Ascension) is a half-holiday; Stockholm school breaks (sportlov w9,
 *    påsklov = week of Easter Monday, etc.) change children's schedules; some families travel.
 *  - Daily weather (temperature AR(1) around the seasonal mean, rain, wind, sun) and sunset time
 *    drive children's outdoor play, bike use (rises strongly March -> May) and some loitering.
 *
 * Estate & buildings
 *  - 9-13 addresses (one address = one entrance/staircase), archetypes: 1940s 3-storey walk-up,
 *    4-storey walk-up (sometimes retrofitted lift), 1960s 6-storey slab, 9-storey tower (punkthus),
 *    9-storey long slab. Floors, flats per floor, lift, lift-to-basement, attic, where laundry /
 *    garbage room / bike room are (basement, off the entrance hall, or a courtyard building),
 *    basement stairs that start in the entrance hall, storage cages along the corridor, a
 *    courtyard basement door. 4-8 sensor positions per address chosen from what the building has.
 *  - Stairwell sensors sit on a given landing (ground, mid, top flat floor, or the attic landing
 *    "vindsplan" above the top flats). A landing sensor sees only people whose path crosses it, so a
 *    top-landing sensor is quiet while a ground landing in a tower sees nearly everybody.
 *
 * Residents (agent based, NOT labelled)
 *  - Every flat has a household (singles, couples, families with pre-school/school kids and teens,
 *    single parents, retirees, students, shift workers, people at home) with personal habits:
 *    leave/return times, hybrid work-from-home days, gym, nights out, rotating day/evening/night
 *    shifts, dog walks 4x a day, weekend trips, Easter trips, home-care visits (hemtjänst) for
 *    some elderly, visitors (intercom wait at the entrance), parcel and food couriers, the school run.
 *  - Each trip is routed through the building: door -> landings (stairs or lift, with lift waiting
 *    on the landing) -> entrance (mailbox check on the way in) -> out; basement rooms via the
 *    basement stairs and corridor; bikes leave via the bike-room's outer door; courtyard rooms via
 *    the front door. Sensors on the route see the person at the right moment, so entrance, landing
 *    and basement sensors are correlated like in a real building.
 *  - Laundry is booked: 3-hour slots 07-22 with demand from household size; a booking is 3-5
 *    short visits (load, move to dryer, collect/fold) or occasionally one long sit-in.
 *  - Garbage 1-5x/week/household (often on the way out), storage/attic a few minutes a few times a
 *    month with ~5% hour-long sorting sessions (mostly weekends), caretaker rounds, garbage truck,
 *    postman every other weekday (PostNord alternate-day delivery), elevator service, repairs,
 *    neighbours chatting on a landing, people waiting for a taxi in the entrance, kids playing in
 *    the stairwell on rainy days, a teen sitting on the stairs, early airport taxis, and rarely at
 *    night: someone locked out waiting 20-75 min, a water-leak call-out in the basement.
 *    These real but innocent long stays are deliberately not labelled.
 *
 * Sensors (rendering presence -> Zigbee events)
 *  - Models with their own behaviour and IEEE prefixes: Aqara RTCGQ11LM PIR (60 s hardware blind
 *    time, Z2M occupancy_timeout 90 s (sometimes 60/120), re-detections after the blind time are
 *    logged again as occupied=1), Tuya TS0202 PIR (60 s/60 s), Sonoff SNZB-03 PIR (retriggerable,
 *    off after 60 s), IKEA E1745 (off 180 s after last detection), Hue SML001 (10 s blind, configured
 *    timeout 30-300 s), mmWave Tuya ZG-204ZM, Aqara FP1E (RTCZCGQ13LM), Tuya ZY-M100 (fading time
 *    5-60 s).
 *  - PIRs see motion, not people: walking is seen (with a small miss rate), busy / idle / still
 *    people make motion bursts with decreasing rate and detection probability, so a sleeping person
 *    gives sparse isolated triggers. Rare false triggers (sun, radiators).
 *  - mmWave sees still people but flaps (short 0->1 gaps while someone sits still), has ghost
 *    detections at a per-unit rate (entrance doors, fans in garbage rooms, wind in attics), and the
 *    laundry units see running tumble dryers. Very short passes are sometimes missed.
 *  - Zigbee/MQTT latency jitter, rare duplicated reports, radio outages (more in basements), dead
 *    batteries replaced after days, whole-building gateway outages (state stuck at its last value;
 *    after rejoin the sensor often re-reports its state), one sensor installed later, sometimes one
 *    sensor replaced by another model (new IEEE id, same place). Per sensor ts strictly increases.
 *
 * Anomalies (labelled)
 *  - Buildings get a "problem weight" (lognormal, some almost clean), so incidents cluster.
 *  - loitering (32-46 incidents/10 wk, one site label each): youth groups in the evening (more
 *    on eves/cold/rain, may come back on following evenings), afternoon groups, late-night groups, rough sleepers (still,
 *    ~00-06, often several nights in a row), single daytime users; mostly on top landings, entrances,
 *    basements, laundry and bike rooms. Members arrive/leave staggered, may step out to smoke.
 *  - stash (16-26 campaigns/10 wk): one place (storage, basement, bike/garbage room, attic, top
 *    landing, laundry); 2-6 active nights within 3-12 days; 2-8 visits of 15 s-5 min per active
 *    night, mostly at night, some in quiet weekday daytime, evenings or early morning; visitors come
 *    from outside (front door or courtyard basement door) or are residents of the building.
 *    LABELLING: one label per active night ("night series") per sensor.
 *  - night-disturbance (20-32 incidents/10 wk): flat parties (guests, smokers going down, loud
 *    landing), youths coming and going, a drunk wandering in and out, someone rummaging in garbage/storage,
 *    laundry used in the middle of the night; sites preferably where nights are quiet.
 *  - Label rule for anomalies: the site sensor(s) are always labelled. Other sensors the actors
 *    cross are labelled only where the incident "shows": a stay of >= 5 min there, or >= 3 distinct
 *    incident passes (a group passing together counts once) that are at least twice the normal
 *    expected count for that sensor, weekday type and hour. Arrival/departure passes through an
 *    entrance are therefore usually not labelled (indistinguishable from residents).
 *    Label span = first presence start .. last presence end + that sensor's off-delay (timeout /
 *    fading time) + 5 s, clipped to the sensor's installation and data range; labels whose window
 *    holds no event of that sensor (outage, fully masked) are dropped.
 *
 * Benign deviations (labelled, detector should stay quiet)
 *  - cleaner: most buildings, fixed weekday and time (+-20 min), top landing down to the entrance,
 *    4-9 min per landing, 8-20 min entrance, sometimes basement corridor and laundry; moved after
 *    a holiday, occasionally skipped or a day late.
 *  - newspaper: buildings with subscribers get a daily round 03:40-06:30 (later at weekends),
 *    route order stable, substitute carriers some days; entrance + landings with subscribers.
 *  - moving: 8-13 move-outs/10 wk (60% followed by a move-in 1-16 days later), mostly Sat/Sun
 *    plus month-turn weekdays; 2.5-7 h of 2-5 helpers carrying (slow, lift held), a lunch break,
 *    door propped with staging in the entrance, trips to storage/attic.
 *  - Benign labels are put on every sensor they touch (span as above).
 *
 * Output
 *  - events.csv sorted by ts (then sensor); meta.json {from,to,learnedFrom=from+14 days}.
 *  - Anomalies are spread over the whole period (so some fall in the learning period, as in reality).
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const RUN_T0 = process.hrtime.bigint(); // only for the runtime print, never used in data

const S = 1000, MIN = 60 * S, H = 60 * MIN, DAY = 24 * H;
const WALK = 0, BUSY = 1, IDLE = 2, STILL = 3;
const clamp = (x, lo, hi) => (x < lo ? lo : x > hi ? hi : x);

// ---------------------------------------------------------------- CLI
function usage() {
  return 'usage: node agents.mjs --seed N --out DIR [--start YYYY-MM-DD] [--weeks W] [--quiet]\n';
}
function die(msg) { process.stderr.write(`agents.mjs: ${msg}\n${usage()}`); process.exit(2); }
function parseArgs(argv) {
  const o = { start: '2026-03-09', weeks: 10, quiet: false, seed: null, out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) die(`missing value for ${a}`); return argv[++i]; };
    if (a === '--seed') o.seed = val();
    else if (a === '--out') o.out = val();
    else if (a === '--start') o.start = val();
    else if (a === '--weeks') o.weeks = Number(val());
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--help' || a === '-h') { process.stdout.write(usage()); process.exit(0); }
    else die(`unknown argument ${a}`);
  }
  if (o.seed === null || !/^-?\d+$/.test(o.seed)) die('--seed N (integer) is required');
  if (!o.out) die('--out DIR is required');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.start)) die('--start must be YYYY-MM-DD');
  if (!(o.weeks >= 1 && o.weeks <= 60)) die('--weeks must be between 1 and 60');
  return o;
}
const opt = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------- PRNG
function xmur3(str) {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) { h = Math.imul(h ^ str.charCodeAt(i), 3432918353); h = (h << 13) | (h >>> 19); }
  return () => { h = Math.imul(h ^ (h >>> 16), 2246822507); h = Math.imul(h ^ (h >>> 13), 3266489909); return (h ^= h >>> 16) >>> 0; };
}
class Rng {
  constructor(...keys) {
    const f = xmur3(keys.join('\u0001'));
    this.a = f(); this.b = f(); this.c = f(); this.d = f();
    for (let i = 0; i < 16; i++) this.u();
  }
  u() { // sfc32
    let a = this.a, b = this.b, c = this.c, d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11); c = (c + t) | 0;
    this.a = a; this.b = b; this.c = c; this.d = d;
    return (t >>> 0) / 4294967296;
  }
  range(a, b) { return a + (b - a) * this.u(); }
  int(a, b) { return a + Math.floor((b - a + 1) * this.u()); }
  chance(p) { return this.u() < p; }
  pick(arr) { return arr[Math.floor(this.u() * arr.length)]; }
  wpick(items, weights) {
    let s = 0; for (const w of weights) s += w;
    let r = this.u() * s;
    for (let i = 0; i < items.length; i++) { r -= weights[i]; if (r < 0) return items[i]; }
    return items[items.length - 1];
  }
  normal(m = 0, s = 1) {
    let u1 = this.u(); if (u1 < 1e-12) u1 = 1e-12;
    return m + s * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * this.u());
  }
  logn(median, sigma) { return median * Math.exp(sigma * this.normal()); }
  exp(mean) { return -mean * Math.log(1 - this.u()); }
  poisson(l) {
    if (l <= 0) return 0;
    if (l > 40) return Math.max(0, Math.round(this.normal(l, Math.sqrt(l))));
    const L = Math.exp(-l); let k = 0, p = 1;
    do { k++; p *= this.u(); } while (p > L);
    return k - 1;
  }
  shuffle(arr) { for (let i = arr.length - 1; i > 0; i--) { const j = Math.floor(this.u() * (i + 1)); [arr[i], arr[j]] = [arr[j], arr[i]]; } return arr; }
  hex(n) { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.u() * 16)]; return s; }
}
const SEED = String(opt.seed);
const rngFor = (...k) => new Rng('trygga-trappan/estate3', SEED, ...k);

// ---------------------------------------------------------------- time (Europe/Stockholm)
const DTF = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Stockholm', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
  hour: 'numeric', minute: 'numeric', second: 'numeric',
});
const offCache = new Map();
function tzOffset(utc) { // ms to add to UTC to get Stockholm wall clock; constant within a UTC hour
  const k = Math.floor(utc / H);
  let o = offCache.get(k);
  if (o === undefined) {
    const t = k * H; const p = {};
    for (const x of DTF.formatToParts(new Date(t))) p[x.type] = x.value;
    const hh = +p.hour === 24 ? 0 : +p.hour;
    o = Date.UTC(+p.year, +p.month - 1, +p.day, hh, +p.minute, +p.second) - t;
    offCache.set(k, o);
  }
  return o;
}
function localMsToUtc(local) { // local wall clock written as if it were UTC
  const u1 = local - tzOffset(local);
  return local - tzOffset(u1);
}
const [SY, SM, SD] = opt.start.split('-').map(Number);
const LOCAL0 = Date.UTC(SY, SM - 1, SD);
if (Number.isNaN(LOCAL0)) die('bad --start');
const NDAYS = Math.round(opt.weeks * 7);
const Tl = (h) => localMsToUtc(LOCAL0 + Math.round(h * H)); // h = hours since local midnight of day 0
const FROM = Tl(0), TO = Tl(NDAYS * 24), LEARNED = FROM + 14 * DAY;
const localHourAbs = (utc) => (utc + tzOffset(utc) - LOCAL0) / H;

// ---------------------------------------------------------------- calendar
function easter(y) {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(y, month - 1, day);
}
const holCache = new Map();
function holidayInfo(y) {
  if (holCache.has(y)) return holCache.get(y);
  const mp = new Map();
  const add = (ms, name) => mp.set(ms, name);
  add(Date.UTC(y, 0, 1), 'Nyårsdagen'); add(Date.UTC(y, 0, 6), 'Trettondedag jul');
  const E = easter(y);
  add(E - 2 * DAY, 'Långfredagen'); add(E, 'Påskdagen'); add(E + DAY, 'Annandag påsk');
  add(E + 39 * DAY, 'Kristi himmelsfärdsdag'); add(E + 49 * DAY, 'Pingstdagen');
  add(Date.UTC(y, 4, 1), 'Första maj'); add(Date.UTC(y, 5, 6), 'Nationaldagen');
  for (let d = 19; d <= 25; d++) { const ms = Date.UTC(y, 5, d); if (new Date(ms).getUTCDay() === 5) { add(ms, 'Midsommarafton'); add(ms + DAY, 'Midsommardagen'); } }
  for (let k = 0; k < 7; k++) { const ms = Date.UTC(y, 9, 31) + k * DAY; if (new Date(ms).getUTCDay() === 6) add(ms, 'Alla helgons dag'); }
  add(Date.UTC(y, 11, 24), 'Julafton'); add(Date.UTC(y, 11, 25), 'Juldagen'); add(Date.UTC(y, 11, 26), 'Annandag jul'); add(Date.UTC(y, 11, 31), 'Nyårsafton');
  const info = { mp, easterMonday: E + DAY, goodFriday: E - 2 * DAY };
  holCache.set(y, info);
  return info;
}
function dayType(ms) { // 0 workday, 1 Saturday, 2 Sunday/holiday
  const dt = new Date(ms); const dow = (dt.getUTCDay() + 6) % 7;
  if (holidayInfo(dt.getUTCFullYear()).mp.has(ms) || dow === 6) return 2;
  return dow === 5 ? 1 : 0;
}
function isoWeek(ms) {
  const dt = new Date(ms); const dn = (dt.getUTCDay() + 6) % 7;
  const th = ms + (3 - dn) * DAY; const fy = new Date(th).getUTCFullYear();
  return 1 + Math.floor((th - Date.UTC(fy, 0, 1)) / (7 * DAY));
}
const days = [];
{
  const wr = rngFor('weather');
  let ar = 0, windAr = 0;
  for (let i = 0; i <= NDAYS + 1; i++) {
    const ms = LOCAL0 + i * DAY; const dt = new Date(ms);
    const y = dt.getUTCFullYear(), m = dt.getUTCMonth() + 1, d = dt.getUTCDate(), dow = (dt.getUTCDay() + 6) % 7;
    const hi = holidayInfo(y);
    const hol = hi.mp.get(ms) || null;
    const type = dayType(ms), prevType = dayType(ms - DAY), nextType = dayType(ms + DAY);
    const prevHol = hi.mp.has(ms - DAY) || holidayInfo(new Date(ms - DAY).getUTCFullYear()).mp.has(ms - DAY);
    const nextHol = holidayInfo(new Date(ms + DAY).getUTCFullYear()).mp.has(ms + DAY);
    const bridge = type === 0 && ((prevHol && nextType !== 0) || (nextHol && prevType !== 0));
    const walpurgis = m === 4 && d === 30;
    const eve = nextType !== 0 || walpurgis;
    const wk = isoWeek(ms);
    const easterBreak = ms >= hi.easterMonday && ms < hi.easterMonday + 5 * DAY;
    const schoolBreak = easterBreak || wk === 9 || wk === 44 || (m === 12 && d >= 20) || (m === 1 && d <= 7) || (m === 6 && d >= 12) || m === 7 || (m === 8 && d < 18);
    const school = type === 0 && !schoolBreak && !bridge;
    const doy = Math.floor((ms - Date.UTC(y, 0, 1)) / DAY) + 1;
    const dst = tzOffset(Tl(i * 24 + 12)) === 2 * H;
    const sunset = 18.05 + 3.1 * Math.sin((2 * Math.PI * (doy - 80)) / 365.25) + (dst ? 1 : 0);
    const baseT = 6.5 - 10.5 * Math.cos((2 * Math.PI * (doy - 20)) / 365.25);
    ar = 0.72 * ar + wr.normal(0, 2.0);
    windAr = 0.5 * windAr + wr.normal(0, 0.45);
    const temp = baseT + ar;
    const rain = wr.chance(temp < 1 ? 0.3 : 0.33);
    const sunny = !rain && wr.chance(0.5);
    const wind = Math.exp(windAr);
    const season = clamp((doy - 60) / 90, 0, 1); // 0 in early March, 1 from late May
    days.push({ i, ms, y, m, d, dow, hol, type, eve, bridge, walpurgis, school, schoolBreak, easterBreak, wk, doy, dst, sunset, temp, rain, sunny, wind, season });
  }
}
const nDaysOfType = [0, 0, 0];
for (let i = 0; i < NDAYS; i++) nDaysOfType[days[i].type]++;

// ---------------------------------------------------------------- sensor models
const MODELS = {
  'RTCGQ11LM': { kind: 'pir', prefix: '0x00158d000', blind: 60, timeouts: [90, 90, 90, 60, 120], repeat: true, det: [0.95, 0.99], falseTrig: [0.02, 0.3] },
  'TS0202': { kind: 'pir', prefix: '0xa4c138', blind: 60, timeouts: [60], repeat: false, det: [0.88, 0.96], falseTrig: [0.05, 0.6] },
  'SNZB-03': { kind: 'pir', prefix: '0x00124b00', blind: 5, timeouts: [60], repeat: false, det: [0.92, 0.98], falseTrig: [0.02, 0.4] },
  'E1745': { kind: 'pir', prefix: '0x000d6ffffe', blind: 30, timeouts: [180], repeat: false, det: [0.93, 0.98], falseTrig: [0.02, 0.2] },
  'SML001': { kind: 'pir', prefix: '0x0017880102', blind: 10, timeouts: [30, 60, 120, 120, 300], repeat: false, det: [0.96, 0.995], falseTrig: [0.01, 0.15] },
  'ZG-204ZM': { kind: 'mmwave', prefix: '0xa4c138', fades: [15, 30, 30, 60], ghost: [0.3, 4], flap: [1.5, 5], machine: [0.5, 2.5] },
  'RTCZCGQ13LM': { kind: 'mmwave', prefix: '0x54ef4410', fades: [10, 30, 30], ghost: [0.05, 0.8], flap: [0.4, 1.5], machine: [0.1, 0.6] },
  'ZY-M100': { kind: 'mmwave', prefix: '0xa4c138', fades: [5, 10, 15], ghost: [2, 10], flap: [4, 10], machine: [2, 6] },
};
const PROFILES = {
  'aqara-pilot': [['RTCGQ11LM', 0.78], ['RTCZCGQ13LM', 0.22]],
  'tuya': [['ZG-204ZM', 0.45], ['ZY-M100', 0.2], ['TS0202', 0.35]],
  'mixed': [['SNZB-03', 0.33], ['E1745', 0.17], ['SML001', 0.15], ['ZG-204ZM', 0.2], ['RTCZCGQ13LM', 0.15]],
};
const GHOST_SPACE = { entrance: 1.3, stairwell: 0.7, basement: 0.8, storage: 0.5, attic: 1.3, laundry: 1.4, 'garbage-room': 1.5, 'bike-room': 1.0 };

// ---------------------------------------------------------------- estate generation
const STREETS = ['Rinkebystråket', 'Tenstagången', 'Husbygårdsvägen', 'Kvarnbacksvägen', 'Bredängsvägen', 'Ålgrytevägen',
  'Vårbergsvägen', 'Fruängsgången', 'Rågsvedsvägen', 'Västertorpsvägen', 'Sköndalsvägen', 'Björkhagsplan', 'Hägerstensvägen',
  'Midsommarvägen', 'Årstavägen', 'Skärholmsgången', 'Hjulsta backe', 'Akallalänken', 'Hökarängsgången', 'Farstaängsvägen',
  'Trondheimsgatan', 'Oslogatan', 'Borgholmsvägen', 'Malmvägen'];
const ARCH = {
  walkup3: { floors: 3, apf: [3, 4], elev: 0, attic: 0.85, stor: 0.9, laundry: [['basement', 0.75], ['courtyard', 0.25]], garbage: [['courtyard', 0.65], ['basement', 0.35]], bike: [['basement', 0.5], ['courtyard', 0.5]], sensors: [4, 6], fam: 0.14, retire: 0.3 },
  walkup4: { floors: 4, apf: [2, 4], elev: 0.3, attic: 0.75, stor: 0.9, laundry: [['basement', 0.8], ['courtyard', 0.2]], garbage: [['courtyard', 0.5], ['basement', 0.3], ['ground', 0.2]], bike: [['basement', 0.6], ['courtyard', 0.4]], sensors: [4, 7], fam: 0.18, retire: 0.26 },
  slab6: { floors: 6, apf: [3, 5], elev: 1, attic: 0.12, stor: 1, laundry: [['basement', 0.6], ['ground', 0.4]], garbage: [['ground', 0.6], ['courtyard', 0.25], ['basement', 0.15]], bike: [['basement', 0.7], ['courtyard', 0.3]], sensors: [5, 8], fam: 0.28, retire: 0.18 },
  tower9: { floors: 9, apf: [4, 6], elev: 1, attic: 0, stor: 1, laundry: [['basement', 0.8], ['ground', 0.2]], garbage: [['ground', 0.75], ['basement', 0.25]], bike: [['basement', 0.55], ['courtyard', 0.45]], sensors: [5, 8], fam: 0.32, retire: 0.15 },
  slab9: { floors: 9, apf: [6, 8], elev: 1, attic: 0, stor: 1, laundry: [['basement', 0.7], ['ground', 0.3]], garbage: [['ground', 0.7], ['basement', 0.3]], bike: [['basement', 0.6], ['courtyard', 0.4]], sensors: [6, 8], fam: 0.34, retire: 0.14 },
};
const wpickPairs = (rng, pairs) => rng.wpick(pairs.map((p) => p[0]), pairs.map((p) => p[1]));

const BUILDINGS = [], SLOTS = [], DEVICES = [];
const usedIds = new Set();
function newDeviceId(rng, model) {
  const pre = MODELS[model].prefix;
  for (;;) { const id = pre + rng.hex(18 - pre.length); if (!usedIds.has(id)) { usedIds.add(id); return id; } }
}
function makeDevice(rng, slot, model, from, to) {
  const M = MODELS[model];
  const dev = { id: newDeviceId(rng, model), slot, model, kind: M.kind, from, to, outages: [], p: {} };
  const sp = slot.space;
  if (M.kind === 'pir') {
    dev.p.blind = M.blind * S;
    dev.p.timeout = rng.pick(M.timeouts) * S;
    dev.p.repeat = M.repeat;
    dev.p.det = rng.range(M.det[0], M.det[1]);
    dev.p.falseTrig = rng.range(M.falseTrig[0], M.falseTrig[1]) * (sp === 'entrance' ? 1.8 : sp === 'stairwell' ? 1.2 : 0.6);
    dev.offDelay = dev.p.timeout;
  } else {
    dev.p.fade = rng.pick(M.fades) * S;
    dev.p.ghost = rng.range(M.ghost[0], M.ghost[1]) * (GHOST_SPACE[sp] || 1) * (rng.chance(0.15) ? rng.range(2, 4) : 1);
    dev.p.flap = rng.range(M.flap[0], M.flap[1]);
    dev.p.machine = sp === 'laundry' ? rng.range(M.machine[0], M.machine[1]) : 0;
    dev.p.windy = (sp === 'attic' || sp === 'bike-room' || sp === 'garbage-room') && rng.chance(0.5);
    dev.offDelay = dev.p.fade;
  }
  DEVICES.push(dev); slot.devices.push(dev);
  return dev;
}

function makeMember(rng, role) {
  const m = { role };
  switch (role) {
    case 'worker': {
      m.leave = clamp(rng.normal(7.35, 0.6), 5.6, 9.6);
      m.dur = clamp(rng.normal(9.2, 0.6), 7.2, 11);
      m.sd = rng.range(0.07, 0.3);
      m.wfh = [];
      if (rng.chance(0.35)) { const k = rng.int(1, 2); while (m.wfh.length < k) { const d = rng.int(0, 4); if (!m.wfh.includes(d)) m.wfh.push(d); } }
      m.gym = rng.chance(0.4) ? rng.range(0.1, 0.4) : 0.03;
      m.social = rng.range(0.04, 0.25);
      m.bike = rng.chance(0.3);
      break;
    }
    case 'child': m.social = 0; m.bike = rng.chance(0.4); break;
    case 'teen': m.social = rng.range(0.1, 0.35); m.bike = rng.chance(0.35); break;
    case 'retiree': m.morning = rng.range(9.2, 11.5); m.active = rng.range(0.55, 0.95); m.social = 0.02; m.bike = rng.chance(0.1); break;
    case 'shift': m.phase = rng.int(0, 2); m.social = rng.range(0.03, 0.15); m.bike = rng.chance(0.2); m.offDays = [rng.int(0, 6)]; m.offDays.push((m.offDays[0] + rng.int(1, 3)) % 7); break;
    case 'student': m.wake = rng.range(8.5, 12); m.social = rng.range(0.15, 0.45); m.bike = rng.chance(0.35); break;
    case 'home': m.social = rng.range(0.02, 0.1); m.bike = rng.chance(0.15); break;
  }
  return m;
}
const HH_TYPES = ['single', 'couple', 'family', 'singleParent', 'retiree', 'retireeCouple', 'student', 'shift', 'home'];
function makeHousehold(rng, bd, floor) {
  const a = bd.archDef;
  const type = rng.wpick(HH_TYPES, [0.2, 0.14, a.fam, 0.07, a.retire * 0.6, a.retire * 0.4, 0.08, 0.05, 0.04]);
  const hh = { floor, type, members: [], nYoung: 0, runParent: null, away: [] };
  const W = () => makeMember(rng, 'worker');
  const kids = (k) => { for (let i = 0; i < k; i++) { const age = rng.int(0, 17); if (age < 10) hh.nYoung++; else hh.members.push(makeMember(rng, age < 13 ? 'child' : 'teen')); } };
  switch (type) {
    case 'single': hh.members.push(rng.chance(0.85) ? W() : makeMember(rng, 'home')); break;
    case 'couple': hh.members.push(W(), rng.chance(0.85) ? W() : makeMember(rng, 'student')); break;
    case 'family': hh.members.push(W(), rng.chance(0.72) ? W() : makeMember(rng, 'home')); kids(rng.int(1, 4)); break;
    case 'singleParent': hh.members.push(W()); kids(rng.int(1, 2)); break;
    case 'retiree': hh.members.push(makeMember(rng, 'retiree')); break;
    case 'retireeCouple': hh.members.push(makeMember(rng, 'retiree'), makeMember(rng, 'retiree')); break;
    case 'student': hh.members.push(makeMember(rng, 'student')); if (rng.chance(0.35)) hh.members.push(makeMember(rng, 'student')); break;
    case 'shift': hh.members.push(makeMember(rng, 'shift')); if (rng.chance(0.4)) hh.members.push(W()); break;
    case 'home': hh.members.push(makeMember(rng, 'home')); if (rng.chance(0.3)) hh.members.push(makeMember(rng, 'home')); break;
  }
  if (hh.nYoung > 0) hh.runParent = hh.members[0];
  hh.size = hh.members.length + hh.nYoung;
  const old = type === 'retiree' || type === 'retireeCouple';
  hh.old = old;
  hh.elevP = bd.elevator ? (floor >= 3 ? 0.93 : floor >= 1 ? 0.5 : 0.1) : 0;
  hh.laundryRate = rng.chance(0.15) ? 0.12 : clamp(0.3 + 0.38 * hh.size + rng.normal(0, 0.2), 0.2, 3.2);
  hh.trashRate = 1.0 + 0.7 * hh.size + rng.range(-0.4, 0.6);
  hh.storageRate = rng.range(0.12, 0.7);
  hh.atticRate = bd.rooms.attic ? rng.range(0.04, 0.3) : 0;
  hh.dog = rng.chance(0.09);
  hh.visitRate = rng.range(0.2, 2.2) * (type === 'student' ? 1.5 : 1);
  hh.parcelRate = rng.range(0.02, 0.13);
  hh.foodRate = rng.chance(0.4) ? rng.range(0.1, 0.9) : 0;
  hh.news = rng.chance(old ? 0.35 : 0.09);
  hh.awayP = rng.range(0.03, 0.14);
  hh.slow = old ? rng.range(1.2, 1.6) : 1;
  hh.care = old && rng.chance(0.2) ? [7.8, 12.0, 17.0, 21.1].filter(() => rng.chance(0.75)) : null;
  hh.insomnia = rng.chance(0.06);
  return hh;
}

function genEstate() {
  const rng = rngFor('estate');
  const nB = rng.int(9, 13);
  const arches = ['walkup3', 'tower9', 'slab6', 'walkup4'];
  while (arches.length < nB) arches.push(rng.wpick(['walkup3', 'walkup4', 'slab6', 'tower9', 'slab9'], [3, 2.5, 3, 2.5, 1.2]));
  rng.shuffle(arches);
  const streets = rng.shuffle([...STREETS]);
  let si = 0, prevStreet = null, prevNum = 0;
  const profileNames = Object.keys(PROFILES);
  for (let bi = 0; bi < nB; bi++) {
    const archName = arches[bi], A = ARCH[archName];
    let street, num;
    if (prevStreet && rng.chance(0.3)) { street = prevStreet; num = prevNum + 2; }
    else { street = streets[si++ % streets.length]; num = rng.int(1, 64); }
    prevStreet = street; prevNum = num;
    const bd = {
      idx: bi, arch: archName, archDef: A, address: `${street} ${num}`, floors: A.floors, apf: rng.int(A.apf[0], A.apf[1]),
      elevator: rng.chance(A.elev), attic: rng.chance(A.attic), problem: rng.chance(0.2) ? 0.15 : rng.logn(1, 0.6),
      rooms: {}, slot: { entrance: -1, basement: -1 }, stairAt: null, households: [], machineRuns: [],
    };
    bd.elevBasement = bd.elevator && rng.chance(0.5);
    bd.basementFromHall = rng.chance(0.4);
    bd.basementDoor = rng.chance(0.6);
    bd.storageInCorridor = rng.chance(0.35);
    bd.laundryCap = A.floors >= 9 ? 2 : 1;
    bd.mailboxesInHall = bd.elevator ? rng.chance(0.8) : rng.chance(0.35);
    bd.postPhase = rng.int(0, 1); bd.postHour = rng.range(10, 14);
    bd.caretakerDays = [rng.int(0, 4)]; if (rng.chance(0.6)) bd.caretakerDays.push((bd.caretakerDays[0] + 2) % 5);
    bd.truckDays = [rng.int(0, 4)]; if (A.floors >= 6) bd.truckDays.push((bd.truckDays[0] + rng.int(2, 3)) % 5);
    bd.truckHour = rng.range(6.3, 10);
    bd.elevServiceDay = bd.elevator ? rng.int(0, 27) : -1;
    bd.stairAt = new Array(bd.floors + 1).fill(-1);
    // rooms
    bd.rooms.basement = { loc: 'basement', slot: -1 };
    if (rng.chance(A.stor)) bd.rooms.storage = { loc: 'basement', slot: -1 };
    if (bd.attic) bd.rooms.attic = { loc: 'attic', slot: -1 };
    bd.rooms.laundry = { loc: wpickPairs(rng, A.laundry), slot: -1 };
    bd.rooms.garbage = { loc: wpickPairs(rng, A.garbage), slot: -1 };
    bd.rooms.bike = { loc: wpickPairs(rng, A.bike), slot: -1, outsideDoor: false };
    if (bd.rooms.bike.loc === 'basement') bd.rooms.bike.outsideDoor = rng.chance(0.6);
    // sensor positions
    const F = bd.floors;
    const cands = [];
    cands.push({ space: 'stairwell', floor: 0, w: 0.55 });
    if (bd.attic && rng.chance(0.5)) cands.push({ space: 'stairwell', floor: F, w: 0.6 });
    else cands.push({ space: 'stairwell', floor: F - 1, w: 0.5 });
    if (F >= 6) cands.push({ space: 'stairwell', floor: rng.int(2, F - 3), w: 0.35 });
    else if (F >= 4 && rng.chance(0.4)) cands.push({ space: 'stairwell', floor: 2, w: 0.2 });
    cands.push({ space: 'basement', room: 'basement', w: 0.7 });
    if (bd.rooms.storage) cands.push({ space: 'storage', room: 'storage', w: 0.55 });
    if (bd.rooms.attic) cands.push({ space: 'attic', room: 'attic', w: 0.6 });
    cands.push({ space: 'laundry', room: 'laundry', w: bd.rooms.laundry.loc === 'courtyard' ? 0.4 : 0.7 });
    cands.push({ space: 'garbage-room', room: 'garbage', w: 0.6 });
    cands.push({ space: 'bike-room', room: 'bike', w: 0.5 });
    const nS = Math.min(rng.int(A.sensors[0], A.sensors[1]), cands.length + 1);
    const chosen = [{ space: 'entrance' }];
    while (chosen.length < nS && cands.length) {
      const c = rng.wpick(cands, cands.map((x) => x.w));
      cands.splice(cands.indexOf(c), 1);
      chosen.push(c);
    }
    const profile = rng.wpick(profileNames, [0.35, 0.3, 0.35]);
    for (const c of chosen) {
      const slot = { idx: SLOTS.length, b: bd, space: c.space, floor: c.floor ?? null, room: c.room ?? null, eps: [], devices: [], rate: null };
      SLOTS.push(slot);
      if (c.space === 'entrance') bd.slot.entrance = slot.idx;
      else if (c.space === 'stairwell') bd.stairAt[c.floor] = slot.idx;
      else { bd.rooms[c.room].slot = slot.idx; if (c.room === 'basement') bd.slot.basement = slot.idx; }
      let model = wpickPairs(rng, PROFILES[profile]);
      if (c.space === 'laundry' && MODELS[model].kind === 'pir' && rng.chance(0.3)) model = 'ZG-204ZM';
      makeDevice(rng, slot, model, FROM, TO);
    }
    // households
    for (let f = 0; f < F; f++) {
      let n = bd.apf; if (f === 0) n = Math.max(1, n - (F >= 6 ? 2 : 1));
      for (let k = 0; k < n; k++) bd.households.push(makeHousehold(rng, bd, f));
    }
    BUILDINGS.push(bd);
  }
  // away periods (weekend trips, Easter trips, retiree trips)
  for (const bd of BUILDINGS) for (const hh of bd.households) {
    for (let i = 0; i < NDAYS; i++) {
      const d = days[i];
      if (d.dow === 4 && rng.chance(hh.awayP)) hh.away.push([i * 24 + rng.range(15.5, 20), (i + 2) * 24 + rng.range(13, 20)]);
      if (d.hol === 'Långfredagen' && rng.chance(hh.nYoung + hh.members.length > 2 ? 0.3 : 0.12)) hh.away.push([(i - 1) * 24 + rng.range(14, 19), (i + 3) * 24 + rng.range(13, 20)]);
      if (hh.old && d.dow === 0 && rng.chance(0.02)) hh.away.push([i * 24 + rng.range(9, 15), (i + rng.int(3, 9)) * 24 + rng.range(12, 19)]);
    }
  }
  // realism: one sensor added later, sometimes one replaced by another model, outages
  const orng = rngFor('ops');
  const nLate = orng.int(1, 2);
  for (let k = 0; k < nLate; k++) { const dv = orng.pick(DEVICES); dv.from = Math.max(dv.from, FROM + Math.round(orng.range(9, 35) * DAY)); }
  if (orng.chance(0.6)) {
    const old = orng.pick(DEVICES.filter((d) => d.from === FROM));
    const at = FROM + Math.round(orng.range(20, NDAYS - 10) * DAY);
    old.to = at;
    const choices = Object.keys(MODELS).filter((m) => m !== old.model);
    makeDevice(orng, old.slot, orng.pick(choices), at + Math.round(orng.range(0.3, 3) * DAY), TO);
  }
  for (const dv of DEVICES) {
    const sp = dv.slot.space;
    const poor = sp === 'basement' || sp === 'storage' || sp === 'bike-room' || sp === 'garbage-room' || sp === 'attic';
    const nr = orng.poisson(poor ? 1.6 : 0.7);
    for (let k = 0; k < nr; k++) {
      const a = orng.range(dv.from, dv.to);
      dv.outages.push([a, a + clamp(orng.logn(40, 1.2), 3, 1200) * MIN]);
    }
    if (orng.chance(0.08)) { const a = orng.range(dv.from, dv.to); dv.outages.push([a, a + clamp(orng.logn(3, 0.6), 0.5, 12) * DAY]); }
  }
  for (const bd of BUILDINGS) {
    if (!orng.chance(0.35)) continue;
    const a = orng.range(FROM, TO); const z = a + clamp(orng.logn(3, 1), 0.3, 30) * H;
    for (const sl of SLOTS) if (sl.b === bd) for (const dv of sl.devices) dv.outages.push([a, z]);
  }
}
genEstate();

// ---------------------------------------------------------------- routing
const stairSlot = (bd, f) => (f >= 0 && f <= bd.floors ? bd.stairAt[f] : -1);
const OUT = { type: 'out' }, ENT = { type: 'ent' };
const room = (r) => ({ type: 'room', room: r });
const apt = (f) => ({ type: 'apt', floor: f });
const landing = (f) => ({ type: 'landing', floor: f });
let curTag = 0;
const normalSink = (slot, a, b, act) => { if (slot >= 0 && b > a) SLOTS[slot].eps.push({ a, b, act, tag: curTag }); };

function posOf(bd, node) {
  switch (node.type) {
    case 'out': return 'OUT';
    case 'ent': return 'ENT';
    case 'apt': case 'landing': return node.floor;
    case 'room': { const r = bd.rooms[node.room]; return r.loc === 'basement' ? -1 : r.loc === 'ground' ? 'ENT' : r.loc === 'attic' ? bd.floors : 'OUT'; }
  }
  return 'OUT';
}
function slotOf(bd, node) {
  switch (node.type) {
    case 'ent': return bd.slot.entrance;
    case 'landing': return stairSlot(bd, node.floor);
    case 'room': return bd.rooms[node.room] ? bd.rooms[node.room].slot : -1;
  }
  return -1;
}
function stairs(ctx, from, to, t) {
  if (from === to) return t;
  const { bd, rng, o, sink } = ctx; const slow = o.slow || 1;
  const dir = to > from ? 1 : -1;
  const per = (dir > 0 ? rng.range(9, 13) : rng.range(6.5, 9.5)) * slow * S;
  let f = from, tf = t;
  for (;;) {
    const sl = stairSlot(bd, f);
    if (sl >= 0) sink(sl, tf - 2 * S, tf + 2.5 * S * slow, WALK);
    if (f === 0 && bd.basementFromHall && (to === -1 || from === -1)) sink(bd.slot.entrance, tf - S, tf + 3 * S, WALK);
    if (f === to) return tf + 2 * S;
    f += dir; tf += per;
  }
}
function travel(ctx, from, to, t) {
  if (from === to) return t;
  const { bd, rng, o, sink } = ctx;
  if (bd.elevator && o.elev && Math.abs(from - to) >= 2) {
    const lo = bd.elevBasement ? -1 : 0, top = bd.floors - 1;
    const e1 = clamp(from, lo, top), e2 = clamp(to, lo, top);
    if (e1 !== e2) {
      t = stairs(ctx, from, e1, t);
      const wait = clamp(rng.logn(16, 0.7), 3, 150) * S;
      sink(stairSlot(bd, e1), t - 2 * S, t + wait, wait > 40 * S ? IDLE : WALK);
      t += wait + (6 + 2.4 * Math.abs(e2 - e1)) * S;
      sink(stairSlot(bd, e2), t, t + rng.range(3, 6) * S, WALK);
      t += 3 * S;
      return stairs(ctx, e2, to, t);
    }
  }
  return stairs(ctx, from, to, t);
}
function entrancePass(ctx, t, inbound) {
  const { bd, rng, o, sink } = ctx;
  let d = rng.range(3, 7) * S * (o.slow || 1), act = WALK;
  if (inbound && o.intercom) { d += clamp(rng.logn(20, 0.6), 5, 120) * S; act = IDLE; }
  else if (inbound && o.mail && rng.chance(0.3)) { d += rng.range(8, 40) * S; act = BUSY; }
  if (o.carry) d += rng.range(4, 20) * S;
  sink(bd.slot.entrance, t, t + d, act);
  return t + d;
}
function move(ctx, p1, p2, t) {
  const { bd, rng, o } = ctx;
  if (p1 === p2) return t;
  if (p1 === 'OUT') {
    if (p2 === -1 && o.backdoor && bd.basementDoor) return t + rng.range(3, 8) * S;
    t = entrancePass(ctx, t, true);
    if (p2 === 'ENT') return t;
    return travel(ctx, 0, p2, t);
  }
  if (p2 === 'OUT') {
    if (p1 === -1 && o.backdoor && bd.basementDoor) return t + rng.range(3, 8) * S;
    if (p1 !== 'ENT') t = travel(ctx, p1, 0, t);
    return entrancePass(ctx, t, false);
  }
  if (p1 === 'ENT') return travel(ctx, 0, p2, t);
  if (p2 === 'ENT') return travel(ctx, p1, 0, t);
  return travel(ctx, p1, p2, t);
}
function leaveNode(ctx, node, t) {
  const { bd, rng, sink } = ctx;
  if (node.type === 'apt') { sink(stairSlot(bd, node.floor), t - rng.range(3, 10) * S, t + 2 * S, WALK); return t; }
  if (node.type === 'room') {
    const r = bd.rooms[node.room];
    if (r.loc === 'basement' && node.room !== 'basement') { const c = rng.range(4, 12) * S; sink(bd.slot.basement, t, t + c, WALK); return t + c; }
    if (r.loc === 'ground') { sink(bd.slot.entrance, t, t + rng.range(3, 6) * S, WALK); return t + 4 * S; }
    if (r.loc === 'courtyard') return t + rng.range(15, 50) * S;
  }
  return t;
}
function arriveNode(ctx, node, t) {
  const { bd, rng, sink } = ctx;
  if (node.type === 'apt') { sink(stairSlot(bd, node.floor), t - 2 * S, t + rng.range(4, 14) * S, WALK); return t + 5 * S; }
  if (node.type === 'room') {
    const r = bd.rooms[node.room];
    if (r.loc === 'basement' && node.room !== 'basement') { const c = rng.range(4, 12) * S; sink(bd.slot.basement, t, t + c, WALK); return t + c; }
    if (r.loc === 'ground') { sink(bd.slot.entrance, t, t + rng.range(3, 6) * S, WALK); return t + 4 * S; }
    if (r.loc === 'courtyard') return t + rng.range(15, 50) * S;
    return t + 2 * S;
  }
  return t;
}
function go(ctx, A, B, t) {
  t = leaveNode(ctx, A, t);
  t = move(ctx, posOf(ctx.bd, A), posOf(ctx.bd, B), t);
  return arriveNode(ctx, B, t);
}
function stay(ctx, node, t, dur, act) {
  const { bd, sink } = ctx;
  sink(slotOf(bd, node), t, t + dur, act);
  if (node.type === 'room' && node.room === 'storage' && bd.storageInCorridor) sink(bd.slot.basement, t, t + dur, act === WALK ? WALK : act);
}
function trip(ctx, A, B, t, dur, act) {
  const t1 = go(ctx, A, B, t);
  stay(ctx, B, t1, dur, act);
  return go(ctx, B, A, t1 + dur);
}

// ---------------------------------------------------------------- residents
function leisure(rng, res, social, d, lo = 9.5, hi = 18.5) {
  const n = rng.poisson(1.1) + (rng.chance(0.75) ? 1 : 0);
  for (let i = 0; i < n; i++) { const o = rng.range(lo, hi); res.push([o, o + clamp(rng.logn(1.8, 0.6), 0.3, 6), 0]); }
  if (d.eve && rng.chance(social)) { const o = rng.range(18.5, 21.5); res.push([o, rng.range(22.5, 26.8), 0]); }
}
function memberOutings(rng, m, di, hh) {
  const d = days[di], res = [];
  const work = d.type === 0;
  switch (m.role) {
    case 'worker': {
      const onDuty = work && !(d.bridge && rng.chance(0.55)) && !rng.chance(0.03);
      if (onDuty && !m.wfh.includes(d.dow)) {
        let out = rng.normal(m.leave, m.sd), back = out + rng.normal(m.dur, 0.45);
        if (hh.runParent === m && hh.todayRun != null) { out = hh.todayRun; back = hh.todayPick; hh.runDone = true; }
        res.push([out, back, 1]);
        if (rng.chance(m.gym)) { const o = back + rng.range(0.4, 2); res.push([o, o + rng.range(0.8, 2.2), 0]); }
        else if (rng.chance(0.12)) { const o = back + rng.range(0.3, 2.5); res.push([o, o + rng.range(0.3, 1), 0]); }
        if (d.eve && rng.chance(m.social)) { const o = Math.max(back + 0.6, rng.range(18.5, 21)); res.push([o, rng.range(22.5, 26.8), 0]); }
      } else if (onDuty) {
        if (rng.chance(0.55)) { const o = rng.range(11.3, 13.6); res.push([o, o + rng.range(0.3, 1.1), 0]); }
        if (rng.chance(0.4)) { const o = rng.range(15, 18.5); res.push([o, o + rng.range(0.4, 1.5), 0]); }
      } else leisure(rng, res, m.social, d);
      break;
    }
    case 'child': {
      if (d.school) {
        const out = rng.normal(7.8, 0.12), back = rng.range(13.8, 16.5);
        res.push([out, back, 1]);
        const play = (d.rain ? 0.15 : 0.5) * (d.temp < 0 ? 0.4 : 1) * (d.sunset > 19 ? 1.2 : 0.7);
        if (rng.chance(play)) { const o = back + rng.range(0.3, 1.2); res.push([o, Math.min(o + rng.range(0.5, 2), Math.max(o + 0.4, d.sunset + 0.3, 18.5)), 0]); }
      } else leisure(rng, res, 0, d, 10, 17);
      break;
    }
    case 'teen': {
      if (d.school) { const out = rng.normal(8.0, 0.25), back = rng.range(14.3, 17.5); res.push([out, back, 1]); }
      else if (rng.chance(0.8)) { const o = rng.range(11, 16); res.push([o, o + rng.range(1, 5), 0]); }
      if (rng.chance(d.eve ? 0.55 : 0.4)) { const o = rng.range(17.3, 19.8); res.push([o, d.eve ? rng.range(21.5, 24.6) : rng.range(20, 22.3), 0]); }
      break;
    }
    case 'retiree': {
      if (rng.chance(m.active)) { const o = rng.normal(m.morning, 0.7); res.push([o, o + clamp(rng.logn(1.8, 0.5), 0.4, 5), 0]); }
      if (rng.chance(0.35)) { const o = rng.range(14, 17); res.push([o, o + rng.range(0.7, 2), 0]); }
      if (rng.chance(0.04)) { const o = rng.range(18, 19.5); res.push([o, o + rng.range(2, 4), 0]); }
      break;
    }
    case 'shift': {
      const w = Math.floor(di / 7); const kind = (m.phase + w) % 3;
      if (!m.offDays.includes(d.dow) && !rng.chance(0.05)) {
        if (kind === 0) res.push([rng.normal(5.35, 0.08), rng.normal(14.9, 0.2), 1]);
        else if (kind === 1) res.push([rng.normal(13.4, 0.1), rng.normal(22.6, 0.15), 1]);
        else res.push([rng.normal(20.9, 0.1), 24 + rng.normal(7.5, 0.15), 1]);
        if (kind !== 2 && rng.chance(0.3)) { const o = kind === 0 ? rng.range(16, 19) : rng.range(10, 12); res.push([o, o + rng.range(0.5, 1.5), 0]); }
      } else leisure(rng, res, m.social, d, 11, 19);
      break;
    }
    case 'student': {
      if (rng.chance(work ? 0.85 : 0.6)) { const o = rng.normal(m.wake + 0.6, 0.8); res.push([o, o + rng.range(3, 10), work ? 1 : 0]); }
      if (rng.chance(m.social * (d.eve ? 2 : 0.6))) { const o = rng.range(20, 22.5); res.push([o, rng.range(23.5, 27.5), 0]); }
      break;
    }
    case 'home': {
      const n = rng.int(1, 3);
      for (let i = 0; i < n; i++) { const o = rng.range(9, 19); res.push([o, o + clamp(rng.logn(1.2, 0.6), 0.25, 4), 0]); }
      break;
    }
  }
  return res;
}
function cleanOutings(res) {
  res.sort((x, y) => x[0] - y[0]);
  const out = []; let last = -1e9;
  for (const r of res) {
    if (r[0] < last + 0.15) continue;
    if (r[1] < r[0] + 0.15) r[1] = r[0] + 0.15;
    out.push(r); last = r[1];
  }
  return out;
}
function householdMoves(rng, bd, hh, di) {
  const d = days[di], mv = [];
  hh.todayRun = null; hh.todayPick = null; hh.runDone = false;
  if (hh.nYoung > 0 && d.school) { hh.todayRun = rng.normal(7.75, 0.12); hh.todayPick = rng.normal(16.3, 0.45); }
  const base = di * 24;
  const bikeOK = d.season * 0.8 + 0.15;
  const bikeW = (d.rain ? 0.25 : 1) * (d.temp < 3 ? 0.35 : d.temp < 7 ? 0.7 : 1);
  for (const m of hh.members) {
    const outs = cleanOutings(memberOutings(rng, m, di, hh));
    for (const [o, b, commute] of outs) {
      const bike = m.bike && rng.chance((commute ? 0.55 : 0.2) * bikeOK * bikeW);
      mv.push({ h: base + o, dir: 0, n: 1, bike, slow: hh.slow });
      mv.push({ h: base + b, dir: 1, n: 1, bike, slow: hh.slow });
    }
  }
  if (hh.todayRun != null) { // pre-school / school run with the little ones
    const k = hh.nYoung;
    mv.push({ h: base + hh.todayRun, dir: 0, n: k, slow: 1.4 });
    mv.push({ h: base + hh.todayPick, dir: 1, n: k, slow: 1.4 });
    if (!hh.runDone) { // the run parent did not commute today: walks them and comes back
      mv.push({ h: base + hh.todayRun, dir: 0, n: 1 }); mv.push({ h: base + hh.todayRun + rng.range(0.3, 0.7), dir: 1, n: 1 });
      mv.push({ h: base + hh.todayPick - rng.range(0.3, 0.6), dir: 0, n: 1 }); mv.push({ h: base + hh.todayPick, dir: 1, n: 1 });
    }
  }
  if (hh.nYoung > 0) { // playground / outings with the small ones
    const p = d.type !== 0 || !d.school ? 0.8 : 0.35 * (d.rain ? 0.3 : 1);
    if (rng.chance(p)) { const o = d.type !== 0 ? rng.range(9.5, 15) : rng.range(16.8, 18); const dur = rng.range(0.7, 3); mv.push({ h: base + o, dir: 0, n: hh.nYoung + 1, slow: 1.4 }, { h: base + o + dur, dir: 1, n: hh.nYoung + 1, slow: 1.4 }); }
  }
  if (hh.dog) {
    const walks = [d.type === 0 ? rng.normal(6.7, 0.3) : rng.normal(8.2, 0.5), rng.chance(0.5) ? rng.normal(12.5, 0.6) : null, rng.normal(17.4, 0.6), rng.normal(22.1, 0.4)];
    for (const w of walks) if (w != null) { const dur = rng.range(0.25, 0.7); mv.push({ h: base + w, dir: 0, n: 1 }, { h: base + w + dur, dir: 1, n: 1 }); }
  }
  if (hh.insomnia && rng.chance(0.08)) { const o = rng.range(23.5, 26.5); mv.push({ h: base + o, dir: 0, n: 1, trash: rng.chance(0.5) }, { h: base + o + rng.range(0.1, 0.6), dir: 1, n: 1 }); }
  // away filter
  let res = mv;
  for (const [a, z] of hh.away) {
    if (z < base - 12 || a > base + 36) continue;
    res = res.filter((x) => x.h < a - 0.1 || x.h > z + 0.1);
    if (a >= base && a < base + 24) res.push({ h: a, dir: 0, n: hh.size, carry: true });
    if (z >= base && z < base + 24) res.push({ h: z, dir: 1, n: hh.size, carry: true });
  }
  // cluster people moving together
  res.sort((x, y) => x.h - y.h);
  const cl = [];
  for (const x of res) {
    const last = cl.length ? cl[cl.length - 1] : null;
    if (last && last.dir === x.dir && x.h - last.h < 2 / 60 && !x.bike && !last.bike) { last.n += x.n; last.slow = Math.max(last.slow || 1, x.slow || 1); last.carry = last.carry || x.carry; continue; }
    cl.push({ ...x });
  }
  return cl;
}
function execMove(ctx, hh, mv) {
  const { bd, rng } = ctx;
  ctx.o = { n: mv.n, slow: mv.slow || 1, elev: rng.chance(hh.elevP), mail: true, carry: !!mv.carry };
  const A = apt(hh.floor);
  let t = Tl(mv.h);
  if (mv.dir === 0) {
    let node = A;
    if (mv.trash) { t = go(ctx, node, room('garbage'), t); const st = clamp(rng.logn(50, 0.6), 12, 360) * S; stay(ctx, room('garbage'), t, st, BUSY); t += st; node = room('garbage'); }
    if (mv.bike) {
      t = go(ctx, node, room('bike'), t); const st = rng.range(25, 90) * S; stay(ctx, room('bike'), t, st, BUSY); t += st; node = room('bike');
      if (bd.rooms.bike.outsideDoor) return;
    }
    go(ctx, node, OUT, t);
  } else {
    let node = OUT;
    if (mv.bike) {
      const B = room('bike');
      if (!bd.rooms.bike.outsideDoor) t = go(ctx, OUT, B, t);
      const st = rng.range(20, 60) * S; stay(ctx, B, t, st, BUSY); t += st; node = B;
    }
    go(ctx, node, A, t);
  }
}
function roomVisit(ctx, hh, roomName, h, dur, act) {
  if (!ctx.bd.rooms[roomName]) return;
  ctx.o = { n: 1, slow: hh.slow, elev: ctx.rng.chance(hh.elevP), carry: roomName !== 'garbage' && ctx.rng.chance(0.3) };
  trip(ctx, apt(hh.floor), room(roomName), Tl(h), dur, act);
}
function visitorTrip(ctx, floor, hIn, hOut, n, intercom, slow = 1) {
  const { rng } = ctx;
  ctx.o = { n, slow, elev: ctx.bd.elevator && floor >= 2 && rng.chance(0.85), intercom };
  go(ctx, OUT, apt(floor), Tl(hIn));
  ctx.o = { n, slow, elev: ctx.bd.elevator && floor >= 2 && rng.chance(0.85) };
  go(ctx, apt(floor), OUT, Tl(hOut));
}
function courier(ctx, floor, h) {
  const { rng } = ctx;
  ctx.o = { n: 1, elev: ctx.bd.elevator && floor >= 2 && rng.chance(0.9), intercom: rng.chance(0.5) };
  const L = landing(floor);
  const t = go(ctx, OUT, L, Tl(h)); const d = rng.range(15, 100) * S;
  stay(ctx, L, t, d, IDLE); ctx.o.intercom = false;
  go(ctx, L, OUT, t + d);
}

function simulateLife(bd) {
  const rng = rngFor('life', bd.idx);
  const ctx = { bd, rng, sink: normalSink, o: {} };
  curTag = 0;
  const nHH = bd.households.length;
  for (let di = 0; di < NDAYS; di++) {
    const d = days[di], base = di * 24;
    const weekend = d.type !== 0;
    for (const hh of bd.households) {
      const moves = householdMoves(rng, bd, hh, di);
      const isAway = (h) => hh.away.some(([a, z]) => h > a && h < z);
      // garbage: attach to outgoing moves or separate trips
      const nTrash = rng.poisson(hh.trashRate / 7);
      for (let k = 0; k < nTrash; k++) {
        const outs = moves.filter((x) => x.dir === 0 && !x.bike && !x.trash && x.h > base + 6 && x.h < base + 23);
        if (outs.length && rng.chance(0.6)) { rng.pick(outs).trash = true; continue; }
        const h = base + (weekend ? rng.range(9.5, 21.5) : rng.wpick([rng.range(6.8, 9), rng.range(9, 17), rng.range(17, 22), rng.range(22, 24.3)], [0.18, 0.17, 0.6, 0.05]));
        if (isAway(h)) continue;
        roomVisit(ctx, hh, 'garbage', h, clamp(rng.logn(55, 0.65), 12, 420) * S, BUSY);
      }
      for (const mv of moves) execMove(ctx, hh, mv);
      // storage / attic
      for (const [rname, rate] of [['storage', hh.storageRate], ['attic', hh.atticRate]]) {
        if (!bd.rooms[rname] || !rate) continue;
        if (!rng.chance((rate / 7) * (weekend ? 1.9 : 0.75))) continue;
        const h = base + (weekend ? rng.range(10, 18.5) : hh.old ? rng.range(10, 16) : rng.range(16.5, 21));
        if (isAway(h)) continue;
        const long = rng.chance(weekend ? 0.1 : 0.025);
        const dur = long ? rng.range(30, 100) * MIN : clamp(rng.logn(4, 0.75), 0.8, 25) * MIN;
        roomVisit(ctx, hh, rname, h, dur, BUSY);
      }
      const awayNow = isAway(base + 14);
      if (awayNow) continue;
      // visitors
      const vf = [0.7, 0.7, 0.7, 0.8, 1.3, 1.8, 1.5][d.dow] * (d.hol ? 1.5 : 1);
      if (rng.chance((hh.visitRate / 7) * vf)) {
        const hIn = base + (weekend ? rng.range(12, 20) : rng.range(16.5, 20.5));
        let hOut = hIn + clamp(rng.logn(2.2, 0.5), 0.3, 7);
        if (d.eve && rng.chance(0.25)) hOut = Math.max(hOut, base + rng.range(23, 25.5));
        visitorTrip(ctx, hh.floor, hIn, hOut, rng.int(1, 4), true);
      }
      // parcels, food
      if (rng.chance(hh.parcelRate * (weekend ? 0.4 : 1))) courier(ctx, hh.floor, base + rng.wpick([rng.range(9, 16), rng.range(16, 21.5)], [0.45, 0.55]));
      if (rng.chance((hh.foodRate / 7) * (d.eve ? 1.8 : 0.8))) courier(ctx, hh.floor, base + rng.range(17, 22));
      // home care
      if (hh.care) for (const c of hh.care) {
        const hIn = base + c + rng.normal(0, 0.3);
        visitorTrip(ctx, hh.floor, hIn, hIn + rng.range(0.25, 0.7), 1, false);
      }
      // early airport taxi
      if (rng.chance(0.0015)) { ctx.o = { n: rng.int(1, 3), slow: 1.3, elev: rng.chance(hh.elevP), carry: true }; const t = Tl(base + rng.range(3.8, 5.6)); const t2 = go(ctx, apt(hh.floor), ENT, t); const w = rng.range(1, 8) * MIN; stay(ctx, ENT, t2, w, IDLE); go(ctx, ENT, OUT, t2 + w); }
    }
    buildingDaily(ctx, di);
  }
  simulateLaundry(ctx);
}
function buildingDaily(ctx, di) {
  const { bd, rng } = ctx; const d = days[di], base = di * 24;
  const nHH = bd.households.length, sq = Math.sqrt(nHH);
  const F = bd.floors;
  // postman (PostNord: every other weekday)
  if (d.type === 0 && (d.wk + d.dow) % 2 === bd.postPhase) {
    const t0 = Tl(base + bd.postHour + rng.normal(0, 0.25));
    ctx.o = { n: 1, elev: true };
    if (bd.mailboxesInHall) { const t = go(ctx, OUT, ENT, t0); const dd = rng.range(1, 4) * MIN; stay(ctx, ENT, t, dd, BUSY); go(ctx, ENT, OUT, t + dd); }
    else {
      let t = go(ctx, OUT, landing(F - 1), t0);
      for (let f = F - 1; f >= 0; f--) { const dd = rng.range(8, 30) * S; stay(ctx, landing(f), t, dd, BUSY); t += dd; if (f > 0) t = stairs(ctx, f, f - 1, t); }
      go(ctx, landing(0), OUT, t);
    }
  }
  // caretaker rounds
  if (d.type === 0 && bd.caretakerDays.includes(d.dow)) {
    ctx.o = { n: 1, elev: true, backdoor: rng.chance(0.5) };
    let t = Tl(base + rng.range(8, 14.5)); let node = OUT;
    const list = ['basement', 'laundry', 'garbage'];
    if (rng.chance(0.3)) list.push('storage'); if (rng.chance(0.3)) list.push('bike'); if (rng.chance(0.15)) list.push('attic');
    const repairAt = rng.chance(0.06) ? rng.int(0, list.length - 1) : -1;
    for (let k = 0; k < list.length; k++) {
      const r = list[k]; if (!bd.rooms[r]) continue;
      const B = room(r); t = go(ctx, node, B, t);
      const dd = (k === repairAt ? rng.range(30, 150) : rng.range(2, 12)) * MIN;
      stay(ctx, B, t, dd, BUSY); t += dd; node = B;
    }
    go(ctx, node, OUT, t);
  }
  // garbage truck / bin service (staff use the outer door of the garbage room)
  if (d.type === 0 && bd.truckDays.includes(d.dow) && bd.rooms.garbage.slot >= 0) {
    const t = Tl(base + bd.truckHour + rng.normal(0, 0.3));
    ctx.sink(bd.rooms.garbage.slot, t, t + rng.range(2, 9) * MIN, BUSY);
  }
  // elevator service (about every 4 weeks)
  if (bd.elevator && d.type === 0 && di % 28 === bd.elevServiceDay % 28) {
    ctx.o = { n: 1 }; const t = go(ctx, OUT, landing(0), Tl(base + rng.range(8, 12))); const dd = rng.range(45, 130) * MIN;
    stay(ctx, landing(0), t, dd, BUSY); go(ctx, landing(0), OUT, t + dd);
  }
  // neighbours chatting on a landing / in the entrance
  if (rng.chance(0.012 * sq * (d.type ? 1.4 : 1))) {
    const f = rng.int(0, F - 1); const node = rng.chance(0.4) ? ENT : landing(f);
    const t = Tl(base + rng.range(9.5, 20)); const dd = rng.range(5, 25) * MIN;
    stay(ctx, node, t, dd, IDLE); stay(ctx, node, t + rng.range(0, 60) * S, dd - 60 * S, IDLE);
  }
  // someone waiting in the entrance (taxi, friend, ride)
  if (rng.chance(0.011 * sq)) {
    const h = base + (rng.chance(0.6) ? rng.range(6.5, 9.3) : rng.range(16, 23));
    const f = rng.int(0, F - 1); ctx.o = { n: 1, elev: bd.elevator && f >= 2 };
    const t = go(ctx, apt(f), ENT, Tl(h)); const dd = rng.range(4, 16) * MIN; stay(ctx, ENT, t, dd, IDLE); go(ctx, ENT, OUT, t + dd);
  }
  // kids playing in the stairwell / basement on grey days
  const kidsHere = bd.households.reduce((s, hh) => s + hh.nYoung + hh.members.filter((m) => m.role === 'child').length, 0);
  if (kidsHere >= 3 && (d.rain || d.temp < 2) && rng.chance(0.09)) {
    const opts = [ENT, landing(0), landing(rng.int(0, F - 1)), room('basement')];
    const node = rng.pick(opts); const h = base + (d.type || !d.school ? rng.range(10, 18) : rng.range(14.5, 18.5));
    const t = Tl(h), dd = rng.range(10, 45) * MIN, k = rng.int(2, 4);
    for (let i = 0; i < k; i++) { const s0 = t + rng.range(0, 5) * MIN; stay(ctx, node, s0, Math.max(3 * MIN, dd - (s0 - t)), BUSY); }
  }
  // resident teen sitting on the stairs with the phone
  if (kidsHere >= 2 && rng.chance(0.008)) { const f = rng.int(0, F - 1); stay(ctx, landing(f), Tl(base + rng.range(15, 23.5)), rng.range(15, 40) * MIN, rng.chance(0.5) ? IDLE : STILL); }
  // rare innocent night-time stays: locked out waiting for a locksmith / partner, water-leak call-out
  if (rng.chance(0.0035)) {
    const f = rng.int(0, F - 1); const node = rng.chance(0.4) ? ENT : landing(f);
    ctx.o = { n: 1, elev: bd.elevator && f >= 2 };
    const t = go(ctx, OUT, node, Tl(base + rng.range(22.5, 26.5))); const dd = rng.range(20, 75) * MIN;
    stay(ctx, node, t, dd, IDLE); ctx.o = { n: 2, elev: bd.elevator && f >= 2 }; go(ctx, node, apt(f), t + dd);
  }
  if (rng.chance(0.0012)) {
    const node = rng.pick([room('basement'), room('laundry'), landing(rng.int(0, F - 1))]);
    if (node.type !== 'room' || bd.rooms[node.room]) {
      ctx.o = { n: rng.int(1, 2), elev: true, backdoor: true, carry: true };
      const t = go(ctx, OUT, node, Tl(base + rng.range(19, 29))); const dd = rng.range(30, 120) * MIN;
      stay(ctx, node, t, dd, BUSY); go(ctx, node, OUT, t + dd);
    }
  }
  // repairs: plumber, electrician, locksmith, ventilation check
  if (d.type === 0 && rng.chance(0.013)) {
    const nodes = [ENT, landing(rng.int(0, F - 1)), room('basement'), room('laundry'), room('storage')].filter((n) => n.type !== 'room' || bd.rooms[n.room]);
    const node = rng.pick(nodes); ctx.o = { n: rng.int(1, 2), elev: true, backdoor: true, carry: true };
    const t = go(ctx, OUT, node, Tl(base + rng.range(7.5, 14))); const dd = rng.range(30, 180) * MIN;
    stay(ctx, node, t, dd, BUSY); go(ctx, node, OUT, t + dd);
  }
}
function simulateLaundry(ctx) {
  const { bd, rng } = ctx;
  const L = bd.rooms.laundry; if (!L) return;
  const demand = bd.households.reduce((s, hh) => s + hh.laundryRate, 0);
  const base = Math.min(0.9, demand / (35 * bd.laundryCap));
  const SL = [[7, 10], [10, 13], [13, 16], [16, 19], [19, 22]];
  for (let di = 0; di < NDAYS; di++) {
    const d = days[di];
    for (const [s0, s1] of SL) for (let c = 0; c < bd.laundryCap; c++) {
      const pref = d.type !== 0 ? (s0 === 7 ? 0.6 : 1.25) : s0 >= 16 ? 1.3 : s0 === 7 ? 0.55 : 0.85;
      if (!rng.chance(clamp(base * pref, 0, 0.97))) continue;
      const ws = bd.households.map((hh) => hh.laundryRate * (hh.old ? (s0 < 16 ? 1.8 : 0.4) : (s0 >= 16 || d.type !== 0 ? 1.2 : 0.6)) * (hh.away.some(([a, z]) => di * 24 + s0 > a && di * 24 + s0 < z) ? 0 : 1));
      const hh = rng.wpick(bd.households, ws);
      booking(ctx, hh, di, s0, s1);
    }
  }
}
function booking(ctx, hh, di, s0, s1) {
  const { bd, rng } = ctx;
  if (rng.chance(0.05)) return;
  const Ln = room('laundry'), A = apt(hh.floor);
  let t = Tl(di * 24 + s0) + clamp(rng.logn(6, 0.9), 0, 45) * MIN;
  const end = Tl(di * 24 + s1);
  ctx.o = { n: 1, slow: hh.slow, elev: rng.chance(hh.elevP), carry: true };
  if (rng.chance(0.1)) {
    const dur = Math.max(25 * MIN, end - t - rng.range(0, 20) * MIN);
    trip(ctx, A, Ln, t, dur, rng.chance(0.3) ? BUSY : IDLE);
    bd.machineRuns.push([t + 5 * MIN, t + dur - 10 * MIN]);
    return;
  }
  const mstart = t + 5 * MIN; let lastStart = t;
  let v = rng.range(6, 15) * MIN; trip(ctx, A, Ln, t, v, BUSY);
  t += v + rng.range(35, 58) * MIN;
  for (let k = 0; k < 4 && t < end + 10 * MIN; k++) {
    const last = t + 50 * MIN > end + 10 * MIN;
    v = last ? rng.range(8, 25) * MIN : rng.range(4, 11) * MIN;
    ctx.o.elev = rng.chance(hh.elevP);
    trip(ctx, A, Ln, t, v, BUSY); lastStart = t;
    if (last) break;
    t += v + rng.range(38, 65) * MIN;
  }
  bd.machineRuns.push([mstart, lastStart]);
}

// ---------------------------------------------------------------- incidents (labelled)
const INCIDENTS = [];
const BENIGN = new Set(['cleaner', 'newspaper', 'moving']);
function newIncident(type, bd, extra = {}) {
  const inc = { type, bd, eps: new Map(), sites: new Set(), ...extra };
  INCIDENTS.push(inc);
  return inc;
}
function incCtx(inc, rng) {
  const tag = BENIGN.has(inc.type) ? 1 : 2;
  const sink = (slot, a, b, act) => {
    if (slot < 0 || !(b > a)) return;
    const e = { a, b, act, tag };
    SLOTS[slot].eps.push(e);
    let arr = inc.eps.get(slot); if (!arr) inc.eps.set(slot, (arr = []));
    arr.push(e);
  };
  return { bd: inc.bd, rng, sink, o: {} };
}

function genCleaner() {
  const rng = rngFor('cleaner');
  for (const bd of BUILDINGS) {
    if (!rng.chance(0.88)) continue;
    const wd = rng.int(0, 4), hr = rng.range(7.5, 13);
    const doBasement = rng.chance(0.5), doLaundry = rng.chance(0.55), doAttic = rng.chance(0.7);
    for (let w = 0; w * 7 < NDAYS; w++) {
      let di = w * 7 + ((wd - days[0].dow + 7) % 7);
      if (di >= NDAYS) continue;
      if (rng.chance(0.04)) continue;
      if (rng.chance(0.06)) di += 1;
      while (di < NDAYS && days[di].type !== 0) di++;
      if (di >= NDAYS) continue;
      const inc = newIncident('cleaner', bd); const ctx = incCtx(inc, rng);
      ctx.o = { n: 1, elev: true, carry: true };
      const F = bd.floors;
      let t = go(ctx, OUT, ENT, Tl(di * 24 + hr + rng.normal(0, 0.3)));
      const top = bd.attic && doAttic ? F : F - 1;
      t = travel(ctx, 0, top, t);
      let prevDur = 0;
      for (let f = top; f >= 0; f--) {
        const dur = rng.range(4, 9) * MIN;
        ctx.sink(stairSlot(bd, f), t - 0.4 * prevDur, t + dur, BUSY);
        t += dur; prevDur = dur;
      }
      const de = rng.range(8, 20) * MIN; ctx.sink(bd.slot.entrance, t, t + de, BUSY); t += de;
      let node = ENT;
      if (doBasement && rng.chance(0.85)) { const B = room('basement'); t = go(ctx, node, B, t); const dd = rng.range(8, 15) * MIN; stay(ctx, B, t, dd, BUSY); t += dd; node = B; }
      if (doLaundry && rng.chance(0.9)) { const B = room('laundry'); t = go(ctx, node, B, t); const dd = rng.range(10, 20) * MIN; stay(ctx, B, t, dd, BUSY); t += dd; node = B; }
      go(ctx, node, OUT, t);
    }
  }
}
function genNewspaper() {
  const rng = rngFor('newspaper');
  const order = rng.shuffle(BUILDINGS.filter((bd) => bd.households.some((hh) => hh.news)));
  const offs = []; let acc = 0;
  for (let k = 0; k < order.length; k++) { offs.push(acc); acc += rng.range(4, 9) / 60; }
  for (let di = 0; di < NDAYS; di++) {
    const d = days[di];
    if (rng.chance(0.015)) continue;
    const baseH = d.type === 0 ? 3.7 : 4.75;
    const shift = rng.normal(0, 0.1) + (rng.chance(0.07) ? rng.range(-0.25, 1.1) : 0);
    for (let k = 0; k < order.length; k++) {
      const bd = order[k];
      const subsFloors = [...new Set(bd.households.filter((hh) => hh.news).map((hh) => hh.floor))].sort((a, b) => b - a);
      const inc = newIncident('newspaper', bd); const ctx = incCtx(inc, rng);
      ctx.o = { n: 1, elev: true };
      const top = subsFloors[0];
      let t = go(ctx, OUT, landing(top), Tl(di * 24 + baseH + offs[k] + shift + rng.normal(0, 0.05)));
      for (let f = top; f >= 0; f--) {
        if (subsFloors.includes(f)) { const dd = rng.range(3, 9) * S; stay(ctx, landing(f), t, dd, WALK); t += dd; }
        if (f > 0) t = stairs(ctx, f, f - 1, t);
      }
      go(ctx, landing(0), OUT, t);
    }
  }
}
function genMoving() {
  const rng = rngFor('moving');
  const n = Math.max(1, Math.round(rng.int(8, 13) * opt.weeks / 10));
  const weights = BUILDINGS.map((bd) => bd.households.length);
  let made = 0, guard = 0;
  while (made < n && guard++ < 500) {
    const bd = rng.wpick(BUILDINGS, weights);
    const hh = rng.pick(bd.households);
    let di = rng.int(0, NDAYS - 1); const d = days[di];
    const monthTurn = d.d >= 28 || d.d <= 2;
    if (!(d.dow >= 5 || (monthTurn && d.type === 0 && rng.chance(0.5)))) continue;
    movingDay(rng, bd, hh, di);
    made++;
    if (rng.chance(0.6)) { // new tenant moves in later
      const di2 = di + rng.int(1, 16);
      if (di2 < NDAYS) { let dd = di2; while (dd < NDAYS - 1 && days[dd].dow < 5 && !(days[dd].d >= 28 || days[dd].d <= 2)) dd++; movingDay(rng, bd, hh, dd); made++; }
    }
  }
}
function movingDay(rng, bd, hh, di) {
  const inc = newIncident('moving', bd); const ctx = incCtx(inc, rng);
  const start = Tl(di * 24 + rng.range(8.3, 12)); const end = start + rng.range(2.5, 7) * H;
  const helpers = rng.int(2, 5); const A = apt(hh.floor);
  const lunch = start + rng.range(0.35, 0.6) * (end - start), lunchDur = rng.range(20, 45) * MIN;
  for (let k = 0; k < helpers; k++) {
    let t = start + rng.range(0, 20) * MIN;
    while (t < end) {
      if (t > lunch && t < lunch + lunchDur) { t = lunch + lunchDur; continue; }
      ctx.o = { n: 1, slow: 1.35, elev: bd.elevator && rng.chance(0.7), carry: true };
      t = go(ctx, A, OUT, t);
      t += rng.range(1, 4) * MIN;
      ctx.o = { n: 1, slow: 1.1, elev: bd.elevator && rng.chance(0.7), carry: false };
      t = go(ctx, OUT, A, t);
      t += rng.range(0.5, 4) * MIN;
    }
  }
  const nStage = rng.int(1, 4);
  for (let k = 0; k < nStage; k++) { const t = rng.range(start, end - 15 * MIN); stay(ctx, ENT, t, rng.range(3, 15) * MIN, IDLE); }
  for (const r of ['storage', 'attic']) {
    if (!bd.rooms[r] || !rng.chance(0.7)) continue;
    const trips = rng.int(2, 5);
    for (let k = 0; k < trips; k++) { ctx.o = { n: rng.int(1, 2), slow: 1.2, elev: bd.elevator, carry: true }; trip(ctx, A, room(r), rng.range(start, end - 20 * MIN), rng.range(2, 8) * MIN, BUSY); }
  }
}

// baseline rates (episodes per hour by day type and local hour), computed before anomalies are injected
function computeRates() {
  for (const sl of SLOTS) {
    const r = [new Float64Array(24), new Float64Array(24), new Float64Array(24)];
    for (const e of sl.eps) {
      const lh = localHourAbs(e.a); const di = Math.floor(lh / 24);
      if (di < 0 || di >= NDAYS) continue;
      r[days[di].type][Math.floor(lh - di * 24)] += 1;
    }
    for (let t = 0; t < 3; t++) for (let h = 0; h < 24; h++) r[t][h] /= Math.max(1, nDaysOfType[t]);
    sl.rate = r;
    let night = 0; for (let h = 0; h < 5; h++) night += (r[0][h] * 5 + r[1][h] + r[2][h]) / 7;
    sl.nightRate = night / 5; // episodes per hour 00-05
  }
}
function expectedEps(sl, a, b) {
  let sum = 0;
  for (let t = Math.floor(a / H) * H; t < b; t += H) {
    const lo = Math.max(a, t), hi = Math.min(b, t + H); if (hi <= lo) continue;
    const lh = localHourAbs(t + 1); const di = clamp(Math.floor(lh / 24), 0, NDAYS - 1);
    const hr = clamp(Math.floor(lh - di * 24), 0, 23);
    sum += sl.rate[days[di].type][hr] * ((hi - lo) / H);
  }
  return sum;
}

const SITE_USE = new Map();
const SITE_LAND_W = (bd, f) => (f >= bd.floors - 1 ? 2.6 : f === 0 ? 0.5 : 1);
function pickSite(rng, spaceW, opts = {}) {
  const cands = [], ws = [];
  for (const sl of SLOTS) {
    let w = spaceW[sl.space] || 0; if (!w) continue;
    if (sl.space === 'stairwell') { if (opts.topOnly && sl.floor < sl.b.floors - 1) continue; w *= SITE_LAND_W(sl.b, sl.floor); }
    w *= sl.b.problem;
    w /= (1 + 0.6 * (SITE_USE.get(sl) || 0)) * (1 + 0.12 * (SITE_USE.get(sl.b) || 0)); // incidents spread, but still cluster
    if (opts.quietNight) w /= 1 + 4 * sl.nightRate;
    cands.push(sl); ws.push(w);
  }
  if (!cands.length) return null;
  const sl = rng.wpick(cands, ws);
  SITE_USE.set(sl, (SITE_USE.get(sl) || 0) + 1); SITE_USE.set(sl.b, (SITE_USE.get(sl.b) || 0) + 1);
  return sl;
}
function siteNode(sl) {
  if (sl.space === 'entrance') return ENT;
  if (sl.space === 'stairwell') return landing(sl.floor);
  return room(sl.room);
}

const LOIT = [
  { name: 'youth-evening', w: 0.38, spaces: { stairwell: 3, entrance: 2.5, basement: 1.5, laundry: 1, 'bike-room': 1, storage: 0.4, 'garbage-room': 0.3, attic: 0.4 }, start: [18, 22.3], med: 55, sig: 0.45, lo: 20, hi: 170, group: [2, 6], repeat: 0.35 },
  { name: 'afternoon', w: 0.14, spaces: { entrance: 2, stairwell: 2, 'bike-room': 1, basement: 1 }, start: [13.5, 17], med: 40, sig: 0.4, lo: 18, hi: 110, group: [2, 5], repeat: 0.2 },
  { name: 'late-night', w: 0.26, spaces: { stairwell: 3, basement: 2, laundry: 1.5, attic: 1, storage: 0.7, 'bike-room': 1, entrance: 1, 'garbage-room': 0.3 }, start: [22.5, 26.3], med: 60, sig: 0.5, lo: 20, hi: 200, group: [1, 4], repeat: 0.3 },
  { name: 'sleeper', w: 0.12, spaces: { stairwell: 3, basement: 2, laundry: 1.5, attic: 1.5, 'bike-room': 1, entrance: 0.6 }, start: [23, 26.5], end: [29, 31.5], group: [1, 1], repeat: 0.7 },
  { name: 'day-single', w: 0.1, spaces: { basement: 1.5, 'bike-room': 1, stairwell: 1.5, 'garbage-room': 0.5, storage: 0.5, entrance: 1 }, start: [9.5, 16], med: 30, sig: 0.4, lo: 17, hi: 80, group: [1, 1], repeat: 0.15 },
];
function genLoitering() {
  const rng = rngFor('loitering');
  const target = Math.max(1, Math.round(rng.int(32, 46) * opt.weeks / 10));
  let count = 0, guard = 0;
  while (count < target && guard++ < 2000) {
    const sc = rng.wpick(LOIT, LOIT.map((x) => x.w));
    const sl = pickSite(rng, sc.spaces);
    if (!sl) continue;
    let di = rng.int(0, NDAYS - 1); const d = days[di];
    let acc = 1;
    if (sc.name === 'youth-evening') acc = (d.eve ? 1 : 0.55) * (d.rain || d.temp < 4 ? 1 : 0.7);
    if (sc.name === 'afternoon') acc = d.school ? 0.6 : 1;
    if (sc.name === 'late-night') acc = d.eve ? 1 : 0.45;
    if (!rng.chance(acc)) continue;
    const reps = rng.chance(sc.repeat) ? rng.int(2, sc.name === 'sleeper' ? 5 : 3) : 1;
    for (let r = 0; r < reps && count < target && di < NDAYS; r++) {
      loiterOnce(rng, sl, sc, di); count++;
      di += sc.name === 'sleeper' ? (rng.chance(0.75) ? 1 : 2) : rng.int(1, 8);
    }
  }
}
function loiterOnce(rng, sl, sc, di) {
  const bd = sl.b; const inc = newIncident('loitering', bd, { scenario: sc.name }); inc.sites.add(sl.idx);
  const ctx = incCtx(inc, rng); const node = siteNode(sl);
  const sh = di * 24 + rng.range(sc.start[0], sc.start[1]);
  const eh = sc.end ? di * 24 + rng.range(sc.end[0], sc.end[1]) : sh + clamp(rng.logn(sc.med, sc.sig), sc.lo, sc.hi) / 60;
  const n = rng.int(sc.group[0], sc.group[1]);
  const together = rng.chance(0.35);
  const backdoor = rng.chance(0.4);
  const T0 = Tl(sh), T1 = Tl(eh);
  for (let k = 0; k < n; k++) {
    ctx.o = { n: 1, elev: bd.elevator && rng.chance(0.5), backdoor };
    const a = T0 + (together ? rng.range(0, 40) * S : rng.range(0, 8) * MIN);
    let e = T1 - (together ? rng.range(0, 40) * S : rng.range(0, 8) * MIN);
    if (e < a + 12 * MIN) e = a + 12 * MIN;
    let t = go(ctx, OUT, node, a);
    while (t < e) {
      const act = sc.name === 'sleeper' ? STILL : sc.name === 'day-single' ? (rng.chance(0.5) ? STILL : IDLE) : sc.name === 'late-night' ? (rng.chance(0.7) ? IDLE : BUSY) : (rng.chance(0.5) ? BUSY : IDLE);
      let seg = e - t;
      if (n > 1 && sc.name !== 'sleeper' && rng.chance(0.3)) seg = Math.min(seg, rng.range(12, 40) * MIN);
      stay(ctx, node, t, seg, act); t += seg;
      if (t < e - 6 * MIN) { // steps out for a smoke / to fetch someone
        const t2 = go(ctx, node, OUT, t); t = go(ctx, OUT, node, t2 + rng.range(3, 10) * MIN);
      }
    }
    go(ctx, node, OUT, Math.max(t, e));
  }
}
function genStash() {
  const rng = rngFor('stash');
  const nC = Math.max(1, Math.round(rng.int(16, 26) * opt.weeks / 10));
  const spaces = { storage: 3, basement: 2.5, 'bike-room': 2, 'garbage-room': 2, attic: 1.5, stairwell: 1.2, laundry: 0.6 };
  let campaigns = 0;
  for (let c = 0; c < nC; c++) {
    const sl = pickSite(rng, spaces, { topOnly: true });
    if (!sl) continue;
    const bd = sl.b;
    const mode = rng.wpick(['night', 'dayquiet', 'evening', 'early'], [0.55, 0.2, 0.15, 0.1]);
    const span = rng.int(3, 12); const startDay = rng.int(0, Math.max(0, NDAYS - 3));
    const nN = Math.min(span, rng.int(2, 6));
    const nights = new Set(); let g = 0;
    while (nights.size < nN && g++ < 100) { const di = startDay + rng.int(0, span - 1); if (di < NDAYS && (mode !== 'dayquiet' || days[di].type === 0)) nights.add(di); }
    if (!nights.size) continue;
    const resident = rng.chance(0.25) ? rng.pick(bd.households) : null;
    const backdoor = rng.chance(0.5);
    const node = siteNode(sl);
    campaigns++;
    for (const di of [...nights].sort((x, y) => x - y)) {
      const inc = newIncident('stash', bd, { campaign: c, mode }); inc.sites.add(sl.idx);
      const ctx = incCtx(inc, rng);
      const [w0, w1] = mode === 'night' ? [21.5, 26] : mode === 'dayquiet' ? [9.5, 13] : mode === 'evening' ? [19, 22] : [4.5, 6];
      const ws = di * 24 + rng.range(w0, w1);
      const wl = mode === 'night' ? rng.range(1, 4) : mode === 'dayquiet' ? rng.range(1.5, 4) : mode === 'evening' ? rng.range(1, 3) : rng.range(0.5, 1.5);
      const k = rng.int(2, 8);
      const times = []; for (let i = 0; i < k; i++) times.push(ws + rng.u() * wl);
      times.sort((x, y) => x - y);
      let last = -1e9;
      for (const h of times) {
        let t = Tl(h); if (t < last + 4 * MIN) t = last + rng.range(4, 9) * MIN;
        const from = resident ? apt(resident.floor) : OUT;
        ctx.o = { n: 1, elev: bd.elevator && rng.chance(0.6), backdoor, slow: 1 };
        const dur = clamp(rng.logn(70, 0.6), 15, 300) * S;
        last = trip(ctx, from, node, t, dur, BUSY);
      }
    }
  }
  return campaigns;
}
function genNight() {
  const rng = rngFor('night');
  const target = Math.max(1, Math.round(rng.int(20, 32) * opt.weeks / 10));
  const SC = [['party', 0.3], ['youth-night', 0.28], ['drunk', 0.16], ['rummaging', 0.14], ['night-laundry', 0.12]];
  let count = 0, guard = 0;
  while (count < target && guard++ < 3000) {
    const sc = wpickPairs(rng, SC);
    const di = rng.int(0, NDAYS - 2); const d = days[di];
    if (!rng.chance(sc === 'party' ? (d.eve ? 1 : 0.15) : sc === 'youth-night' ? (d.eve ? 1 : 0.5) : 1)) continue;
    let ok = false;
    if (sc === 'party') ok = party(rng, di);
    else if (sc === 'youth-night') ok = youthNight(rng, di);
    else if (sc === 'drunk') ok = drunk(rng, di);
    else if (sc === 'rummaging') ok = rummaging(rng, di);
    else ok = nightLaundry(rng, di);
    if (ok) count++;
  }
}
function party(rng, di) {
  const sl = pickSite(rng, { entrance: 1.5, stairwell: 2 }, { quietNight: true });
  if (!sl) return false;
  const bd = sl.b;
  const k = sl.space === 'stairwell' ? clamp(sl.floor, 0, bd.floors - 1) : rng.int(0, bd.floors - 1);
  const inc = newIncident('night-disturbance', bd, { scenario: 'party' }); inc.sites.add(sl.idx);
  if (stairSlot(bd, k) >= 0) inc.sites.add(stairSlot(bd, k));
  const ctx = incCtx(inc, rng);
  const s = Tl(di * 24 + rng.range(23, 25.5)), e = s + rng.range(1.2, 3.5) * H;
  const A = apt(k), L = landing(k);
  const nG = rng.int(5, 14);
  for (let i = 0; i < nG; i++) {
    const t = s - 30 * MIN + rng.u() * (e - s + 30 * MIN);
    ctx.o = { n: rng.int(1, 4), slow: 1.15, elev: bd.elevator && rng.chance(0.5), intercom: rng.chance(0.3) };
    if (rng.chance(0.35)) go(ctx, OUT, A, t);
    else { const t1 = go(ctx, A, ENT, t); const dd = rng.chance(0.35) ? rng.range(1, 5) * MIN : 5 * S; stay(ctx, ENT, t1, dd, BUSY); go(ctx, ENT, OUT, t1 + dd); }
  }
  for (let t = s + rng.range(5, 25) * MIN; t < e; t += rng.range(12, 32) * MIN) { // smokers
    ctx.o = { n: rng.int(1, 3), slow: 1.1, elev: bd.elevator && rng.chance(0.5) };
    const t1 = go(ctx, A, ENT, t); const dd = rng.range(4, 11) * MIN;
    if (rng.chance(0.5)) stay(ctx, ENT, t1, dd, IDLE); else { const t2 = go(ctx, ENT, OUT, t1); go(ctx, OUT, ENT, t2 + dd); }
    go(ctx, ENT, A, t1 + dd + 10 * S);
  }
  const nl = rng.int(1, 4);
  for (let i = 0; i < nl; i++) stay(ctx, L, s + rng.u() * (e - s), rng.range(3, 15) * MIN, BUSY);
  return true;
}
function youthNight(rng, di) {
  const sl = pickSite(rng, { entrance: 2, stairwell: 2, laundry: 1, 'bike-room': 1, basement: 1, 'garbage-room': 0.5 }, { quietNight: true });
  if (!sl) return false;
  const bd = sl.b; const inc = newIncident('night-disturbance', bd, { scenario: 'youth-night' }); inc.sites.add(sl.idx);
  const ctx = incCtx(inc, rng); const node = siteNode(sl);
  const s = Tl(di * 24 + rng.range(23.5, 27.5)), span = rng.range(0.5, 2) * H;
  const members = rng.int(3, 8), backdoor = rng.chance(0.4);
  for (let m = 0; m < members; m++) {
    const visits = rng.int(1, 4);
    for (let v = 0; v < visits; v++) {
      ctx.o = { n: 1, backdoor, elev: false };
      const t = s + rng.u() * span; const dd = clamp(rng.logn(6, 0.6), 1, 14) * MIN;
      trip(ctx, OUT, node, t, dd, BUSY);
    }
  }
  return true;
}
function drunk(rng, di) {
  const sl = pickSite(rng, { entrance: 2, stairwell: 2 }, { quietNight: true });
  if (!sl) return false;
  const bd = sl.b; const inc = newIncident('night-disturbance', bd, { scenario: 'drunk' }); inc.sites.add(sl.idx);
  const ctx = incCtx(inc, rng);
  let t = Tl(di * 24 + rng.range(24.5, 28.5)); const end = t + rng.range(15, 60) * MIN;
  const n = rng.int(1, 2);
  let node = OUT;
  while (t < end) {
    ctx.o = { n, slow: 1.5, elev: false };
    const target = rng.chance(0.5) ? ENT : landing(sl.space === 'stairwell' ? sl.floor : rng.int(0, Math.min(2, bd.floors - 1)));
    if (target.type === node.type && target.floor === node.floor) { t += MIN; continue; }
    t = go(ctx, node, target, t); node = target;
    const dd = rng.range(0.5, 5) * MIN; stay(ctx, node, t, dd, rng.chance(0.5) ? BUSY : IDLE); t += dd;
    if (rng.chance(0.3)) { t = go(ctx, node, OUT, t); node = OUT; t += rng.range(1, 6) * MIN; }
  }
  if (node !== OUT) go(ctx, node, OUT, t);
  return true;
}
function rummaging(rng, di) {
  const sl = pickSite(rng, { 'garbage-room': 3, storage: 1.5, basement: 1.5, 'bike-room': 1, attic: 0.5 }, { quietNight: true });
  if (!sl) return false;
  const bd = sl.b; const inc = newIncident('night-disturbance', bd, { scenario: 'rummaging' }); inc.sites.add(sl.idx);
  const ctx = incCtx(inc, rng); const node = siteNode(sl);
  let t = Tl(di * 24 + rng.range(24.5, 28.5)); const k = rng.int(3, 8); const backdoor = rng.chance(0.6);
  for (let i = 0; i < k; i++) {
    ctx.o = { n: 1, backdoor, elev: false };
    t = trip(ctx, OUT, node, t, rng.range(1, 6) * MIN, BUSY) + rng.range(1, 8) * MIN;
  }
  return true;
}
function nightLaundry(rng, di) {
  const cands = SLOTS.filter((s) => s.space === 'laundry');
  if (!cands.length) return false;
  const sl = rng.wpick(cands, cands.map((s) => s.b.problem + 0.3));
  const bd = sl.b; const hh = rng.pick(bd.households);
  const inc = newIncident('night-disturbance', bd, { scenario: 'night-laundry' }); inc.sites.add(sl.idx);
  const ctx = incCtx(inc, rng); const Ln = room('laundry');
  let t = Tl(di * 24 + rng.range(23.2, 25.5)); const visits = rng.int(2, 4);
  const m0 = t;
  for (let i = 0; i < visits; i++) {
    ctx.o = { n: 1, elev: rng.chance(hh.elevP), carry: true };
    const v = rng.range(4, 15) * MIN;
    t = trip(ctx, apt(hh.floor), Ln, t, v, BUSY) + rng.range(30, 60) * MIN;
  }
  bd.machineRuns.push([m0 + 5 * MIN, t - 40 * MIN]);
  return true;
}

// ---------------------------------------------------------------- run the simulation
for (const bd of BUILDINGS) simulateLife(bd);
curTag = 1;
genCleaner(); genNewspaper(); genMoving();
computeRates();
genLoitering();
const stashCampaigns = genStash();
genNight();

// slot-level labels
// Site sensors of an anomaly get one label spanning the whole incident (for stash: the night's series).
// Benign deviations and the other sensors an anomaly touches are split into clusters of presence
// separated by > 20 min (e.g. a cleaner passing a landing on the way up and cleaning it later).
// For the non-site sensors of an anomaly, presence separated by > 45 min forms clusters, and each
// cluster is kept only if it shows (see header: a stay >= 5 min, or >= 3 distinct passes - people
// passing together within a minute count once - and >= 2x the normal expected count there).
function clusters(eps, gap) {
  const s = eps.slice().sort((x, y) => x.a - y.a); const out = []; let cur = null;
  for (const e of s) {
    if (cur && e.a <= cur.z + gap) { if (e.b > cur.z) cur.z = e.b; cur.n++; if (e.b - e.a > cur.maxStay) cur.maxStay = e.b - e.a; }
    else { cur = { a: e.a, z: e.b, n: 1, maxStay: e.b - e.a }; out.push(cur); }
  }
  return out;
}
const slotLabels = [];
for (const inc of INCIDENTS) {
  for (const [slot, eps] of inc.eps) {
    if (!BENIGN.has(inc.type) && inc.sites.has(slot)) {
      const c = clusters(eps, 1e15)[0];
      slotLabels.push({ slot, type: inc.type, a: c.a, z: c.z });
      continue;
    }
    if (BENIGN.has(inc.type)) {
      for (const c of clusters(eps, 20 * MIN)) slotLabels.push({ slot, type: inc.type, a: c.a, z: c.z });
      continue;
    }
    for (const c of clusters(eps, 45 * MIN)) {
      // distinct passes: people walking through together within a minute count once
      const inside = eps.filter((e) => e.a >= c.a && e.a <= c.z);
      const passes = clusters(inside, 60 * S).length;
      const ex = expectedEps(SLOTS[slot], c.a - 15 * MIN, c.z + 15 * MIN);
      if (c.maxStay >= 5 * MIN || (passes >= 3 && passes >= 2 * ex)) slotLabels.push({ slot, type: inc.type, a: c.a, z: c.z });
    }
  }
}

// ---------------------------------------------------------------- sensor rendering
const GAP = [0, 12 * S, 70 * S, 420 * S];      // mean gap between motion bursts by activity
const PDET = [1, 0.9, 0.72, 0.45];            // chance a burst is big enough for the PIR
const FLAPW = [0, 0.25, 0.7, 1.0];            // mmWave flap weight by activity
function renderPir(dev, eps, rng) {
  const p = dev.p; const iv = [];
  const lo = dev.from - H, hi = dev.to + H;
  for (const e of eps) {
    if (e.b < lo || e.a > hi) continue;
    if (e.act === WALK) { if (rng.u() < p.det) iv.push([e.a + rng.range(0, 1200), e.b]); continue; }
    if (rng.u() < p.det) iv.push([e.a, Math.min(e.b, e.a + 3 * S)]);
    const gap = GAP[e.act], pd = PDET[e.act] * p.det;
    let t = e.a + 3 * S + rng.exp(gap);
    while (t < e.b - 3 * S) { if (rng.u() < pd) iv.push([t, t + rng.range(0.5, 4) * S]); t += rng.exp(gap) + S; }
    if (rng.u() < p.det) iv.push([Math.max(e.a, e.b - 3 * S), e.b]);
  }
  // false triggers (sunlight on glass doors, radiators, drafts)
  for (let di = 0; di < NDAYS; di++) {
    const d = days[di];
    const k = rng.poisson(p.falseTrig * (d.sunny ? 1.6 : 0.7));
    for (let i = 0; i < k; i++) { const t = Tl(di * 24 + (rng.chance(0.6) ? rng.range(10, 18) : rng.range(0, 24))); iv.push([t, t + 300]); }
  }
  iv.sort((x, y) => x[0] - y[0]);
  const out = []; let occ = false, lastEt = -Infinity, ready = -Infinity;
  const T = p.timeout, B = p.blind;
  for (const [a, b] of iv) {
    let t = Math.max(a, ready);
    while (t <= b) {
      if (occ && lastEt + T < t) { out.push(lastEt + T, 0); occ = false; }
      const et = t + rng.range(150, 1200);
      if (!occ) { out.push(et, 1); occ = true; } else if (p.repeat) out.push(et, 1);
      lastEt = et; ready = t + B; t = ready;
    }
  }
  if (occ) out.push(lastEt + T, 0);
  return out;
}
function renderMmwave(dev, eps, rng) {
  const p = dev.p, F = p.fade, bd = dev.slot.b;
  const lo = dev.from - H, hi = dev.to + H;
  const pres = [];
  for (const e of eps) {
    if (e.b < lo || e.a > hi) continue;
    if (e.act === WALK && e.b - e.a < 2.5 * S && rng.chance(0.08)) continue;
    pres.push([e.a + rng.range(300, 2200), Math.max(e.b, e.a + 2500), e.act]);
  }
  pres.sort((x, y) => x[0] - y[0]);
  const merged = [];
  for (const [a, b, act] of pres) {
    const last = merged[merged.length - 1];
    const ex = (b - a) * FLAPW[act];
    if (last && a <= last[1] + F) { if (b > last[1]) last[1] = b; last[2] += ex; }
    else merged.push([a, b, ex]);
  }
  const out = [];
  for (const [s, e, ex] of merged) {
    out.push([s, 1]);
    const k = rng.poisson((p.flap * ex) / H);
    if (k > 0 && e - s > 20 * S) {
      const xs = []; for (let i = 0; i < k; i++) xs.push(s + 10 * S + rng.u() * (e - s - 15 * S));
      xs.sort((x, y) => x - y);
      let ret = -Infinity;
      for (const x of xs) { if (x < ret + 3 * S) continue; const back = x + rng.range(1.5, 15) * S; if (back > e) break; out.push([x, 0], [back, 1]); ret = back; }
    }
    out.push([e + F + rng.range(0, 2000), 0]);
  }
  // ghosts
  const cand = [];
  for (let di = 0; di < NDAYS; di++) {
    const w = p.windy ? days[di].wind * 1.5 : 1;
    const k = rng.poisson(p.ghost * w);
    for (let i = 0; i < k; i++) cand.push(Tl(di * 24 + (rng.chance(0.7) ? rng.range(6, 23) : rng.range(0, 24))));
  }
  if (p.machine > 0) for (const [a, b] of bd.machineRuns) {
    if (b <= a) continue; const k = rng.poisson(p.machine * (b - a) / H);
    for (let i = 0; i < k; i++) cand.push(a + rng.u() * (b - a));
  }
  cand.sort((x, y) => x - y);
  let gEnd = -Infinity, mi = 0;
  for (const g of cand) {
    const ge = g + F + rng.range(300, 8000);
    if (g < gEnd + 2 * S) continue;
    while (mi < merged.length && merged[mi][1] + F + 10 * S < g) mi++;
    if (mi < merged.length && merged[mi][0] - 10 * S < ge) continue; // overlaps a presence
    out.push([g, 1], [ge, 0]); gEnd = ge;
  }
  out.sort((x, y) => x[0] - y[0]);
  const flat = []; for (const [t, v] of out) flat.push(t, v);
  return flat;
}
function postProcess(dev, flat, rng) {
  // Zigbee/MQTT delivery latency + rare duplicate reports
  let ev = [];
  for (let i = 0; i < flat.length; i += 2) ev.push([flat[i] + rng.range(20, 600), flat[i + 1]]);
  ev.sort((x, y) => x[0] - y[0]);
  const dup = [];
  for (let i = 0; i < ev.length; i++) {
    dup.push(ev[i]);
    if (rng.chance(0.002)) { const nt = ev[i][0] + rng.range(80, 2500); if (i + 1 >= ev.length || nt < ev[i + 1][0]) dup.push([nt, ev[i][1]]); }
  }
  ev = dup;
  // outages: silent; after rejoin the device often re-reports its current state
  const outs = dev.outages.slice().sort((x, y) => x[0] - y[0]);
  if (outs.length) {
    const kept = []; const reports = [];
    for (const [a, z] of outs) {
      if (!rng.chance(0.65)) continue;
      let st = 0; for (const e of ev) { if (e[0] > z) break; st = e[1]; }
      reports.push([z + rng.range(1, 40) * S, st]);
    }
    for (const e of ev) if (!outs.some(([a, z]) => e[0] >= a && e[0] <= z)) kept.push(e);
    for (const r of reports) if (!outs.some(([a, z]) => r[0] >= a && r[0] <= z)) kept.push(r);
    kept.sort((x, y) => x[0] - y[0]);
    ev = kept;
  }
  const lo = Math.max(FROM, dev.from), hi = Math.min(TO, dev.to);
  const ts = [], vs = [];
  let prev = -Infinity;
  for (const [t0, v] of ev) {
    let t = Math.round(t0);
    if (t < lo || t >= hi) continue;
    if (t <= prev) t = prev + 1;
    if (t >= hi) continue;
    ts.push(t); vs.push(v); prev = t;
  }
  return { ts, vs };
}
for (const sl of SLOTS) sl.eps.sort((x, y) => x.a - y.a);
for (const dev of DEVICES) {
  const rng = rngFor('render', dev.id);
  const flat = dev.kind === 'pir' ? renderPir(dev, dev.slot.eps, rng) : renderMmwave(dev, dev.slot.eps, rng);
  const { ts, vs } = postProcess(dev, flat, rng);
  dev.ts = ts; dev.vs = vs;
}

// device-level labels
function hasEvent(dev, a, z) {
  const ts = dev.ts; let lo = 0, hi = ts.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (ts[mid] < a) lo = mid + 1; else hi = mid; }
  return lo < ts.length && ts[lo] <= z;
}
const labels = [];
const dropped = {};
for (const L of slotLabels) {
  for (const dev of SLOTS[L.slot].devices) {
    const a = Math.max(Math.round(L.a), dev.from, FROM);
    const z = Math.min(Math.round(L.z + dev.offDelay + 5 * S), dev.to, TO);
    if (z <= a) continue;
    if (!hasEvent(dev, a, z)) { dropped[L.type] = (dropped[L.type] || 0) + 1; continue; }
    labels.push({ sensor: dev.id, type: L.type, start: a, end: z });
  }
}
labels.sort((x, y) => x.start - y.start || (x.sensor < y.sensor ? -1 : x.sensor > y.sensor ? 1 : 0));

// ---------------------------------------------------------------- output
const outDir = resolve(opt.out);
mkdirSync(outDir, { recursive: true });
{
  const devs = DEVICES.slice().sort((x, y) => (x.id < y.id ? -1 : 1));
  const rank = new Map(devs.map((d, i) => [d, i]));
  let total = 0; for (const d of devs) total += d.ts.length;
  const T = new Float64Array(total), R = new Uint16Array(total), V = new Uint8Array(total), idx = new Uint32Array(total);
  let k = 0;
  for (const d of devs) { const r = rank.get(d); for (let i = 0; i < d.ts.length; i++) { T[k] = d.ts[i]; R[k] = r; V[k] = d.vs[i]; idx[k] = k; k++; } }
  idx.sort((x, y) => T[x] - T[y] || R[x] - R[y] || x - y);
  const chunks = ['ts,sensor,occupied\n']; let buf = [];
  for (let i = 0; i < total; i++) {
    const j = idx[i];
    buf.push(`${T[j]},${devs[R[j]].id},${V[j]}`);
    if (buf.length >= 50000) { chunks.push(buf.join('\n') + '\n'); buf = []; }
  }
  if (buf.length) chunks.push(buf.join('\n') + '\n');
  writeFileSync(join(outDir, 'events.csv'), chunks.join(''));
  var totalRows = total;
}
{
  const sensors = {};
  for (const d of DEVICES.slice().sort((x, y) => (x.id < y.id ? -1 : 1))) sensors[d.id] = { space: d.slot.space, kind: d.kind, address: d.slot.b.address };
  writeFileSync(join(outDir, 'sensors.json'), JSON.stringify(sensors, null, 2) + '\n');
}
writeFileSync(join(outDir, 'labels.json'), JSON.stringify(labels, null, 1) + '\n');
writeFileSync(join(outDir, 'meta.json'), JSON.stringify({ from: FROM, to: TO, learnedFrom: LEARNED }, null, 2) + '\n');

if (!opt.quiet) {
  const byType = {}, scored = {};
  for (const l of labels) { byType[l.type] = (byType[l.type] || 0) + 1; if (l.start >= LEARNED) scored[l.type] = (scored[l.type] || 0) + 1; }
  const incBy = {}; for (const inc of INCIDENTS) incBy[inc.type] = (incBy[inc.type] || 0) + 1;
  const ms = Number(process.hrtime.bigint() - RUN_T0) / 1e6;
  const lines = [
    `estate3 seed=${SEED} ${opt.start} +${NDAYS}d -> ${outDir}`,
    `buildings=${BUILDINGS.length} households=${BUILDINGS.reduce((s, b) => s + b.households.length, 0)} sensors=${DEVICES.length} (pir=${DEVICES.filter((d) => d.kind === 'pir').length}, mmwave=${DEVICES.filter((d) => d.kind === 'mmwave').length}) rows=${totalRows}`,
    `incidents: ${Object.entries(incBy).map(([k, v]) => `${k}=${v}`).join(' ')} stash-campaigns=${stashCampaigns}`,
    `labels: ${Object.entries(byType).sort().map(([k, v]) => `${k}=${v}`).join(' ')} (after learnedFrom: ${Object.entries(scored).sort().map(([k, v]) => `${k}=${v}`).join(' ')}; dropped as invisible (outage/masked): ${JSON.stringify(dropped)})`,
    `runtime ${(ms / 1000).toFixed(2)} s`,
  ];
  process.stderr.write(lines.join('\n') + '\n');
}
