#!/usr/bin/env node
/*
 * summer.mjs — synthetic presence-sensor data for a Stockholm rental estate in summer
 * ==================================================================================
 *
 * Usage:  node summer.mjs --seed N --out DIR [--quiet]
 * Writes DIR/events.csv, DIR/sensors.json, DIR/labels.json, DIR/meta.json.
 * Plain ES module, node: built-ins only, its own seeded PRNG (sfc32, one named
 * sub-stream per concern), never Math.random and never the clock: the same seed
 * gives byte-identical files.
 *
 * PERIOD AND TIME
 *   Monday 31 May 2027 00:00 to Monday 16 August 2027 00:00, Europe/Stockholm
 *   (77 days = 11 weeks). Learning period: the first 14 days, to Monday 14 June
 *   00:00 (meta.learnedFrom). Local time is turned into epoch ms with the real EU
 *   rule (CEST from the last Sunday of March 01:00 UTC to the last Sunday of October
 *   01:00 UTC). The whole period happens to lie in CEST, so the offset is +02:00
 *   throughout; there is no DST transition inside it, but nothing assumes that.
 *
 * CALENDAR 2027 (what summer does to the estate)
 *   - School term until Fri 11 June (skolavslutning: short morning, parents off).
 *     Pupils 7-15 and teens 16-19 then have sommarlov: no 07:45 school run, many
 *     short in/out trips from mid-morning, and light-night curfews (kids to 21-22,
 *     teens to 23-02). So the learning period is mostly term time and the regime
 *     changes right at learnedFrom: that change is the nature of summer.
 *   - Sun 6 June nationaldagen (free day).
 *   - Tue 8 - Thu 10 June studenten: 1-2 households have a graduate: family out for
 *     the utspring, a mottagning with 10-50 guests arriving in waves, and the
 *     graduate coming home at 01-05 with friends who chat in the entrance.
 *   - Midsommarafton Fri 25 June, midsommardagen Sat 26 June: an exodus on
 *     Thursday evening/Friday morning, for those who stay an afternoon at the
 *     maypole, guests, and groups coming home 23-04; a dead quiet morning after.
 *   - Industrisemester, weeks 28-31 (12 July - 8 Aug): most workers' 3-5 week
 *     vacation falls around it (home-vacation days behave like weekends); 55-80 %
 *     of working households travel for 1-3 weeks, teens of 16+ sometimes stay home
 *     alone. Retirees may live at the summer cottage June-August (with a visit home
 *     in between), students go home to their parents and half of them sublet the
 *     flat. At the late-July low only 60-70 % of the flats have anyone at home at
 *     noon (printed per seed), and traffic falls well below the learned level. Away flats get plant-watering
 *     neighbours every 2-4 days; departures (car loaded in 2-4 trips, storage or
 *     attic visited the evening before to fetch suitcases or camping gear) and
 *     returns (unloading, sometimes after midnight after a long drive) are scripted.
 *   - Moving season: contracts turn over on 1 July and 1 August (and 1 June,
 *     mid-August for students): move-out on the last day of the month, move-in on
 *     the first, with the storage room emptied. New tenants have new rhythms
 *     (e.g. a shift worker). Sublets start and end with a couple of suitcase trips.
 *   - Thu 14:00 seniors' fika in the common room during term only (stops at
 *     midsommar): a learned weekly presence that simply disappears.
 *   - Kräftskiva on Sat 14 Aug in the bookable common room (until 01:00).
 *   - Summer jobs: some teens have a 3-4 week feriejobb (07:00 starts); the
 *     regular cleaner, newspaper carrier, postman and caretaker go on vacation and
 *     are replaced by substitutes on other days and times.
 *
 * WEATHER (generated per seed, daily)
 *   Climatological Tmax (19 -> 23 -> 21.5 C) plus an AR(1) anomaly, one or two heat
 *   waves (3-9 days, 27-33 C), rain days (~30 %) and afternoon thunderstorms
 *   on warm days. Heat: more evening and late-night outings (it is too hot to
 *   sleep), beach days, garbage taken out more often (smell), more laundry, food
 *   deliveries, entrance doors propped open (brief presences by passers-by and
 *   kids), the common room opened as a "svalrum" for elderly tenants (people
 *   sitting quietly for 1-3 h on a weekday afternoon), and attic PIRs that go half
 *   blind in the afternoon heat (little thermal contrast at 35 C). Rain: fewer bike
 *   trips and outings, children playing in the stairwell. Thunderstorm: people rush
 *   home before it, and the Zigbee coordinator of a building may go down for
 *   0.3-3 h (power glitch) -> no messages at all from that building.
 *
 * ESTATE
 *   Two buildings on two streets (names per seed, e.g. "Midsommarvägen 4"):
 *   A) a 1950s lamellhus, 3-5 ports, 3-4 floors, 3 flats/floor, no lift, attic
 *      storage (vindsförråd); B) a 1960s lamellhus, 3-4 ports, 5-8 floors, 3-4
 *      flats/floor, lift. Floor 0 is the entrance floor. Basements of a building
 *      are connected (kulvert), so people walk through other ports' basement
 *      corridors to reach the shared laundry and bike room. Each building has a
 *      laundry (B may have two), a bike room (outer door + basement access) and an
 *      outdoor garbage house (miljöhus); the estate has one bookable common room.
 *   Per port: an entrance sensor; stairwell sensors on the floor-1 landing, the top
 *   landing and (tall ports) a middle landing; a basement corridor, the storage
 *   corridor (förrådsgång); an attic sensor in building A; in half of building B's
 *   ports a pram room (barnvagnsrum, space "other": prams of families with small
 *   children, quiet in July when the förskola is closed). About 45-80 sensors.
 *   Residents: ~70-190 households of 9 types (single workers, couples, families,
 *   single parents, retirees, students/young adults, people at home, shift
 *   workers), each person with habitual times; dogs (3 walks a day, the last one
 *   later in the light nights), outdoor smokers, bike users, newspaper
 *   subscribers, guests, food deliveries, garbage, storage and attic trips, and
 *   laundry bookings in 3-hour slots 07-22.
 *
 * SENSORS (how presence becomes events)
 *   PIR (battery Zigbee; profiles like Aqara: 60 s blind time, 90 s timeout,
 *   re-sends occupied=1 on each new detection; Hue-like: 10 s blind, 60 s timeout,
 *   state changes only; IKEA-like: 30 s blind, 180 s timeout). It only sees motion:
 *   a walk-by is missed with a few % probability, a still person is seen only when
 *   they move (a sleeper every 3-10 min), so long stays come out as on/off trains.
 *   mmWave radar (mains-powered, FP1-like or Tuya-like): occupied=1 about 1-2 s
 *   after someone appears, 0 after a hold time of 10-60 s with no one; sees still
 *   people but loses a sleeper now and then (0 then 1 again); ghost detections
 *   (vibrating tumble dryers in the laundry, wind in a propped door); one unit per
 *   seed is badly tuned and flaps (quick 0/1 toggles) while someone is there.
 *   Message loss 0.2-4 % per sensor (worse in basements, attic, the garbage house
 *   across the yard), 0.2 % duplicated messages, building-wide coordinator
 *   outages, one PIR whose battery dies (rising loss for days, then silence until
 *   the caretaker replaces it — late if it happens during his vacation), and on
 *   some seeds one radar unplugged for a day or two.
 *
 * LABELS (what I label, and what I deliberately leave unlabelled)
 *   Anomalies — only after learnedFrom, never on a dead sensor:
 *   - loitering: youths hanging out on the top landing, in the basement corridor,
 *     the bike room or the entrance hall on summer evenings 20:30-01:30, 40-150 min,
 *     3-6 evenings within 10 days (one label per evening); a rough sleeper in the
 *     attic, basement, storage, bike room or on the top landing 23-06, 2-5 nights;
 *     someone waiting (selling, or waiting for a particular tenant) 20-75 min in the
 *     entrance or on a landing, several afternoons/evenings.
 *   - stash: one or two stashes (storage corridor, bike room, garbage house, attic,
 *     basement) used for 6-14 days: 2.5-6 sessions a day (more before weekends) of
 *     1-3 visits minutes apart (the keeper, customers), 20-100 s each, 55 % of
 *     sessions 20:00-03:00, 15 % at odd hours. One label per burst of visits
 *     (visits < 60 min apart are merged), first arrival to last departure.
 *   - night-disturbance: a party on a landing (Fri/Sat, from 23:00-02:00, 1-3 h);
 *     2-4 fights (4-18 min, very intense, 00:30-04:00) in the entrance or on the
 *     floor-1 landing; always a storage-room burglary tour in the industrisemester
 *     (1-3 ports of one building in one night; the basement corridor where they
 *     search and the storage corridor where they break cages are both labelled);
 *     often bike theft at night, an attic break-in attempt, a noisy group of
 *     outsiders in the entrance at 01-03:30.
 *   Rough sleepers appear in about two seeds of three; two anomalies never share a
 *   sensor within an hour of each other.
 *   Benign deviations (labelled so that a false alarm on them can be counted):
 *   - cleaner: every sensor span of the stairwell cleaning (weekly, per building on
 *     its weekday; basement corridors and laundry every other week) including the
 *     industrisemester substitute who comes on another weekday, mostly after lunch
 *     or at 06:30, faster, and to building B only every other week.
 *   - newspaper: every sensor span of the daily morning round (04:00-04:20, Sundays
 *     04:25-04:55; from 5 July to 8 August a substitute comes 04:35-05:50 in a
 *     random port order; ports where every subscriber has paused delivery for the
 *     vacation are skipped). These labels are many (one per sensor and morning),
 *     which is what the round is: a daily benign night-time presence.
 *   Benign labels are kept in the learning period too; a benign label on a sensor
 *   that is dead or cut off for its whole span is dropped.
 *   - moving: every sensor span of a move-out or move-in (hours of carrying, door
 *     propped, storage emptied).
 *   Unlabelled on purpose (residents' life and the hard negatives): studenten,
 *   midsommar nights, light-night teens out till 02, late returns from vacation
 *   with unloading after midnight, shift workers, dog walks at 23:30, smokers,
 *   children playing in the stairwell on rainy days, neighbours chatting on the
 *   landing, the svalrum during heat waves, the booked kräftskiva and parties in
 *   the common room until 01:00, the studentfest, plant-watering neighbours,
 *   sublet arrivals, pre-vacation storage/attic trips, early heat-wave laundry,
 *   garbage collection at 06:00, the postman (every other weekday, alternating
 *   weeks), advertising distribution, the caretaker, a contractor repainting one
 *   port's stairwell for 4 days (I would rather the detector be blamed for that
 *   than hide it: a housing company knows about it, the detector does not),
 *   and all sensor faults (outages, battery death, ghosts, flapping).
 *   A label names the sensor where the thing happens and the span from its
 *   first to last presence there; passes through other sensors on the way in or
 *   out (an outsider walking through the entrance) are not labelled, they look
 *   like anyone else passing.
 *
 * OUTPUT: ts are integer epoch ms; one sensor's messages are strictly increasing;
 * events.csv is sorted by ts (ties by sensor creation order). Labels are sorted
 * by start. Without --quiet a summary (estate, counts, weather, faults, the list
 * of injected anomalies, the share of flats occupied) goes to stdout.
 *
 * KNOWN SIMPLIFICATIONS: no physical simulation of door codes or lifts, fields of
 * view are reduced to "in view for a few seconds when passing", sensors never
 * see each other's areas, small children are not tracked (they go with adults),
 * households keep one habitual rhythm with noise, the weather is one value per
 * day (plus a thunderstorm window), and the Zigbee network is one coordinator per
 * building with no retries or rejoin bursts.
 */

import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

// ------------------------------------------------------------------ CLI
function parseArgs(argv) {
  const a = { seed: null, out: null, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--seed') a.seed = argv[++i];
    else if (k.startsWith('--seed=')) a.seed = k.slice(7);
    else if (k === '--out') a.out = argv[++i];
    else if (k.startsWith('--out=')) a.out = k.slice(6);
    else if (k === '--quiet') a.quiet = true;
    else { console.error(`unknown argument ${k}`); process.exit(2); }
  }
  if (a.seed == null || a.out == null || !/^-?\d+$/.test(String(a.seed))) {
    console.error('usage: node summer.mjs --seed N --out DIR [--quiet]');
    process.exit(2);
  }
  a.seed = Number(BigInt.asUintN(32, BigInt(a.seed)));
  return a;
}
const ARGS = parseArgs(process.argv.slice(2));
const SEED = ARGS.seed;

// ------------------------------------------------------------------ PRNG
function fnv1a(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) { h ^= str.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}
function mix32(x) {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
class Rng {
  constructor(seed, name) {
    const h = fnv1a(String(name));
    const s = mix32((seed >>> 0) ^ 0x9e3779b9) ^ h;
    this.a = mix32(s ^ 0x1234567) | 1; this.b = mix32((s + 0x6a09e667) | 0);
    this.c = mix32(s ^ 0xbb67ae85); this.d = mix32((s + h) ^ 0x3c6ef372);
    for (let i = 0; i < 16; i++) this.next();
  }
  next() { // sfc32
    let a = this.a | 0, b = this.b | 0, c = this.c | 0, d = this.d | 0;
    const t0 = (a + b) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11); d = (d + 1) | 0; const t = (t0 + d) | 0; c = (c + t) | 0;
    this.a = a; this.b = b; this.c = c; this.d = d;
    return (t >>> 0) / 4294967296;
  }
  u(a, b) { return a + (b - a) * this.next(); }
  int(a, b) { return a + Math.floor(this.next() * (b - a + 1)); }
  chance(p) { return this.next() < p; }
  normal(m = 0, s = 1) { const u = 1 - this.next(), v = this.next(); return m + s * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v); }
  exp(mean) { return -mean * Math.log(1 - this.next()); }
  pick(arr) { return arr[Math.floor(this.next() * arr.length)]; }
  wpick(pairs) { let tot = 0; for (const p of pairs) tot += p[1]; let r = this.next() * tot; for (const p of pairs) { r -= p[1]; if (r < 0) return p[0]; } return pairs[pairs.length - 1][0]; }
  poisson(l) { if (l <= 0) return 0; if (l > 30) return Math.max(0, Math.round(this.normal(l, Math.sqrt(l)))); const L = Math.exp(-l); let k = 0, p = 1; do { k++; p *= this.next(); } while (p > L); return k - 1; }
  shuffle(arr) { for (let i = arr.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [arr[i], arr[j]] = [arr[j], arr[i]]; } return arr; }
  hex(n) { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.next() * 16)]; return s; }
}
const R = (name) => new Rng(SEED, name);
const clamp = (x, a, b) => Math.max(a, Math.min(b, x));

// ------------------------------------------------------------------ time (Europe/Stockholm)
const SEC = 1000, MINUTE = 60 * SEC, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
const dstCache = new Map();
function lastSundayUtc01(y, m) { const last = new Date(Date.UTC(y, m + 1, 0)); return Date.UTC(y, m, last.getUTCDate() - last.getUTCDay(), 1); }
function isDst(t) {
  const y = new Date(t).getUTCFullYear();
  let b = dstCache.get(y);
  if (!b) { b = [lastSundayUtc01(y, 2), lastSundayUtc01(y, 9)]; dstCache.set(y, b); }
  return t >= b[0] && t < b[1];
}
// "naive" = local wall-clock time written as if it were UTC
function naiveToUtc(n) { const c = n - 2 * HOUR; return isDst(c) ? c : n - HOUR; }
function utcToNaive(t) { return t + (isDst(t) ? 2 : 1) * HOUR; }
const START_NAIVE = Date.UTC(2027, 4, 31); // Monday 31 May 2027 00:00 local
const NDAYS = 77, LEARN_DAYS = 14;
const TA = (ah) => naiveToUtc(START_NAIVE + ah * HOUR); // absolute local hours since start -> epoch ms
const FROM = TA(0), TO = TA(NDAYS * 24), LEARNED = TA(LEARN_DAYS * 24);
const localAH = (t) => (utcToNaive(t) - START_NAIVE) / HOUR;

// ------------------------------------------------------------------ calendar
const CAL = {
  nationaldagen: 6, studentDays: [8, 9, 10], skolavslutning: 11,
  midsommarafton: 25, midsommardagen: 26, semFrom: 42, semTo: 70, kraftskiva: 75,
};
function sunsetH(d) { // CEST sunset in Stockholm, piecewise linear
  const pts = [[0, 21.8], [21, 22.13], [45, 21.85], [62, 21.2], [77, 20.7]];
  for (let i = 1; i < pts.length; i++) if (d <= pts[i][0]) { const [x0, y0] = pts[i - 1], [x1, y1] = pts[i]; return y0 + (y1 - y0) * (d - x0) / (x1 - x0); }
  return 20.7;
}

// ------------------------------------------------------------------ weather
function makeWeather(rng) {
  const clim = (d) => d < 21 ? 19 + 2.5 * d / 21 : d < 45 ? 21.5 + 1.5 * (d - 21) / 24 : 23 - 1.5 * (d - 45) / 32;
  const boost = new Array(NDAYS + 2).fill(0);
  const spells = [];
  const s1 = rng.int(18, 42), l1 = rng.int(4, 9); spells.push([s1, l1]);
  if (rng.chance(0.6)) { const s2 = rng.int(Math.min(s1 + l1 + 6, 66), 68); spells.push([s2, rng.int(3, 6)]); }
  for (const [s, l] of spells) for (let k = 0; k < l; k++) if (s + k < NDAYS) boost[s + k] = Math.max(boost[s + k], rng.u(6.5, 10) * (k === 0 || k === l - 1 ? 0.7 : 1));
  const W = []; let an = rng.normal(0, 2);
  for (let d = 0; d < NDAYS; d++) {
    an = 0.7 * an + rng.normal(0, 2.0);
    const tmax = clim(d) + an * (boost[d] > 0 ? 0.3 : 1) + boost[d];
    const heat = tmax >= 27;
    const lastOfSpell = heat && boost[d + 1] === 0;
    let rain = rng.chance(clamp(0.28 + (tmax < 19 ? 0.15 : 0) - (heat ? 0.18 : 0), 0.05, 0.6));
    let thunder = null;
    if (tmax >= 24.5 && rng.chance(lastOfSpell ? 0.7 : heat ? 0.25 : 0.15)) {
      const h0 = rng.u(13.5, 19); thunder = [h0, h0 + rng.u(0.8, 2.5)]; rain = true;
    }
    W.push({ tmax: Math.round(tmax * 10) / 10, heat, rain, thunder, tropical: heat && rng.chance(0.5) });
  }
  return W;
}
const WEATHER = makeWeather(R('weather'));
const CX = [];
for (let d = 0; d < NDAYS + 1; d++) {
  const wd = d % 7; // 0 = Monday
  const holiday = d === CAL.nationaldagen || d === CAL.midsommarafton || d === CAL.midsommardagen;
  const w = WEATHER[Math.min(d, NDAYS - 1)];
  const ss = sunsetH(d);
  CX.push({
    d, wd, holiday, free: wd >= 5 || holiday,
    school: d <= CAL.skolavslutning && wd < 5 && !holiday,
    summer: d > CAL.skolavslutning, sem: d >= CAL.semFrom && d < CAL.semTo,
    light: clamp((ss - 20.5) / 1.6, 0, 1), sunset: ss,
    heat: w.heat, rain: w.rain, thunder: w.thunder, tropical: w.tropical, tmax: w.tmax,
  });
}
for (let d = 0; d < NDAYS; d++) CX[d].nextFree = CX[d + 1].free;

// ------------------------------------------------------------------ estate and sensors
const STREETS = ['Midsommarvägen', 'Sommarvägen', 'Ljusnattsgatan', 'Klövervägen', 'Hägervägen', 'Blåklintsvägen', 'Vallmovägen', 'Syrenvägen', 'Fläderstigen', 'Kornvägen'];
const SENSORS = [];
const usedIds = new Set();
const PIR_PROFILES = {
  aqara: { vendor: '00158d000', blind: 60 * SEC, timeout: 90 * SEC, repeat: true, pDet: 0.93 },
  hue: { vendor: '0017880106', blind: 10 * SEC, timeout: 60 * SEC, repeat: false, pDet: 0.96 },
  ikea: { vendor: '000d6ffffe', blind: 30 * SEC, timeout: 180 * SEC, repeat: true, pDet: 0.9 },
};
const RADAR_PROFILES = {
  fp1: { vendor: '54ef4410', hold: [20, 40], ghost: 0.03, stillDrop: 0.6 },
  tuya: { vendor: 'a4c13800', hold: [10, 60], ghost: 0.08, stillDrop: 1.6 },
};
const BASE_DROP = { stairwell: 0.003, entrance: 0.003, basement: 0.012, storage: 0.015, attic: 0.02, laundry: 0.008, 'bike-room': 0.012, 'garbage-room': 0.03, other: 0.005 };
const RADAR_SHARE = { stairwell: 0.35, entrance: 0.45, basement: 0.25, storage: 0.3, attic: 0.15, laundry: 0.5, 'bike-room': 0.3, 'garbage-room': 0.2, other: 0.5 };

function addSensor(rng, space, address, extra) {
  const kind = rng.chance(RADAR_SHARE[space]) ? 'mmwave' : 'pir';
  let prof, profName;
  if (kind === 'pir') { profName = rng.wpick([['aqara', 0.55], ['hue', 0.25], ['ikea', 0.2]]); prof = PIR_PROFILES[profName]; }
  else { profName = rng.wpick([['fp1', 0.5], ['tuya', 0.5]]); prof = RADAR_PROFILES[profName]; }
  let id;
  do { id = '0x' + prof.vendor + rng.hex(16 - prof.vendor.length); } while (usedIds.has(id));
  usedIds.add(id);
  const s = {
    si: SENSORS.length, id, space, kind, address, profName, prof,
    hold: kind === 'mmwave' ? rng.u(prof.hold[0], prof.hold[1]) * SEC : 0,
    ghostRate: kind === 'mmwave' ? prof.ghost * rng.u(0.5, 1.5) : 0,
    flapRate: 0, drop: BASE_DROP[space] * rng.u(0.5, 1.5),
    extraGhost: [], dead: [], ramp: null, ...extra,
  };
  SENSORS.push(s);
  return s;
}

function buildEstate(rng) {
  const names = rng.shuffle(STREETS.slice()).slice(0, 2);
  const blds = [
    { id: 0, street: names[0], floors: rng.int(3, 4), perFloor: 3, lift: false, attic: true, nPorts: rng.int(3, 6), firstNo: 2, step: 2 },
    { id: 1, street: names[1], floors: rng.int(5, 8), perFloor: rng.int(3, 4), lift: true, attic: false, nPorts: rng.int(3, 5), firstNo: 1, step: 2 },
  ];
  const ports = [], apts = [];
  for (const b of blds) {
    b.ports = [];
    for (let k = 0; k < b.nPorts; k++) {
      const address = `${b.street} ${b.firstNo + k * b.step}`;
      const port = { idx: ports.length, k, building: b, address, floors: b.floors, lift: b.lift, bve: rng.chance(0.6), stairs: [], apts: [] };
      port.entrance = addSensor(rng, 'entrance', address, { port }).si;
      const fl = [1]; if (b.floors >= 5) fl.push(Math.round((b.floors - 1) / 2)); fl.push(b.floors - 1);
      for (const f of fl) port.stairs.push({ si: addSensor(rng, 'stairwell', address, { port, floor: f }).si, floor: f });
      port.basement = addSensor(rng, 'basement', address, { port }).si;
      port.storage = addSensor(rng, 'storage', address, { port }).si;
      port.attic = b.attic ? addSensor(rng, 'attic', address, { port }).si : -1;
      port.pram = b.lift && rng.chance(0.5) ? addSensor(rng, 'other', address, { port, pram: true }).si : -1; // barnvagnsrum on the entrance floor
      for (let f = 0; f < b.floors; f++) for (let j = 0; j < b.perFloor; j++) {
        const apt = { idx: apts.length, port, floor: f, no: `${address} lgh ${1001 + f * 100 + j}` };
        apts.push(apt); port.apts.push(apt);
      }
      ports.push(port); b.ports.push(port);
    }
  }
  for (const b of blds) {
    const host = (k) => b.ports[clamp(k, 0, b.ports.length - 1)];
    const lp = host(rng.int(0, b.ports.length - 1));
    b.laundry = [{ si: addSensor(rng, 'laundry', lp.address, {}).si, port: lp, building: b, outdoor: false }];
    const nApts = b.ports.reduce((s, p) => s + p.apts.length, 0);
    if (nApts > 70) { const lp2 = host(b.ports.indexOf(lp) + 2 - b.ports.length * 0); const pp = lp2 === lp ? host(0) : lp2; b.laundry.push({ si: addSensor(rng, 'laundry', pp.address, {}).si, port: pp, building: b, outdoor: false }); }
    const bp = host(rng.int(0, b.ports.length - 1));
    b.bike = { si: addSensor(rng, 'bike-room', bp.address, {}).si, port: bp, building: b, outdoor: false };
    const gp = host(rng.int(0, b.ports.length - 1));
    b.garbage = { si: addSensor(rng, 'garbage-room', gp.address, {}).si, port: gp, building: b, outdoor: true };
  }
  const cp = blds[0].ports[rng.int(0, blds[0].ports.length - 1)];
  const common = { si: addSensor(rng, 'other', cp.address, {}).si, port: cp, building: blds[0], outdoor: true };
  // one badly tuned, flapping radar
  const radars = SENSORS.filter((s) => s.kind === 'mmwave' && s.space !== 'other');
  if (radars.length) { const f = rng.pick(radars); f.flapRate = rng.u(8, 20); f.ghostRate *= 4; f.flappy = true; }
  return { blds, ports, apts, common };
}
const ESTATE = buildEstate(R('estate'));
const { blds: BLDS, ports: PORTS, apts: APTS, common: COMMON } = ESTATE;

// ------------------------------------------------------------------ presence store
const WALK = -1; // continuous motion; otherwise m = motion bursts per minute
const PRES = SENSORS.map(() => []);
let CAP = null;
function see(si, s, e, m = WALK) {
  if (si < 0) return;
  if (!(e > s)) e = s + 500;
  PRES[si].push(s, e, m);
  if (CAP) { const c = CAP.get(si); if (c) { if (s < c[0]) c[0] = s; if (e > c[1]) c[1] = e; } else CAP.set(si, [s, e]); }
}
function capture(fn) { const prev = CAP; CAP = new Map(); fn(); const res = CAP; CAP = prev; return res; }
const LABELS = [];
function label(si, type, s, e) { LABELS.push({ si, type, s, e }); }
function labelCap(cap, type) { for (const [si, [s, e]] of cap) label(si, type, s, e); }

// ------------------------------------------------------------------ movement through the building
function pass(si, t, a, b, rng) { const e = t + rng.u(a, b) * SEC; see(si, t, e, WALK); return e; }
// from the flat door down to floor 0; returns ms at floor 0
function stairsDown(port, floor, t, rng, o = {}) {
  if (floor <= 0) return t + rng.u(2, 5) * SEC;
  if (port.lift && floor >= 2 && rng.chance(o.liftP ?? 0.75)) {
    const wait = rng.u(8, 40) * SEC;
    for (const st of port.stairs) if (st.floor === floor) see(st.si, t, t + wait + rng.u(2, 5) * SEC);
    return t + wait + floor * 2.5 * SEC + rng.u(6, 10) * SEC;
  }
  const per = (o.per ?? rng.u(5, 8)) * SEC;
  for (let k = port.stairs.length - 1; k >= 0; k--) {
    const st = port.stairs[k]; if (st.floor > floor) continue;
    const own = st.floor === floor;
    const ta = t + (floor - st.floor) * per + (own ? 0 : rng.u(0, 2) * SEC);
    see(st.si, ta, ta + (own ? rng.u(5, 15) : rng.u(3, 7)) * SEC + (o.slow ?? 0));
  }
  return t + floor * per + rng.u(2, 4) * SEC;
}
// from floor 0 up to the flat door; returns ms at the door
function stairsUp(port, floor, t, rng, o = {}) {
  if (floor <= 0) return t + rng.u(2, 5) * SEC;
  if (port.lift && floor >= 2 && rng.chance(o.liftP ?? 0.75)) {
    const wait = rng.u(5, 35) * SEC;
    see(port.entrance, t, t + wait);
    const arr = t + wait + floor * 2.5 * SEC + rng.u(6, 10) * SEC;
    for (const st of port.stairs) if (st.floor === floor) see(st.si, arr - 2 * SEC, arr + rng.u(4, 12) * SEC);
    return arr + 3 * SEC;
  }
  const per = (o.per ?? rng.u(7, 11)) * SEC;
  for (const st of port.stairs) {
    if (st.floor > floor) continue;
    const own = st.floor === floor;
    const ta = t + st.floor * per;
    see(st.si, ta, ta + (own ? rng.u(5, 14) : rng.u(3, 7)) * SEC + (o.slow ?? 0));
  }
  return t + floor * per + rng.u(2, 4) * SEC;
}
function leaveHome(apt, t, rng, o = {}) {
  const g = stairsDown(apt.port, apt.floor, t, rng, o);
  const dw = rng.u(3, 7) * SEC + (o.extraEntr ?? 0);
  see(apt.port.entrance, g, g + dw);
  return g + dw;
}
function comeHome(apt, t, rng, o = {}) {
  const dw = rng.u(4, 9) * SEC + (rng.chance(0.08) ? rng.u(10, 60) * SEC : 0) + (o.extraEntr ?? 0);
  see(apt.port.entrance, t, t + dw);
  return stairsUp(apt.port, apt.floor, t + dw - 2 * SEC, rng, o);
}
// door -> own basement corridor (passing it); returns ms when past the corridor sensor
function toBasement(apt, t, rng) {
  let g = stairsDown(apt.port, apt.floor, t, rng, { liftP: 0.6 });
  if (apt.port.bve) g = pass(apt.port.entrance, g, 2, 5, rng);
  const tb = g + rng.u(6, 12) * SEC;
  return pass(apt.port.basement, tb, 4, 9, rng);
}
function fromBasement(apt, t, rng) {
  let g = pass(apt.port.basement, t, 4, 9, rng) + rng.u(6, 12) * SEC;
  if (apt.port.bve) g = pass(apt.port.entrance, g, 2, 5, rng);
  return stairsUp(apt.port, apt.floor, g, rng, { liftP: 0.6 });
}
// walk the kulvert from port a to port b (same building), passing each corridor sensor on the way
function kulvert(pa, pb, t, rng) {
  const ports = pa.building.ports, ia = ports.indexOf(pa), ib = ports.indexOf(pb);
  const dir = ib > ia ? 1 : -1;
  for (let k = ia + dir; dir > 0 ? k <= ib : k >= ib; k += dir) { t += rng.u(15, 35) * SEC; t = pass(ports[k].basement, t, 3, 7, rng); }
  return t;
}
// round trip from the flat to a room; dwell ms; returns ms back at the door
function goRoom(apt, room, tDoor, dwell, m, rng) {
  const port = apt.port;
  let t;
  if (room.outdoor) {
    t = leaveHome(apt, tDoor, rng) + rng.u(20, 70) * SEC;
    see(room.si, t, t + dwell, m); t += dwell + rng.u(20, 70) * SEC;
    return comeHome(apt, t, rng);
  }
  if (room.building === port.building) {
    t = toBasement(apt, tDoor, rng);
    if (room.port !== port) t = kulvert(port, room.port, t, rng);
    t += rng.u(3, 8) * SEC;
    see(room.si, t, t + dwell, m); t += dwell + rng.u(3, 8) * SEC;
    if (room.port !== port) t = kulvert(room.port, port, t - 0, rng);
    return fromBasement(apt, t, rng);
  }
  t = leaveHome(apt, tDoor, rng) + rng.u(60, 150) * SEC;
  t = pass(room.port.basement, t, 3, 7, rng) + rng.u(3, 8) * SEC;
  see(room.si, t, t + dwell, m); t += dwell + rng.u(3, 8) * SEC;
  t = pass(room.port.basement, t, 3, 7, rng) + rng.u(60, 150) * SEC;
  return comeHome(apt, t, rng);
}
function goStorage(apt, tDoor, dwell, m, rng) {
  let t = toBasement(apt, tDoor, rng) + rng.u(3, 8) * SEC;
  see(apt.port.storage, t, t + dwell, m); t += dwell + rng.u(3, 8) * SEC;
  return fromBasement(apt, t, rng);
}
function goAttic(apt, tDoor, dwell, m, rng) {
  const port = apt.port, top = port.floors - 1, per = rng.u(7, 11) * SEC;
  for (const st of port.stairs) if (st.floor >= apt.floor) { const ta = tDoor + (st.floor - apt.floor) * per; see(st.si, ta, ta + rng.u(3, 7) * SEC); }
  let t = tDoor + (top - apt.floor + 1) * per + rng.u(5, 15) * SEC;
  see(port.attic, t, t + dwell, m); t += dwell + rng.u(5, 15) * SEC;
  for (let k = port.stairs.length - 1; k >= 0; k--) { const st = port.stairs[k]; if (st.floor >= apt.floor) { const ta = t + (top + 1 - st.floor) * per * 0.7; see(st.si, ta, ta + rng.u(3, 7) * SEC); } }
  return t + (top + 1 - apt.floor) * per * 0.7;
}
function bikeOut(apt, t, rng) {
  const room = apt.port.building.bike;
  t = toBasement(apt, t, rng);
  if (room.port !== apt.port) t = kulvert(apt.port, room.port, t, rng);
  t += rng.u(3, 8) * SEC;
  return pass(room.si, t, 25, 90, rng);
}
function bikeIn(apt, t, rng) {
  const room = apt.port.building.bike;
  t = pass(room.si, t, 20, 60, rng) + rng.u(3, 8) * SEC;
  if (rng.chance(0.6)) {
    if (room.port !== apt.port) t = kulvert(room.port, apt.port, t, rng);
    return fromBasement(apt, t, rng);
  }
  return comeHome(apt, t + rng.u(30, 90) * SEC, rng);
}
// an outsider / visitor from the street to a floor and back
function visitorIn(port, floor, t, rng, o = {}) { const e = pass(port.entrance, t, 4, 9, rng); return stairsUp(port, floor, e - 2 * SEC, rng, { liftP: 0.8, ...o }); }
function visitorOut(port, floor, t, rng, o = {}) { const g = stairsDown(port, floor, t, rng, { liftP: 0.8, ...o }); return pass(port.entrance, g, 3, 7, rng) + (o.extraEntr ?? 0); }

// ------------------------------------------------------------------ households and people
function makePerson(role, age, rng) {
  const p = { role, age, busy: [], away: [], bike: false, bikeP: 0, vacFrom: null, vacTo: null, night: 0 };
  switch (role) {
    case 'worker':
      p.leave = rng.u(6.2, 8.8); p.dur = rng.u(8.2, 9.8); p.wfh = rng.u(0, 0.35); p.eve = rng.u(0.12, 0.45);
      p.night = age < 35 ? rng.u(0.1, 0.35) : rng.u(0.02, 0.12); p.satWork = rng.chance(0.08);
      p.bike = rng.chance(0.35); p.bikeP = rng.u(0.3, 0.8); break;
    case 'shift': {
      p.night = rng.u(0.02, 0.1); p.bike = rng.chance(0.3); p.bikeP = rng.u(0.3, 0.7);
      const blocks = rng.shuffle(['DDDD', 'EEE', 'NNN', 'DDD', 'EEEE']); let c = '';
      for (const b of blocks) c += b + '-'.repeat(rng.int(2, 3));
      p.cycle = c; p.cycleOff = rng.int(0, c.length - 1); break;
    }
    case 'retiree': p.morning = rng.u(8.5, 11); p.pm = rng.u(0.25, 0.6); p.bike = rng.chance(0.1); p.bikeP = 0.4; break;
    case 'home': p.bike = rng.chance(0.2); p.bikeP = 0.4; p.night = rng.u(0.02, 0.12); break;
    case 'student':
      p.job = rng.chance(0.6); p.leave = rng.u(6.5, 9.5); p.dur = rng.u(8, 9.5); p.night = rng.u(0.15, 0.45);
      p.bike = rng.chance(0.5); p.bikeP = rng.u(0.4, 0.9); break;
    case 'pupil': p.bike = rng.chance(0.6); p.bikeP = rng.u(0.3, 0.8); break;
    case 'teen':
      p.bike = rng.chance(0.5); p.bikeP = rng.u(0.3, 0.7); p.night = rng.u(0.2, 0.5);
      if (rng.chance(0.4)) { p.jobFrom = rng.wpick([[14, 0.4], [21, 0.25], [28, 0.15], [35, 0.1], [42, 0.1]]); p.jobTo = p.jobFrom + rng.wpick([[21, 0.6], [28, 0.4]]) - 2; }
      break;
  }
  return p;
}
const HH_TYPES = [['single', 0.18], ['couple', 0.13], ['family', 0.24], ['single-parent', 0.08], ['retiree', 0.16], ['young', 0.1], ['home', 0.06], ['shift', 0.05]];
let HH_SEQ = 0;
function makeHousehold(type, apt, rng) {
  const persons = [];
  const add = (role, age) => { persons.push(makePerson(role, age, rng)); };
  const kids = (n) => { for (let i = 0; i < n; i++) { const age = rng.int(0, 19); add(age < 7 ? 'child' : age < 16 ? 'pupil' : 'teen', age); } };
  let a;
  switch (type) {
    case 'single': add('worker', rng.int(23, 64)); break;
    case 'couple': a = rng.int(25, 64); add('worker', a); add(rng.chance(0.8) ? 'worker' : 'home', a + rng.int(-4, 4)); break;
    case 'family': a = rng.int(28, 52); add('worker', a); add(rng.wpick([['worker', 0.7], ['home', 0.2], ['shift', 0.1]]), a + rng.int(-4, 4)); kids(rng.wpick([[1, 0.4], [2, 0.4], [3, 0.2]])); break;
    case 'single-parent': add(rng.chance(0.75) ? 'worker' : 'home', rng.int(26, 55)); kids(rng.int(1, 2)); break;
    case 'retiree': a = rng.int(66, 90); add('retiree', a); if (rng.chance(0.4)) add('retiree', a + rng.int(-4, 4)); break;
    case 'young': add('student', rng.int(19, 27)); if (rng.chance(0.3)) add(rng.chance(0.5) ? 'student' : 'worker', rng.int(20, 29)); break;
    case 'home': add('home', rng.int(25, 64)); break;
    case 'shift': add('shift', rng.int(25, 60)); if (rng.chance(0.4)) add('worker', rng.int(25, 60)); break;
    case 'sublet': add(rng.chance(0.5) ? 'student' : 'worker', rng.int(20, 32)); break;
  }
  const retiree = type === 'retiree';
  return {
    id: HH_SEQ++, type, apt, persons, rng: R('hh' + HH_SEQ),
    fromAH: -1e9, toAH: 1e9,
    dog: rng.chance(retiree ? 0.2 : type === 'family' || type === 'single' ? 0.12 : 0.08),
    smoker: rng.chance(0.09),
    garbRate: clamp(0.28 + 0.12 * persons.length, 0.3, 0.85),
    paper: rng.chance(retiree ? 0.55 : 0.2),
    trips: [], pausedPaper: [],
  };
}
const present = (hh, p, ah) => ah >= hh.fromAH && ah < hh.toAH && !p.away.some(([a, b]) => ah >= a && ah < b);
const hhPresent = (hh, ah) => hh.persons.some((p) => p.role !== 'child' && present(hh, p, ah));
function isFree(hh, p, a, b) {
  if (!present(hh, p, a) || !present(hh, p, b)) return false;
  for (const [x, y] of p.busy) if (a < y && b > x) return false;
  return true;
}
function freePerson(hh, a, b, filter) {
  const c = hh.persons.filter((p) => p.role !== 'child' && (!filter || filter(p)) && isFree(hh, p, a, b));
  if (!c.length) return null;
  const p = hh.rng.pick(c); p.busy.push([a, b]); return p;
}

const HOUSEHOLDS = [];
function planVacation(hh, rng) {
  const P = hh.persons, workers = P.filter((p) => p.role === 'worker' || p.role === 'shift');
  const addTrip = (a, b, who, o = {}) => {
    if (b <= a || !who.length) return null;
    const tr = { a, b, who, pausePaper: rng.chance(0.75), helper: null, ...o };
    for (const p of who) p.away.push([a, b]);
    hh.trips.push(tr); return tr;
  };
  const goers = (stayP) => P.filter((p) => !(p.role === 'teen' && p.age >= 16 && rng.chance(stayP)));
  const covered = (d0, d1) => hh.trips.some((t) => t.a < d1 * 24 && t.b > d0 * 24);
  if (workers.length) {
    const wk = rng.wpick([[28, 0.07], [35, 0.12], [42, 0.36], [49, 0.26], [56, 0.1], [63, 0.05], [-1, 0.04]]);
    if (wk >= 0) {
      const len = rng.wpick([[21, 0.25], [28, 0.5], [35, 0.25]]);
      for (const p of workers) { const sh = rng.chance(0.2) ? rng.pick([-7, 7]) : 0; p.vacFrom = wk + sh - 2; p.vacTo = wk + sh + len - 2; }
      const awayP = { family: 0.8, couple: 0.7, single: 0.55, 'single-parent': 0.6, shift: 0.55 }[hh.type] ?? 0.6;
      if (rng.chance(awayP)) {
        const d0 = wk - 2 + rng.int(0, 6), len2 = rng.int(8, 22);
        const d1 = Math.min(d0 + len2, wk + len - 1);
        const dep = rng.chance(0.3) ? (d0 - 1) * 24 + rng.u(16.5, 20) : d0 * 24 + rng.u(7, 12);
        const ret = rng.chance(0.2) ? d1 * 24 + rng.u(23.3, 25.8) : d1 * 24 + rng.u(13, 23);
        addTrip(dep, ret, goers(0.3));
      }
    }
  } else if (hh.type === 'retiree') {
    if (rng.chance(0.32)) {
      const d0 = rng.int(12, 30), d1 = rng.int(55, 85), mid = rng.int(d0 + 10, Math.max(d0 + 11, d1 - 10));
      if (rng.chance(0.6) && mid + 2 < d1) {
        addTrip(d0 * 24 + rng.u(9, 13), mid * 24 + rng.u(12, 17), P);
        addTrip((mid + rng.int(1, 3)) * 24 + rng.u(9, 13), d1 * 24 + rng.u(12, 18), P);
      } else addTrip(d0 * 24 + rng.u(9, 13), d1 * 24 + rng.u(12, 18), P);
    } else if (rng.chance(0.35)) { const d0 = rng.int(14, 66); addTrip(d0 * 24 + rng.u(7, 12), (d0 + rng.int(5, 12)) * 24 + rng.u(13, 21), P); }
  } else if (hh.type === 'young') {
    if (rng.chance(0.4)) {
      const d0 = rng.int(12, 24), d1 = rng.int(60, 85);
      const tr = addTrip(d0 * 24 + rng.u(9, 16), d1 * 24 + rng.u(14, 22), P);
      if (tr && rng.chance(0.5)) tr.sublet = true;
    }
  } else if (rng.chance(0.3)) { const d0 = rng.int(14, 62); addTrip(d0 * 24 + rng.u(7, 12), (d0 + rng.int(7, 14)) * 24 + rng.u(13, 21), P); }
  // midsommar away
  if (!covered(24, 28) && rng.chance(0.35)) {
    const dep = rng.chance(0.5) ? 24 * 24 + rng.u(15, 20) : 25 * 24 + rng.u(8, 11);
    const ret = rng.chance(0.4) ? 26 * 24 + rng.u(14, 20) : 27 * 24 + rng.u(12, 19);
    addTrip(dep, ret, goers(0.45), { short: true });
  }
  // a weekend away
  if (rng.chance(0.22)) {
    const fri = 4 + 7 * rng.int(2, 10);
    if (!covered(fri, fri + 3)) addTrip(fri * 24 + rng.u(16, 19.5), (fri + 2) * 24 + rng.u(14, 20), goers(0.5), { short: true });
  }
}
function buildPopulation(rng) {
  const vac = rng.int(1, 3);
  const vacantApts = new Set(rng.shuffle(APTS.slice()).slice(0, vac).map((a) => a.idx));
  for (const apt of APTS) {
    apt.hhs = [];
    if (vacantApts.has(apt.idx)) { apt.vacant = true; continue; }
    const hh = makeHousehold(rng.wpick(HH_TYPES), apt, rng); hh.fromAH = -1e9; hh.toAH = 1e9;
    apt.hhs.push(hh); HOUSEHOLDS.push(hh);
  }
  for (const hh of HOUSEHOLDS.slice()) planVacation(hh, rng);
  // moves: contract days (move-in day); move-out is the day before
  const MOVES = [];
  const nMoves = rng.int(3, 6);
  const cands = rng.shuffle(APTS.filter((a) => !a.vacant && a.hhs[0].trips.length === 0 && a.hhs[0].type !== 'retiree'));
  for (let i = 0; i < nMoves && i < cands.length; i++) {
    const apt = cands[i], cd = rng.wpick([[1, 0.12], [15, 0.06], [31, 0.36], [62, 0.34], [46, 0.04], [75, 0.08]]);
    const old = apt.hhs[0];
    const outH = (cd - 1) * 24 + rng.u(8.5, 11.5), outDur = rng.u(3, 6);
    old.toAH = outH + 0.3; old.moveOut = { d: cd - 1, h: outH - (cd - 1) * 24, dur: outDur };
    const inH = cd * 24 + rng.u(10, 13), inDur = rng.u(2.5, 5);
    const nh = makeHousehold(rng.wpick([...HH_TYPES, ['shift', 0.1]]), apt, rng);
    nh.fromAH = inH + inDur; nh.moveIn = { d: cd, h: inH - cd * 24, dur: inDur };
    apt.hhs.push(nh); HOUSEHOLDS.push(nh); MOVES.push(apt);
  }
  for (const apt of APTS) if (apt.vacant) {
    const cd = rng.wpick([[15, 0.2], [31, 0.4], [62, 0.4]]);
    const inH = cd * 24 + rng.u(10, 13), inDur = rng.u(2.5, 5);
    const nh = makeHousehold(rng.wpick(HH_TYPES), apt, rng);
    nh.fromAH = inH + inDur; nh.moveIn = { d: cd, h: inH - cd * 24, dur: inDur };
    apt.hhs.push(nh); HOUSEHOLDS.push(nh);
  }
  // sublets
  for (const hh of HOUSEHOLDS.slice()) for (const tr of hh.trips) if (tr.sublet) {
    const sd = Math.floor(tr.a / 24) + rng.int(1, 3), ed = Math.floor(tr.b / 24) - 1;
    if (ed - sd < 10) continue;
    const sh = makeHousehold('sublet', hh.apt, rng);
    sh.fromAH = sd * 24 + rng.u(12, 19.5); sh.toAH = ed * 24 + rng.u(9, 13); sh.subletArrive = true;
    hh.apt.hhs.push(sh); HOUSEHOLDS.push(sh);
  }
  // plant watering helpers for trips of 5 days or more
  for (const hh of HOUSEHOLDS) for (const tr of hh.trips) if (tr.b - tr.a >= 5 * 24 && !tr.sublet && tr.who.length === hh.persons.length && rng.chance(0.45)) {
    const same = HOUSEHOLDS.filter((h) => h !== hh && h.apt.port === hh.apt.port && h.fromAH < 0);
    const other = HOUSEHOLDS.filter((h) => h !== hh && h.fromAH < 0);
    tr.helper = (same.length && rng.chance(0.6)) ? rng.pick(same) : rng.pick(other);
  }
  // studenten: households with an 18-19-year-old
  const grads = rng.shuffle(HOUSEHOLDS.filter((h) => h.fromAH < 0 && h.persons.some((p) => p.role === 'teen' && p.age >= 18)));
  for (let i = 0; i < Math.min(grads.length, rng.int(1, 2)); i++) grads[i].studentDay = rng.pick(CAL.studentDays);
  return MOVES;
}
buildPopulation(R('population'));

// ------------------------------------------------------------------ faults (decided before anomalies so these avoid dead sensors)
const OUTAGES = []; // {a, b, building (-1 = all)}
function planFaults(rng) {
  for (let d = 0; d < NDAYS; d++) {
    const th = CX[d].thunder;
    if (th && rng.chance(0.45)) {
      const a = TA(d * 24 + th[0] + rng.u(0, 0.7)), b = a + rng.u(0.3, 3) * HOUR;
      OUTAGES.push({ a, b, building: rng.chance(0.3) ? -1 : rng.int(0, 1) });
    }
  }
  for (let i = rng.int(1, 2); i > 0; i--) { const a = TA(rng.u(0, NDAYS * 24)); OUTAGES.push({ a, b: a + rng.u(2, 20) * MINUTE, building: -1 }); }
  // a dying battery
  const pirs = SENSORS.filter((s) => s.kind === 'pir');
  const bs = rng.pick(pirs);
  const t0 = TA(rng.u(24, 58) * 24), ramp = rng.u(4, 9) * DAY, tDead = t0 + ramp;
  const dDead = Math.floor(localAH(tDead) / 24);
  let tBack = Infinity;
  if (rng.chance(0.75)) {
    const delay = (dDead >= CAL.semFrom - 5 && dDead < CAL.semTo) ? rng.int(8, 16) : rng.int(2, 9);
    const dBack = dDead + delay;
    if (dBack < NDAYS) tBack = TA(dBack * 24 + rng.u(8.5, 15));
  }
  bs.ramp = { t0, tDead }; bs.dead.push([tDead, tBack]); bs.batteryDies = true;
  // a radar unplugged (someone needed the socket)
  if (rng.chance(0.5)) {
    const rs = SENSORS.filter((s) => s.kind === 'mmwave' && (s.space === 'entrance' || s.space === 'stairwell' || s.space === 'laundry'));
    if (rs.length) { const s = rng.pick(rs); const a = TA(rng.int(16, 70) * 24 + rng.u(9, 14)); s.dead.push([a, a + rng.u(6, 60) * HOUR]); s.unplugged = true; }
  }
}
planFaults(R('faults'));
function usable(si, s, e) {
  const sen = SENSORS[si];
  for (const [a, b] of sen.dead) if (s < b && e > a) return false;
  if (sen.ramp && e > sen.ramp.t0) return false;
  const bld = sen.port ? sen.port.building.id : (sen.bld ?? -1);
  for (const o of OUTAGES) if (s < o.b + 10 * MINUTE && e > o.a - 10 * MINUTE && (o.building === -1 || o.building === bld)) return false;
  return true;
}
// building of shared sensors
for (const b of BLDS) { for (const r of b.laundry) SENSORS[r.si].bld = b.id; SENSORS[b.bike.si].bld = b.id; SENSORS[b.garbage.si].bld = b.id; }
SENSORS[COMMON.si].bld = 0;

// ------------------------------------------------------------------ residents' days
function nightOut(P, rng, cx, extra = 0) { const o = rng.u(19.5, 22.5); P.push([o, 24 + rng.u(0.3, 3.3) + extra, 'walk']); }
function freeDayPlan(P, p, cx, rng, scale = 1) {
  const late = cx.d === CAL.midsommardagen ? 1.5 : 0;
  if (cx.heat && rng.chance(0.45)) { const o = rng.u(10, 13) + late; P.push([o, o + rng.u(4, 8), 'walk']); }
  const n = clamp(rng.poisson(1.1 * scale * (cx.rain ? 0.6 : 1)) + (rng.chance(0.75) ? 1 : 0), 0, 4);
  for (let k = 0; k < n; k++) {
    let o = rng.u(9.3, 19) + late; if (o > 16) o += 0.8 * cx.light;
    P.push([o, o + (rng.chance(0.6) ? rng.u(0.3, 1.5) : rng.u(1.5, 4.5)), rng.chance(p.bikeP * (cx.rain ? 0.3 : 1) * (cx.summer ? 1.3 : 1)) && p.bike ? 'bike' : 'walk']);
  }
  if ((cx.nextFree || cx.wd === 4) && rng.chance(p.night * (cx.summer ? 1.3 : 1))) nightOut(P, rng, cx);
}
function planPerson(p, hh, d, cx, rng) {
  const P = [];
  const vac = p.vacFrom != null && d >= p.vacFrom && d < p.vacTo;
  const free = cx.free || vac;
  const bikeMode = () => (p.bike && rng.chance(p.bikeP * (cx.rain ? 0.3 : 1) * (cx.summer ? 1.25 : 1))) ? 'bike' : 'walk';
  const eveMul = (1 + 0.6 * cx.light * (cx.summer ? 1 : 0.5)) * (cx.heat ? 1.5 : 1) * (cx.rain ? 0.6 : 1);
  // special days
  if (d === CAL.midsommarafton) {
    if (p.role === 'child') return P;
    if (rng.chance(0.75)) { const o = rng.u(11.5, 14.5); P.push([o, o + rng.u(3, 6.5), 'walk']); }
    if (rng.chance(p.role === 'teen' || p.role === 'student' ? 0.75 : p.role === 'retiree' ? 0.1 : 0.4)) { const o = rng.u(19.5, 21.5); P.push([o, 24 + rng.u(-0.5, 4), 'walk']); }
    return P;
  }
  switch (p.role) {
    case 'worker': {
      const works = (!free && !(cx.d === CAL.skolavslutning && rng.chance(0.3))) || (cx.wd === 5 && p.satWork && !vac);
      if (works) {
        if (rng.chance(p.wfh + (cx.summer ? 0.1 : 0))) { if (rng.chance(0.5)) { const o = rng.u(11.3, 13.2); P.push([o, o + rng.u(0.3, 1.2), 'walk']); } }
        else { const o = p.leave + rng.normal(0, 0.2); P.push([o, o + p.dur + rng.normal(0, 0.35) + (rng.chance(0.2) ? rng.u(0.3, 1.5) : 0), bikeMode()]); }
        if (rng.chance(p.eve * eveMul)) { const o = rng.u(17.8, 20.2) + 0.6 * cx.light; P.push([o, o + rng.u(0.5, 2.2) + (cx.heat ? 0.8 : 0), 'walk']); }
        if (cx.wd === 4 && rng.chance(p.night)) nightOut(P, rng, cx);
      } else freeDayPlan(P, p, cx, rng);
      break;
    }
    case 'shift': {
      const c = vac ? '-' : p.cycle[(d + p.cycleOff) % p.cycle.length];
      if (c === 'D') { const o = rng.u(6.1, 6.4); P.push([o, o + rng.u(9.2, 9.8), bikeMode()]); }
      else if (c === 'E') { const o = rng.u(13.1, 13.5); P.push([o, o + rng.u(8.8, 9.3), bikeMode()]); const o2 = rng.u(10, 11.5); if (rng.chance(0.4)) P.push([o2, o2 + rng.u(0.5, 1.2), 'walk']); }
      else if (c === 'N') { const o = rng.u(20.6, 21); P.push([o, o + rng.u(10.7, 11.2), bikeMode()]); if (rng.chance(0.4)) { const o2 = rng.u(15, 17); P.push([o2, o2 + rng.u(0.5, 1.5), 'walk']); } }
      else freeDayPlan(P, p, cx, rng, 0.9);
      break;
    }
    case 'retiree': {
      if (rng.chance(cx.rain ? 0.55 : 0.85)) { const o = (cx.heat ? rng.u(7.5, 10) : p.morning + rng.normal(0, 0.6)) + (d === CAL.midsommardagen ? 1 : 0); P.push([o, o + rng.u(0.5, 2.5), 'walk']); }
      if (cx.heat) { if (rng.chance(0.4)) { const o = rng.u(19, 21); P.push([o, o + rng.u(0.5, 1.5), 'walk']); } }
      else if (rng.chance(p.pm)) { const o = rng.u(13, 17); P.push([o, o + rng.u(0.5, 2), rng.chance(p.bikeP) && p.bike ? 'bike' : 'walk']); }
      break;
    }
    case 'home': {
      if (rng.chance(0.75)) { const o = rng.u(9, 12); P.push([o, o + rng.u(0.5, 2.5), bikeMode()]); }
      if (rng.chance(0.55)) { const o = rng.u(13.5, 17); P.push([o, o + rng.u(0.5, 2), 'walk']); }
      if (rng.chance(0.25 * eveMul)) { const o = rng.u(18.5, 21); P.push([o, o + rng.u(0.5, 2), 'walk']); }
      if (free && (cx.nextFree || cx.wd === 4) && rng.chance(p.night)) nightOut(P, rng, cx);
      break;
    }
    case 'student': {
      if (p.job && !free) { const o = p.leave + rng.normal(0, 0.3); P.push([o, o + p.dur + rng.normal(0, 0.4), bikeMode()]); if (rng.chance(0.45 * eveMul)) { const o2 = rng.u(18, 21) + 0.5 * cx.light; P.push([o2, o2 + rng.u(1, 3.5), 'walk']); } }
      else { for (let k = rng.int(1, 2); k > 0; k--) { const o = rng.u(10, 17); P.push([o, o + rng.u(1, 7), bikeMode()]); } }
      if ((cx.nextFree || cx.wd === 4) && rng.chance(p.night)) nightOut(P, rng, cx, 0.5);
      else if ((cx.wd === 2 || cx.wd === 3) && rng.chance(p.night * 0.25)) nightOut(P, rng, cx);
      break;
    }
    case 'pupil': {
      const young = p.age < 10;
      if (cx.school) {
        const o = d === CAL.skolavslutning ? rng.u(8.2, 8.6) : rng.u(7.5, 8.05);
        const i = d === CAL.skolavslutning ? rng.u(10.5, 11.5) : young ? rng.u(14.5, 16.8) : rng.u(13.3, 15.5);
        P.push([o, i, bikeMode()]);
        if (rng.chance(0.55)) { const o2 = i + rng.u(0.3, 1.5); P.push([o2, Math.min(o2 + rng.u(0.5, 3), rng.u(18.5, 20)), bikeMode()]); }
      } else {
        const curfew = 19.7 + (cx.summer ? 0.6 + 0.8 * cx.light : 0) + (cx.heat ? 0.3 : 0) + (young ? 0 : 1);
        const n = cx.rain ? rng.int(0, 2) : rng.int(2, 5);
        for (let k = 0; k < n; k++) { const o = rng.u(9.5, curfew - 0.4); P.push([o, Math.min(o + rng.u(0.3, 3), curfew + rng.u(-0.3, 0.3)), bikeMode()]); }
      }
      break;
    }
    case 'teen': {
      const job = p.jobFrom != null && d >= p.jobFrom && d <= p.jobTo && !cx.free;
      if (cx.school) {
        const o = d === CAL.skolavslutning ? rng.u(8.2, 8.6) : rng.u(7.6, 8.4);
        P.push([o, d === CAL.skolavslutning ? rng.u(11, 13) : rng.u(14.5, 17), bikeMode()]);
        if (rng.chance(0.55)) { const o2 = rng.u(18, 20); P.push([o2, rng.u(21, 23), 'walk']); }
      } else if (job) {
        const o = rng.u(6.9, 7.6); P.push([o, o + rng.u(8.3, 9), bikeMode()]);
        if (rng.chance(0.6)) { const o2 = rng.u(18, 20.5); P.push([o2, rng.u(22, 23.8) + (cx.nextFree ? rng.u(0, 1.5) : 0), 'walk']); }
      } else {
        const wake = rng.u(11, 15) + (d === CAL.midsommardagen ? 1 : 0);
        const lastIn = (cx.summer ? rng.u(22, 24.8) : rng.u(21.5, 23.5)) + (cx.nextFree ? rng.u(0.3, 2.2) : 0) + (cx.heat ? 0.4 : 0) + 0.3 * cx.light;
        const n = cx.rain ? rng.int(1, 2) : rng.int(1, 3);
        let t = wake;
        for (let k = 0; k < n && t < lastIn - 0.5; k++) {
          const last = k === n - 1;
          const i = last ? lastIn : Math.min(lastIn - 0.5, t + rng.u(0.5, 4));
          P.push([t, i, bikeMode()]); t = i + rng.u(0.3, 2.5);
        }
      }
      break;
    }
    default: break; // small children go with adults
  }
  return P;
}
function realizeOuting(hh, group, oA, iA, mode, rng) {
  const apt = hh.apt;
  const th = CX[Math.floor(oA / 24)]?.thunder;
  if (th) { const d0 = Math.floor(oA / 24) * 24; if (oA < d0 + th[0] && iA > d0 + th[0] && rng.chance(0.5)) iA = Math.max(oA + 0.25, d0 + th[0] - rng.u(0, 0.3)); }
  for (const p of group) if (!isFree(hh, p, oA, iA)) return false;
  for (const p of group) p.busy.push([oA, iA]);
  const tO = TA(oA), tI = TA(iA);
  // pram from the barnvagnsrum: families with a small child; förskola closed for four weeks in July
  const h0 = oA % 24, preschool = !(oA >= 42 * 24 && oA < 70 * 24) && !CX[Math.floor(oA / 24)]?.free && h0 > 6.5 && h0 < 9;
  const pram = apt.port.pram >= 0 && mode !== 'bike' && hh.persons.some((p) => p.role === 'child' && p.age <= 4) &&
    (group.length >= 2 || group[0].role === 'home' || (preschool && group[0].role === 'worker')) && rng.chance(0.7);
  if (mode === 'bike') bikeOut(apt, tO, rng);
  else {
    const g = leaveHome(apt, tO, rng);
    if (pram) { const tp = g - rng.u(30, 80) * SEC; see(apt.port.pram, tp, tp + rng.u(15, 45) * SEC); }
    if (rng.chance(0.12)) { const gr = apt.port.building.garbage; const t = g + rng.u(20, 60) * SEC; see(gr.si, t, t + rng.u(15, 60) * SEC); }
  }
  if (tI < TO + DAY) {
    if (mode === 'bike') bikeIn(apt, tI, rng);
    else {
      if (pram) { const tp = tI + rng.u(5, 15) * SEC; see(apt.port.pram, tp, tp + rng.u(15, 45) * SEC); }
      comeHome(apt, tI, rng, { extraEntr: iA % 24 > 0 && iA % 24 < 4 && group.length > 0 && rng.chance(0.25) ? rng.u(20, 120) * SEC : 0 });
    }
  }
  return true;
}
// loading the car before a trip / unloading after it
function carTrips(hh, tStart, k, rng, leaveAtEnd) {
  const apt = hh.apt; let t = tStart;
  for (let j = 0; j < k; j++) {
    const out = leaveHome(apt, t, rng, { slow: rng.u(2, 6) * SEC, extraEntr: rng.u(3, 15) * SEC });
    if (leaveAtEnd && j === k - 1) return;
    t = comeHome(apt, out + rng.u(60, 240) * SEC, rng) + rng.u(60, 300) * SEC;
  }
}
function unloadTrips(hh, tArr, k, rng) {
  const apt = hh.apt; let t = tArr;
  for (let j = 0; j < k; j++) {
    const door = comeHome(apt, t, rng, { slow: rng.u(2, 6) * SEC, extraEntr: rng.u(3, 15) * SEC });
    if (j === k - 1) return;
    t = leaveHome(apt, door + rng.u(30, 180) * SEC, rng) + rng.u(30, 120) * SEC;
  }
}
function movingActivity(apt, d, h0, dur, rng, into) {
  const cap = capture(() => {
    const t0 = TA(d * 24 + h0), t1 = TA(d * 24 + h0 + dur);
    const crews = rng.int(1, 3);
    for (let c = 0; c < crews; c++) {
      let t = t0 + c * rng.u(2, 10) * MINUTE;
      t = visitorIn(apt.port, apt.floor, t, rng, { liftP: 0.5 });
      while (t < t1) {
        if (into) { // carry up
          const g = pass(apt.port.entrance, t + rng.u(40, 150) * SEC, 10, 40, rng);
          t = stairsUp(apt.port, apt.floor, g, rng, { liftP: 0.5, per: rng.u(9, 14), slow: rng.u(2, 8) * SEC }) + rng.u(15, 90) * SEC;
          t = stairsDown(apt.port, apt.floor, t, rng, { liftP: 0.5 });
        } else { // carry down
          const g = stairsDown(apt.port, apt.floor, t, rng, { liftP: 0.5, per: rng.u(9, 14), slow: rng.u(2, 8) * SEC });
          const back = pass(apt.port.entrance, g, 10, 40, rng) + rng.u(40, 150) * SEC;
          t = stairsUp(apt.port, apt.floor, pass(apt.port.entrance, back, 4, 10, rng), rng, { liftP: 0.5 }) + rng.u(20, 120) * SEC;
        }
        if (rng.chance(0.08)) t += rng.u(10, 30) * MINUTE; // a break
      }
      visitorOut(apt.port, apt.floor, t, rng);
    }
    if (rng.chance(0.7)) { // storage emptied / filled
      let t = t0 + rng.u(0.3, 0.7) * (t1 - t0);
      for (let j = rng.int(2, 4); j > 0; j--) t = goStorage(apt, t, rng.u(2, 8) * MINUTE, 6, rng) + rng.u(2, 10) * MINUTE;
    }
  });
  labelCap(cap, 'moving');
}

function simulateHouseholdDay(hh, d, cx) {
  const rng = hh.rng, apt = hh.apt, d0 = d * 24;
  for (const p of hh.persons) if (p.busy.length > 8) p.busy = p.busy.filter(([, b]) => b > d0 - 12);
  // moving in / out
  if (hh.moveOut && hh.moveOut.d === d) movingActivity(apt, d, hh.moveOut.h, hh.moveOut.dur, rng, false);
  if (hh.moveIn && hh.moveIn.d === d) movingActivity(apt, d, hh.moveIn.h, hh.moveIn.dur, rng, true);
  if (hh.subletArrive && Math.floor(hh.fromAH / 24) === d) unloadTrips(hh, TA(hh.fromAH - 0.05), 2, rng);
  if (hh.subletArrive && Math.floor(hh.toAH / 24) === d) carTrips(hh, TA(hh.toAH - 0.1), 2, rng, true);
  if (hh.toAH <= d0 || hh.fromAH >= d0 + 24) return;
  // trips: departures and returns
  for (const tr of hh.trips) {
    if (Math.floor(tr.a / 24) === d && tr.a >= hh.fromAH) {
      const k = tr.short ? rng.int(1, 2) : rng.int(2, 4);
      carTrips(hh, TA(tr.a - k * 0.12), k, rng, true);
      if (!tr.short && rng.chance(0.55) && present(hh, tr.who[0], tr.a - 14)) goStorage(apt, TA(tr.a - rng.u(12, 16)), rng.u(3, 12) * MINUTE, 5, rng);
      if (!tr.short && apt.port.attic >= 0 && rng.chance(0.4)) { const ah = tr.a - rng.u(26, 60); if (ah > hh.fromAH && ah > 0) goAttic(apt, TA(ah), rng.u(3, 10) * MINUTE, 4, rng); }
    }
    if (Math.floor(tr.b / 24) === d && tr.b < NDAYS * 24) {
      unloadTrips(hh, TA(tr.b), tr.short ? rng.int(1, 2) : rng.int(2, 4), rng);
      if (!tr.short && rng.chance(0.4)) { const ah = tr.b + rng.u(14, 30); goStorage(apt, TA(ah), rng.u(3, 10) * MINUTE, 5, rng); }
    }
  }
  if (!hhPresent(hh, d0 + 12) && !hhPresent(hh, d0 + 20) && !hhPresent(hh, d0 + 8)) return;
  // studenten
  if (hh.studentDay === d) {
    const fam = hh.persons.filter((p) => present(hh, p, d0 + 9));
    realizeOuting(hh, fam, d0 + rng.u(8.5, 10), d0 + rng.u(13, 14.3), 'walk', rng);
    for (let g = rng.int(8, 16); g > 0; g--) {
      const arr = d0 + rng.u(14.5, 17.5), lv = arr + rng.u(1, 3);
      const t = visitorIn(apt.port, apt.floor, TA(arr), rng); visitorOut(apt.port, apt.floor, TA(lv), rng);
      void t;
    }
    const grad = hh.persons.find((p) => p.role === 'teen' && p.age >= 18);
    if (grad) realizeOuting(hh, [grad], d0 + rng.u(19, 21), d0 + 24 + rng.u(1.5, 4.8), 'walk', rng);
    return;
  }
  // joint family outing on free days
  const kids = hh.persons.filter((p) => p.role === 'child' || p.role === 'pupil');
  if (kids.length && (cx.free || hh.persons.some((p) => p.vacFrom != null && d >= p.vacFrom && d < p.vacTo)) && rng.chance(cx.rain ? 0.25 : 0.5) && d !== CAL.midsommarafton) {
    const o = d0 + rng.u(10, 14), dur = cx.heat ? rng.u(4, 8) : rng.u(1.5, 5.5);
    const grp = hh.persons.filter((p) => isFree(hh, p, o, o + dur) && p.role !== 'teen');
    if (grp.length >= 2) realizeOuting(hh, grp, o, o + dur, 'walk', rng);
  }
  // individual plans
  for (const p of hh.persons) {
    if (p.role === 'child') continue;
    const P = planPerson(p, hh, d, cx, rng).sort((a, b) => a[0] - b[0]);
    let last = -1e9;
    for (const [o, i, mode] of P) {
      if (!(i > o + 0.05) || o < last + 0.1) continue;
      if (realizeOuting(hh, [p], d0 + o, d0 + i, mode, rng)) last = i;
    }
  }
  // dog walks
  if (hh.dog) {
    const walks = [
      [cx.free ? rng.u(7.3, 9.5) : rng.u(6.0, 7.3), rng.u(0.2, 0.5)],
      [rng.u(15.5, 18.5), rng.u(0.4, 1)],
      [rng.u(21.3, 23) + 0.5 * cx.light + (cx.heat ? 0.3 : 0), rng.u(0.15, 0.4)],
    ];
    for (const [h, dur] of walks) {
      const p = freePerson(hh, d0 + h, d0 + h + dur, (q) => q.role !== 'pupil' || q.age >= 11);
      if (p) { const t = leaveHome(apt, TA(d0 + h), rng); void t; comeHome(apt, TA(d0 + h + dur), rng); }
    }
  }
  // outdoor smoker
  if (hh.smoker) {
    const k = rng.int(4, 8) + (cx.tropical ? rng.int(1, 2) : 0);
    for (let j = 0; j < k; j++) {
      const h = j < 8 && cx.tropical && j >= k - 2 ? rng.u(23.5, 25.5) : rng.u(7, 23.5), dur = rng.u(0.07, 0.13);
      const p = freePerson(hh, d0 + h, d0 + h + dur, (q) => q.role === 'worker' || q.role === 'home' || q.role === 'shift' || q.role === 'student' || q.role === 'retiree');
      if (p) { leaveHome(apt, TA(d0 + h), rng); comeHome(apt, TA(d0 + h + dur), rng); }
    }
  }
  // garbage
  if (rng.chance(hh.garbRate * (cx.heat ? 1.5 : 1))) {
    const h = cx.free ? rng.u(10, 21) : rng.chance(0.7) ? rng.u(17, 22) : rng.u(6.5, 9);
    const p = freePerson(hh, d0 + h, d0 + h + 0.1);
    if (p) goRoom(apt, apt.port.building.garbage, TA(d0 + h), rng.u(20, 90) * SEC, WALK, rng);
  }
  // storage and attic
  if (rng.chance(0.045 * (cx.free ? 2 : 1))) {
    const h = rng.u(9.5, 21), dw = rng.u(2, 14);
    if (freePerson(hh, d0 + h, d0 + h + dw / 60 + 0.05)) goStorage(apt, TA(d0 + h), dw * MINUTE, 4, rng);
  }
  if (apt.port.attic >= 0 && rng.chance(0.012)) {
    const h = rng.u(10, 20), dw = rng.u(3, 15);
    if (freePerson(hh, d0 + h, d0 + h + dw / 60 + 0.05)) goAttic(apt, TA(d0 + h), dw * MINUTE, 3, rng);
  }
  // guests
  const midsParty = d === CAL.midsommarafton;
  if (rng.chance((cx.free ? 0.13 : 0.05) * (cx.summer ? 1.2 : 1) + (midsParty ? 0.2 : 0) + (d === CAL.kraftskiva || d === CAL.kraftskiva - 1 ? 0.08 : 0))) {
    const arr = midsParty ? rng.u(16.5, 19) : rng.u(12, 20) + 0.5 * cx.light;
    const stay = midsParty ? rng.u(5, 9) : rng.u(1, 5) + (cx.nextFree ? rng.u(0, 2) : 0);
    if (hhPresent(hh, d0 + arr) && hhPresent(hh, d0 + arr + stay)) {
      for (let g = midsParty ? rng.int(2, 5) : 1; g > 0; g--) {
        const a = d0 + arr + rng.u(0, 0.7), b = d0 + arr + stay + rng.u(-0.5, 0.5);
        visitorIn(apt.port, apt.floor, TA(a), rng);
        visitorOut(apt.port, apt.floor, TA(b), rng, { extraEntr: (b % 24) < 4 && rng.chance(0.3) ? rng.u(20, 120) * SEC : 0 });
      }
    }
  }
  // food delivery
  if (rng.chance(0.025 + (cx.heat ? 0.04 : 0) + (cx.free ? 0.015 : 0))) {
    const h = rng.u(17, 21.8);
    if (hhPresent(hh, d0 + h)) { const t = visitorIn(apt.port, apt.floor, TA(d0 + h), rng, { liftP: 0.5, per: 5 }); visitorOut(apt.port, apt.floor, t + rng.u(20, 60) * SEC, rng, { liftP: 0.5, per: 4 }); }
  }
}

// plant-watering neighbours
function watering(d) {
  for (const hh of HOUSEHOLDS) for (const tr of hh.trips) {
    if (!tr.helper || d * 24 < tr.a + 36 || d * 24 > tr.b - 12) continue;
    const rng = tr.helper.rng;
    if (tr.nextVisit == null) tr.nextVisit = Math.floor(tr.a / 24) + rng.int(2, 3);
    if (d < tr.nextVisit) continue;
    tr.nextVisit = d + rng.int(2, 4);
    const h = d * 24 + rng.u(9, 21), dur = rng.u(5, 20) / 60;
    const helper = tr.helper, p = freePerson(helper, h, h + dur + 0.1);
    if (!p) continue;
    const ha = helper.apt, ta = hh.apt;
    if (ha.port === ta.port) { // walk between floors inside the stairwell
      const lo = Math.min(ha.floor, ta.floor), hi = Math.max(ha.floor, ta.floor);
      const walk = (t0) => { for (const st of ha.port.stairs) if (st.floor >= lo && st.floor <= hi) { const t = TA(t0) + Math.abs(st.floor - ha.floor) * 8 * SEC; see(st.si, t, t + rng.u(3, 8) * SEC); } };
      walk(h); walk(h + dur);
    } else {
      const out = leaveHome(ha, TA(h), rng);
      visitorIn(ta.port, ta.floor, out + rng.u(60, 180) * SEC, rng, { liftP: 0.7 });
      const back = visitorOut(ta.port, ta.floor, TA(h + dur), rng, { liftP: 0.7 });
      comeHome(ha, back + rng.u(60, 180) * SEC, rng);
    }
  }
}

// ------------------------------------------------------------------ building services
const SVC = R('services');
const CLEAN = { dayA: SVC.pick([1, 2]), dayB: SVC.pick([2, 3]), subA: SVC.pick([3, 4]), subB: SVC.pick([4, 0]), h: SVC.u(7.8, 9) };
function cleanPort(port, t, rng, dwellRange) {
  const top = port.floors - 1;
  // up to the top (lift if there is one), then mop downwards landing by landing
  t = pass(port.entrance, t, 6, 15, rng);
  if (port.lift) t += rng.u(40, 70) * SEC; else { for (const st of port.stairs) see(st.si, t + st.floor * 9 * SEC, t + st.floor * 9 * SEC + rng.u(3, 6) * SEC); t += top * 9 * SEC; }
  for (let f = top; f >= 0; f--) {
    const st = port.stairs.find((s) => s.floor === f);
    const dw = rng.u(dwellRange[0], dwellRange[1]) * MINUTE;
    if (st) see(st.si, t, t + dw);
    t += dw;
  }
  const dwE = rng.u(dwellRange[0] + 2, dwellRange[1] + 3) * MINUTE;
  see(port.entrance, t, t + dwE);
  return t + dwE;
}
function cleaner(d) {
  const cx = CX[d], rng = SVC;
  const sub = cx.sem;
  for (const b of BLDS) {
    const day = sub ? (b.id === 0 ? CLEAN.subA : CLEAN.subB) : (b.id === 0 ? CLEAN.dayA : CLEAN.dayB);
    if (cx.wd !== day || cx.holiday) continue;
    if (sub && b.id === 1 && Math.floor(d / 7) % 2 === 1) continue; // substitute does B every other week
    const week = Math.floor(d / 7);
    let t = TA(d * 24 + (sub ? (rng.chance(0.7) ? rng.u(12.5, 14) : rng.u(6.3, 7)) : CLEAN.h + (b.id === 1 ? 2.5 : 0) + rng.normal(0, 0.15)));
    const order = sub ? rng.shuffle(b.ports.slice()) : b.ports;
    for (const port of order) {
      const cap = capture(() => {
        t = cleanPort(port, t, rng, sub ? [1.5, 4] : [3, 7]);
        if (week % 2 === 0 && !sub) { t += rng.u(1, 3) * MINUTE; const dw = rng.u(5, 10) * MINUTE; see(port.basement, t, t + dw); t += dw; }
      });
      labelCap(cap, 'cleaner');
      t += rng.u(2, 5) * MINUTE;
    }
    if (week % 2 === 0 || sub) for (const r of b.laundry) {
      const cap = capture(() => { pass(r.port.basement, t, 4, 8, rng); const a = t + 15 * SEC, dw = rng.u(10, 20) * MINUTE; see(r.si, a, a + dw); t = a + dw + rng.u(1, 3) * MINUTE; pass(r.port.basement, t - 20 * SEC, 4, 8, rng); });
      labelCap(cap, 'cleaner');
    }
  }
}
function newspaper(d) {
  const rng = SVC, cx = CX[d];
  const sub = d >= 35 && d < 70;
  let h = sub ? rng.u(4.6, 5.8) : (cx.wd === 6 ? rng.u(4.4, 4.9) : rng.u(4.0, 4.35));
  let t = TA(d * 24 + h);
  const order = sub ? rng.shuffle(PORTS.slice()) : PORTS;
  for (const port of order) {
    const floors = new Set();
    for (const apt of port.apts) for (const hh of apt.hhs) {
      if (!hh.paper || hh.toAH <= d * 24 + h || hh.fromAH > d * 24 + h) continue;
      const paused = hh.trips.some((tr) => tr.pausePaper && !tr.short && d * 24 + h >= tr.a + 24 && d * 24 + h < tr.b);
      if (!paused) floors.add(apt.floor);
    }
    t += rng.u(1, 3) * MINUTE;
    if (!floors.size) continue;
    const maxF = Math.max(...floors);
    const cap = capture(() => {
      const e = pass(port.entrance, t, 4, 9, rng);
      const per = (sub ? rng.u(8, 12) : rng.u(5, 7)) * SEC;
      const up = port.lift && maxF >= 3 && rng.chance(0.6);
      let tt = e;
      if (up) { see(port.entrance, e, e + rng.u(5, 30) * SEC); tt = e + 30 * SEC + maxF * 2.5 * SEC; }
      else for (const st of port.stairs) if (st.floor <= maxF) see(st.si, e + st.floor * per, e + st.floor * per + rng.u(3, 8) * SEC);
      if (!up) tt = e + maxF * per;
      // down, dropping papers
      for (let f = maxF; f >= 0; f--) {
        const st = port.stairs.find((s) => s.floor === f);
        const dw = (floors.has(f) ? rng.u(5, 12) : rng.u(2, 4)) * SEC;
        if (st) see(st.si, tt, tt + dw + rng.u(2, 5) * SEC);
        tt += dw + per;
      }
      t = pass(port.entrance, tt, 3, 7, rng);
    });
    labelCap(cap, 'newspaper');
  }
}
function postman(d) {
  const rng = SVC, cx = CX[d];
  if (cx.wd >= 5 || cx.holiday) return;
  const days = Math.floor(d / 7) % 2 === 0 ? [0, 2, 4] : [1, 3];
  const routes = [{ days, h: [10, 13.5] }];
  if (cx.wd === 2 && Math.floor(d / 7) % 2 === 1) routes.push({ h: [11, 17] }); // advertising distribution, fortnightly
  for (const rt of routes) {
    if (rt.days && !rt.days.includes(cx.wd)) continue;
    let t = TA(d * 24 + rng.u(rt.h[0], rt.h[1]));
    for (const port of PORTS) {
      const e = pass(port.entrance, t, 4, 9, rng), per = rng.u(7, 10) * SEC;
      let tt = e;
      for (const st of port.stairs) see(st.si, e + st.floor * per, e + st.floor * per + rng.u(4, 8) * SEC);
      tt = e + (port.floors - 1) * per + 5 * SEC;
      for (let f = port.floors - 1; f >= 0; f--) { const st = port.stairs.find((s) => s.floor === f); const dw = rng.u(10, 25) * SEC; if (st) see(st.si, tt, tt + dw); tt += dw + per * 0.6; }
      t = pass(port.entrance, tt, 3, 7, rng) + rng.u(1, 4) * MINUTE;
    }
  }
}
function caretaker(d) {
  const rng = SVC, cx = CX[d];
  if (cx.wd >= 5 || cx.holiday) return;
  const vac = d >= 35 && d < 63;
  if (vac && cx.wd !== 2) return; // the substitute comes on Wednesdays only
  const targets = [];
  for (const p of PORTS) { targets.push([p.basement, p]); targets.push([p.storage, p]); if (p.attic >= 0) targets.push([p.attic, p]); }
  for (const b of BLDS) { targets.push([b.garbage.si, null]); targets.push([b.bike.si, null]); for (const r of b.laundry) targets.push([r.si, null]); }
  targets.push([COMMON.si, null]);
  for (let k = rng.int(vac ? 3 : 2, vac ? 6 : 5); k > 0; k--) {
    const [si, port] = rng.pick(targets);
    const t = TA(d * 24 + rng.u(7.5, 15.5));
    if (port) { const e = pass(port.entrance, t, 4, 8, rng); if (si !== port.basement) pass(port.basement, e + 8 * SEC, 4, 8, rng); see(si, e + 20 * SEC, e + 20 * SEC + rng.u(2, 12) * MINUTE, 4); }
    else see(si, t, t + rng.u(2, 12) * MINUTE, 4);
  }
}
function garbageCollection(d) {
  const rng = SVC, cx = CX[d];
  for (const b of BLDS) {
    if (cx.wd === (b.id === 0 ? 1 : 4) && !cx.holiday) { const t = TA(d * 24 + rng.u(6.0, 7.0)); see(b.garbage.si, t, t + rng.u(4, 12) * MINUTE, 6); }
    if (cx.wd === 3 && Math.floor(d / 7) % 2 === b.id) { const t = TA(d * 24 + rng.u(7, 9)); see(b.garbage.si, t, t + rng.u(3, 8) * MINUTE, 6); }
  }
}
// contractor repainting one port's stairwell: 4 weekdays, unlabelled
const PAINT = (() => { const rng = R('painters'); if (!rng.chance(0.8)) return null; return { port: rng.pick(PORTS), d0: rng.pick([21, 63, 70]), rng }; })();
function painters(d) {
  if (!PAINT || d < PAINT.d0 || d >= PAINT.d0 + 4) return;
  const { port, rng } = PAINT;
  const main = port.stairs[(d - PAINT.d0) % port.stairs.length];
  for (const [a, b] of [[7 + rng.u(0, 0.3), 11.5 + rng.u(0, 0.3)], [12.2 + rng.u(0, 0.3), 15.6 + rng.u(0, 0.4)]]) {
    const t0 = TA(d * 24 + a), t1 = TA(d * 24 + b);
    visitorIn(port, main.floor, t0, rng, { liftP: 0 });
    see(main.si, t0 + 60 * SEC, t1, 3);
    for (let t = t0 + rng.u(20, 60) * MINUTE; t < t1; t += rng.u(30, 90) * MINUTE) { const g = stairsDown(port, main.floor, t, rng, { liftP: 0 }); pass(port.entrance, g, 10, 40, rng); stairsUp(port, main.floor, g + rng.u(2, 6) * MINUTE, rng, { liftP: 0 }); }
    visitorOut(port, main.floor, t1, rng, { liftP: 0 });
  }
}

// ------------------------------------------------------------------ shared rooms: laundry, common room; kids, chats, propped doors
const ROOMS = R('rooms');
function laundry(d) {
  const cx = CX[d], rng = ROOMS;
  const slots = [[7, 10], [10, 13], [13, 16], [16, 19], [19, 22]];
  const pw = cx.free ? [0.6, 0.8, 0.7, 0.55, 0.35] : [0.4, 0.45, 0.45, 0.7, 0.6];
  for (const b of BLDS) {
    const hhs = HOUSEHOLDS.filter((h) => h.apt.port.building === b && hhPresent(h, d * 24 + 12));
    const all = HOUSEHOLDS.filter((h) => h.apt.port.building === b && h.fromAH < d * 24 + 12 && h.toAH > d * 24 + 12).length || 1;
    const share = hhs.length / all;
    if (!hhs.length) continue;
    for (const room of b.laundry) {
      // heat-wave early bird before the first slot (unlabelled)
      if (cx.heat && rng.chance(0.2)) { const hh = rng.pick(hhs); const h = rng.u(5.8, 6.6); if (freePerson(hh, d * 24 + h, d * 24 + h + 0.2)) goRoom(hh.apt, room, TA(d * 24 + h), rng.u(4, 8) * MINUTE, 8, rng); }
      for (let s = 0; s < slots.length; s++) {
        if (!rng.chance(clamp(pw[s] * Math.pow(share, 0.8) * (cx.heat ? 1.2 : 1), 0, 0.95))) continue;
        const hh = rng.pick(hhs);
        const [s0, s1] = slots[s];
        let h = s0 + rng.u(0, 0.4);
        const visits = [[h, rng.u(4, 9)]];
        h += rng.u(0.75, 1.05); visits.push([h, rng.u(4, 10)]);
        if (rng.chance(0.7)) { h += rng.u(0.8, 1.1); visits.push([h, rng.u(5, 12)]); }
        if (rng.chance(0.4) && h + 0.7 < s1 + 0.3) { h += rng.u(0.4, 0.7); visits.push([h, rng.u(4, 12)]); }
        for (const [vh, dw] of visits) {
          const ah = d * 24 + Math.min(vh, s1 + 0.25);
          if (freePerson(hh, ah, ah + dw / 60 + 0.05)) goRoom(hh.apt, room, TA(ah), dw * MINUTE, 8, rng);
        }
        // the tumble dryer / washer drum makes radars see ghosts while it runs
        if (SENSORS[room.si].kind === 'mmwave') {
          const a = TA(d * 24 + visits[0][0] + 0.1), e = TA(d * 24 + h);
          for (let t = a + rng.exp(25 * MINUTE); t < e; t += rng.exp(25 * MINUTE)) SENSORS[room.si].extraGhost.push([t, t + rng.u(3, 40) * SEC]);
        }
      }
    }
  }
}
function commonRoomEvent(d, h0, h1, guests, m, rng, host) {
  const si = COMMON.si;
  const t0 = TA(d * 24 + h0), t1 = TA(d * 24 + h1);
  if (host) { const out = leaveHome(host.apt, t0 - rng.u(0.5, 1.5) * HOUR, rng); see(si, out + 60 * SEC, t0, 4); }
  for (let g = 0; g < guests; g++) { const a = t0 + rng.u(0, 0.8) * HOUR; see(si, a, a + rng.u(5, 15) * SEC); const l = t1 - rng.u(0, 1) * HOUR; see(si, l, l + rng.u(5, 15) * SEC); }
  see(si, t0, t1, m);
  if (host) { see(si, t1, t1 + rng.u(25, 50) * MINUTE, 4); comeHome(host.apt, t1 + rng.u(30, 55) * MINUTE, rng); }
}
function commonRoom(d) {
  const cx = CX[d], rng = ROOMS;
  const pick = () => { const c = HOUSEHOLDS.filter((h) => hhPresent(h, d * 24 + 12) && hhPresent(h, d * 24 + 20)); return c.length ? rng.pick(c) : null; };
  if (cx.wd === 3 && d < CAL.midsommarafton && !cx.holiday) commonRoomEvent(d, 14 + rng.u(-0.15, 0.1), 16 + rng.u(-0.2, 0.2), rng.int(4, 10), 1.5, rng, null); // seniors' fika, term only
  if (d === CAL.kraftskiva) { commonRoomEvent(d, 17.5 + rng.u(0, 0.5), 24.5 + rng.u(0, 0.5), rng.int(15, 30), 8, rng, pick()); return; }
  if (d === CAL.skolavslutning && rng.chance(0.6)) { commonRoomEvent(d, 18 + rng.u(0, 1), 24.3 + rng.u(0, 0.5), rng.int(15, 30), 9, rng, pick()); return; }
  if (cx.free && rng.chance(cx.sem ? 0.1 : 0.2)) commonRoomEvent(d, 12 + rng.u(0, 1), 16 + rng.u(0, 1), rng.int(8, 15), 8, rng, pick()); // children's birthday
  else if ((cx.wd === 4 || cx.wd === 5) && rng.chance(cx.sem ? 0.06 : 0.12)) commonRoomEvent(d, 18.5 + rng.u(0, 1), 24 + rng.u(0, 1), rng.int(10, 25), 8, rng, pick());
  // svalrum on heat-wave afternoons
  if (cx.heat && !cx.free) {
    const olds = HOUSEHOLDS.filter((h) => h.type === 'retiree' && hhPresent(h, d * 24 + 14));
    for (let k = Math.min(olds.length, rng.int(1, 5)); k > 0; k--) {
      const hh = rng.pick(olds), h = rng.u(12, 16), dur = rng.u(1, 3);
      const p = freePerson(hh, d * 24 + h, d * 24 + h + dur); if (!p) continue;
      const out = leaveHome(hh.apt, TA(d * 24 + h), rng) + rng.u(1, 3) * MINUTE;
      see(COMMON.si, out, out + 15 * SEC); see(COMMON.si, out, TA(d * 24 + h + dur) - 2 * MINUTE, 0.4);
      comeHome(hh.apt, TA(d * 24 + h + dur), rng);
    }
  }
}
function portLife(d) {
  const cx = CX[d], rng = ROOMS;
  for (const port of PORTS) {
    const spots = [port.entrance, ...port.stairs.map((s) => s.si)];
    // children playing in the stairwell on rainy summer days
    if (cx.rain && !cx.school) {
      const kids = port.apts.some((a) => a.hhs.some((h) => hhPresent(h, d * 24 + 12) && h.persons.some((p) => p.role === 'pupil' && p.age <= 12)));
      if (kids && rng.chance(0.45)) for (let k = rng.int(1, 2); k > 0; k--) { const t = TA(d * 24 + rng.u(10, 18.5)); see(rng.pick(spots), t, t + rng.u(10, 40) * MINUTE, 12); }
    }
    // the pram room also holds scooters, sledges and the odd rollator
    if (port.pram >= 0) for (let k = rng.poisson(cx.sem ? 0.25 : 0.4); k > 0; k--) { const t = TA(d * 24 + rng.u(8, 20.5)); see(port.pram, t, t + rng.u(10, 60) * SEC); }
    // neighbours chatting
    if (rng.chance(0.12)) { const t = TA(d * 24 + rng.u(9, 20)); see(rng.pick(spots), t, t + rng.u(3, 14) * MINUTE, 1.5); }
    // door propped open in the heat: passers-by, kids running in and out, wind
    if (cx.heat) for (let t = TA(d * 24 + 12) + rng.exp(HOUR / 1.2); t < TA(d * 24 + 22); t += rng.exp(HOUR / 1.2)) see(port.entrance, t, t + rng.u(3, 12) * SEC);
  }
}

// ------------------------------------------------------------------ run the residents and services
for (let d = 0; d < NDAYS; d++) {
  const cx = CX[d];
  for (const hh of HOUSEHOLDS) simulateHouseholdDay(hh, d, cx);
  watering(d); cleaner(d); newspaper(d); postman(d); caretaker(d); garbageCollection(d); painters(d);
  laundry(d); commonRoom(d); portLife(d);
}

// ------------------------------------------------------------------ anomalies (after learnedFrom)
const ANOM = R('anomalies');
function placeTry(fn, tries = 40) { for (let i = 0; i < tries; i++) if (fn()) return true; return false; }
function outsiderTo(kind, port, t, rng) { // returns arrival ms at the spot (passes unlabelled)
  if (kind === 'entrance') return t;
  if (kind === 'bike' || kind === 'garbage' || kind === 'other') return t;
  const e = pass(port.entrance, t, 4, 9, rng);
  if (kind === 'top' || kind === 'stair') return stairsUp(port, kind === 'top' ? port.floors - 1 : port._floor, e - 2 * SEC, rng, { liftP: 0.4 });
  if (kind === 'attic') return stairsUp(port, port.floors - 1, e - 2 * SEC, rng, { liftP: 0.3 }) + rng.u(5, 15) * SEC;
  const b = pass(port.basement, e + rng.u(6, 12) * SEC, 3, 7, rng);
  return kind === 'basement' ? e + rng.u(6, 12) * SEC : b + rng.u(3, 8) * SEC;
}
function outsiderFrom(kind, port, t, rng) {
  if (kind === 'entrance' || kind === 'bike' || kind === 'garbage' || kind === 'other') return;
  if (kind === 'top' || kind === 'stair' || kind === 'attic') { const g = stairsDown(port, kind === 'stair' ? port._floor : port.floors - 1, t + 5 * SEC, rng, { liftP: 0.4 }); pass(port.entrance, g, 3, 7, rng); return; }
  const b = kind === 'basement' ? t : pass(port.basement, t + rng.u(3, 8) * SEC, 3, 7, rng);
  pass(port.entrance, b + rng.u(6, 12) * SEC, 3, 7, rng);
}
function spotSensor(kind, port) {
  switch (kind) {
    case 'top': return port.stairs[port.stairs.length - 1].si;
    case 'stair': return port.stairs.find((s) => s.floor === port._floor).si;
    case 'entrance': return port.entrance;
    case 'basement': return port.basement;
    case 'storage': return port.storage;
    case 'attic': return port.attic;
    case 'bike': return port.building.bike.si;
    case 'garbage': return port.building.garbage.si;
    case 'other': return COMMON.si;
  }
  return -1;
}
// two anomalies never share a sensor within an hour of each other (each label should mean one thing)
const anomBusy = (si, s, e) => LABELS.some((l) => l.si === si && (l.type === 'loitering' || l.type === 'stash' || l.type === 'night-disturbance') && s < l.e + HOUR && e > l.s - HOUR);
const anyDay = (rng, lo = LEARN_DAYS, hi = NDAYS - 2) => rng.int(lo, hi);
function episode(kind, port, ah0, durMin, m, type, rng, o = {}) {
  const si = spotSensor(kind, port);
  if (si < 0) return false;
  const tArr = TA(ah0), s = tArr, e = tArr + durMin * MINUTE;
  if (s < LEARNED + 30 * MINUTE || e > TO - 30 * MINUTE || !usable(si, s - 20 * MINUTE, e + 20 * MINUTE) || anomBusy(si, s, e)) return false;
  const t = outsiderTo(kind, port, s - rng.u(20, 60) * SEC, rng);
  const a = Math.max(s, t);
  if (o.phases) { // arrive active, then quiet (sleeping), leave active
    const set = a + rng.u(3, 8) * MINUTE, wake = e - rng.u(2, 5) * MINUTE;
    see(si, a, set, 5); see(si, set, wake, o.quiet); see(si, wake, e, 5);
  } else see(si, a, e, m);
  outsiderFrom(kind, port, e, rng);
  label(si, type, a, e + (SENSORS[si].kind === 'pir' ? 0 : 0));
  return true;
}
const ANOM_LOG = [];
function anomalies() {
  const rng = ANOM;
  const portsA = BLDS[0].ports;
  // --- loitering: youths hanging out on summer evenings
  for (let ep = rng.int(1, 2); ep > 0; ep--) {
    const kind = rng.wpick([['top', 0.45], ['basement', 0.2], ['bike', 0.15], ['entrance', 0.2]]);
    const port = rng.pick(PORTS);
    const d0 = anyDay(rng, LEARN_DAYS, NDAYS - 12);
    const nights = rng.shuffle(Array.from({ length: 10 }, (_, i) => d0 + i)).slice(0, rng.int(3, 6));
    let n = 0;
    for (const d of nights) if (placeTry(() => episode(kind, port, d * 24 + rng.u(20.5, 23.3), rng.u(40, 150), rng.u(3, 7), 'loitering', rng), 5)) n++;
    ANOM_LOG.push(`loitering/youths ${kind} ${port.address} ${n} evenings from day ${d0}`);
  }
  // --- loitering: rough sleeper
  if (rng.chance(0.65)) {
    const kind = rng.wpick([['attic', 0.3], ['basement', 0.2], ['storage', 0.15], ['bike', 0.15], ['top', 0.2]]);
    const port = kind === 'attic' ? rng.pick(portsA) : rng.pick(PORTS);
    const d0 = anyDay(rng, LEARN_DAYS, NDAYS - 10);
    let n = 0;
    for (let k = 0, nn = rng.int(2, 5); k < 8 && n < nn; k++) {
      if (k > 0 && rng.chance(0.25)) continue;
      const a = (d0 + k) * 24 + rng.u(23, 25.5), e = (d0 + k) * 24 + rng.u(28.5, 30.5);
      if (episode(kind, port, a, (e - a) * 60, 0, 'loitering', rng, { phases: true, quiet: rng.u(0.08, 0.3) })) n++;
    }
    ANOM_LOG.push(`loitering/rough-sleeper ${kind} ${port.address} ${n} nights from day ${d0}`);
  }
  // --- loitering: someone waiting (selling, or waiting for a particular tenant)
  {
    const port = rng.pick(PORTS);
    const kind = rng.chance(0.55) ? 'entrance' : 'stair';
    port._floor = rng.pick(port.stairs).floor;
    const d0 = anyDay(rng, LEARN_DAYS, NDAYS - 15);
    let n = 0;
    for (let k = rng.int(3, 6); k > 0; k--) if (placeTry(() => episode(kind, port, (d0 + rng.int(0, 13)) * 24 + rng.u(15, 22.5), rng.u(20, 75), rng.u(1, 3), 'loitering', rng), 5)) n++;
    ANOM_LOG.push(`loitering/waiting ${kind} ${port.address} x${n} from day ${d0}`);
  }
  // --- stash
  for (let ep = rng.chance(0.5) ? 2 : 1; ep > 0; ep--) {
    placeTry(() => {
      const kind = rng.wpick([['storage', 0.3], ['bike', 0.2], ['garbage', 0.2], ['attic', 0.15], ['basement', 0.15]]);
      const port = kind === 'attic' ? rng.pick(portsA) : rng.pick(PORTS);
      const si = spotSensor(kind, port);
      const d0 = anyDay(rng, LEARN_DAYS, NDAYS - 8), len = rng.int(6, 14);
      const d1 = Math.min(d0 + len, NDAYS - 1);
      if (!usable(si, TA(d0 * 24), TA(d1 * 24 + 6)) || anomBusy(si, TA(d0 * 24), TA(d1 * 24 + 6))) return false;
      const lam = rng.u(2.5, 6); // sessions a day; a session is the keeper and/or a few customers
      const visits = [];
      for (let d = d0; d < d1; d++) {
        const n = rng.poisson(lam * (CX[d].free || CX[d].nextFree ? 1.3 : 1));
        for (let k = 0; k < n; k++) {
          const h = rng.wpick([['eve', 0.55], ['aft', 0.3], ['odd', 0.15]]);
          let hh = h === 'eve' ? rng.u(20, 27) : h === 'aft' ? rng.u(14, 20) : rng.chance(0.5) ? rng.u(27, 30) : rng.u(8, 14);
          visits.push(d * 24 + hh);
          while (rng.chance(0.45)) { hh += rng.u(2, 20) / 60; visits.push(d * 24 + hh); }
        }
      }
      visits.sort((a, b) => a - b);
      let cl = null; let nl = 0;
      const flush = () => { if (cl) { label(si, 'stash', cl[0], cl[1]); nl++; } cl = null; };
      for (const ah of visits) {
        const s = TA(ah);
        if (s < LEARNED + 30 * MINUTE || s > TO - 30 * MINUTE) continue;
        const a = outsiderTo(kind, port, s - rng.u(10, 40) * SEC, rng);
        const st = Math.max(a, s), e = st + rng.u(20, 100) * SEC;
        see(si, st, e, WALK);
        outsiderFrom(kind, port, e, rng);
        if (cl && st - cl[1] < 60 * MINUTE) cl[1] = e; else { flush(); cl = [st, e]; }
      }
      flush();
      ANOM_LOG.push(`stash ${kind} ${port.address} days ${d0}-${d1} ${visits.length} visits ${nl} labels`);
      return true;
    });
  }
  // --- night-disturbance: party on a landing
  for (let k = rng.chance(0.4) ? 2 : 1; k > 0; k--) {
    placeTry(() => {
      const port = rng.pick(PORTS); const st = rng.pick(port.stairs); port._floor = st.floor;
      const d = 7 * rng.int(2, 10) + rng.pick([4, 5]);
      if (d > NDAYS - 2) return false;
      const ok = episode('stair', port, d * 24 + rng.u(23, 26), rng.u(60, 180), rng.u(6, 12), 'night-disturbance', rng);
      if (ok) ANOM_LOG.push(`night/party ${port.address} floor ${st.floor} day ${d}`);
      return ok;
    });
  }
  // --- fights
  for (let k = rng.int(2, 4); k > 0; k--) placeTry(() => {
    const port = rng.pick(PORTS); port._floor = port.stairs[0].floor;
    const kind = rng.chance(0.6) ? 'entrance' : 'stair';
    const d = anyDay(rng);
    const ok = episode(kind, port, d * 24 + rng.u(24.5, 28), rng.u(4, 18), 20, 'night-disturbance', rng);
    if (ok) ANOM_LOG.push(`night/fight ${kind} ${port.address} day ${d}`);
    return ok;
  });
  // --- storage burglary tour in the industrisemester
  placeTry(() => {
    const b = rng.pick(BLDS), d = rng.int(CAL.semFrom, CAL.semTo - 1);
    const ports = rng.shuffle(b.ports.slice()).slice(0, rng.int(1, 3));
    let t = TA(d * 24 + rng.u(25, 27.5));
    for (const p of ports) if (!usable(p.storage, t - HOUR, t + 3 * HOUR) || !usable(p.basement, t - HOUR, t + 3 * HOUR) || anomBusy(p.storage, t, t + 3 * HOUR) || anomBusy(p.basement, t, t + 3 * HOUR) || anomBusy(p.entrance, t, t + 3 * HOUR)) return false;
    for (const p of ports) {
      const e0 = pass(p.entrance, t, 4, 9, rng) + rng.u(6, 12) * SEC;
      const search = rng.u(2, 6) * MINUTE;
      see(p.basement, e0, e0 + search, 10); label(p.basement, 'night-disturbance', e0, e0 + search);
      const s = e0 + search, dur = rng.u(15, 50) * MINUTE;
      see(p.storage, s, s + dur, 14); label(p.storage, 'night-disturbance', s, s + dur);
      const out = pass(p.basement, s + dur + 5 * SEC, 4, 10, rng);
      pass(p.entrance, out + 8 * SEC, 3, 7, rng);
      t = out + rng.u(3, 10) * MINUTE;
    }
    ANOM_LOG.push(`night/storage-burglary ${ports.map((p) => p.address).join(', ')} day ${d}`);
    return true;
  });
  // --- bike theft
  if (rng.chance(0.75)) placeTry(() => { const b = rng.pick(BLDS), d = anyDay(rng); const ok = episode('bike', b.bike.port, d * 24 + rng.u(25.5, 28.5), rng.u(5, 20), 12, 'night-disturbance', rng); if (ok) ANOM_LOG.push(`night/bike-theft ${b.bike.port.address} day ${d}`); return ok; });
  // --- attic break-in attempt
  if (rng.chance(0.5)) placeTry(() => { const p = rng.pick(portsA), d = anyDay(rng); const ok = episode('attic', p, d * 24 + rng.u(25, 28), rng.u(15, 40), 10, 'night-disturbance', rng); if (ok) ANOM_LOG.push(`night/attic-break-in ${p.address} day ${d}`); return ok; });
  // --- noisy group of outsiders in the entrance
  if (rng.chance(0.75)) placeTry(() => { const p = rng.pick(PORTS), d = anyDay(rng); const ok = episode('entrance', p, d * 24 + rng.u(25, 27.5), rng.u(15, 45), 8, 'night-disturbance', rng); if (ok) ANOM_LOG.push(`night/noisy-group entrance ${p.address} day ${d}`); return ok; });
}
anomalies();

// ------------------------------------------------------------------ sensor models
const dayOfT = (t) => Math.floor(localAH(t) / 24);
function atticHot(t) { const ah = localAH(t), d = Math.floor(ah / 24), h = ah - d * 24; return d >= 0 && d < NDAYS && CX[d].heat && h >= 11 && h < 20.5; }
function pirModel(sen, arr, rng, out) {
  const prof = sen.prof, segs = [];
  for (let k = 0; k < arr.length; k += 3) {
    const s = arr[k], e = arr[k + 1], m = arr[k + 2];
    if (s >= TO || e <= FROM) continue;
    let pd = prof.pDet;
    if (sen.space === 'attic' && atticHot(s)) pd *= 0.5;
    if (m < 0) {
      if (e - s < 15 * SEC) { if (rng.chance(pd)) segs.push([s, e]); }
      else segs.push([rng.chance(pd) ? s : s + Math.min(e - s, rng.u(3, 10) * SEC), e]);
    } else {
      const wk = Math.min(e - s, 6 * SEC);
      if (rng.chance(pd)) segs.push([s, s + wk]);
      if (rng.chance(pd)) segs.push([e - wk, e]);
      if (m > 0) { const mean = MINUTE / m; for (let t = s + rng.exp(mean); t < e; t += rng.exp(mean)) if (rng.chance(pd)) segs.push([t, Math.min(e, t + rng.u(1, 4) * SEC)]); }
    }
  }
  segs.sort((a, b) => a[0] - b[0]);
  let on = false, blindUntil = -Infinity, offAt = 0;
  for (const [a, b] of segs) {
    let t = Math.max(a, blindUntil);
    while (t <= b) {
      if (on && offAt <= t) { out.push(offAt, 0); on = false; }
      const td = t + rng.u(100, 900);
      if (!on) { out.push(td, 1); on = true; } else if (prof.repeat) out.push(td, 1);
      offAt = td + prof.timeout; blindUntil = td + prof.blind; t = blindUntil;
    }
  }
  if (on) out.push(offAt, 0);
}
function radarModel(sen, arr, rng, out) {
  const prof = sen.prof, hold = sen.hold, segs = [];
  for (let k = 0; k < arr.length; k += 3) {
    const s = arr[k], e = arr[k + 1], m = arr[k + 2];
    if (s >= TO || e <= FROM) continue;
    if (m < 0 && e - s < 4 * SEC && rng.chance(0.04)) continue;
    let a = s + rng.u(0.5, 2.5) * SEC;
    if (a >= e) a = s + 300;
    if (m >= 0 && m < 3) { // still occupants: breathing only, the radar loses them now and then
      const rate = prof.stillDrop * (m < 0.6 ? 1 : 0.35) / HOUR;
      let t = a + rng.exp(1 / rate);
      while (t < e - hold) { const gap = hold + rng.u(1, 20) * SEC; segs.push([a, t]); a = t + gap; t = a + rng.exp(1 / rate); }
    }
    if (a < e) segs.push([a, e]);
  }
  for (const g of sen.extraGhost) segs.push(g);
  // background ghosts: more in the daytime (people moving behind thin doors, sunlit windows)
  const maxRate = sen.ghostRate * 1.5;
  if (maxRate > 0) for (let t = FROM + rng.exp(HOUR / maxRate); t < TO; t += rng.exp(HOUR / maxRate)) {
    const h = ((localAH(t) % 24) + 24) % 24;
    if (rng.chance((h >= 7 && h < 23 ? 1.5 : 0.5) / 1.5)) segs.push([t, t + rng.u(1, 20) * SEC]);
  }
  segs.sort((a, b) => a[0] - b[0]);
  let cur = null;
  const emit = (a, b) => {
    const end = b + hold;
    out.push(a, 1);
    if (sen.flapRate > 0) {
      const n = rng.poisson(((end - a) / HOUR) * sen.flapRate);
      const xs = []; for (let i = 0; i < n; i++) xs.push(a + rng.next() * (end - a));
      xs.sort((x, y) => x - y);
      let last = a;
      for (const x of xs) { const back = x + rng.u(1, 6) * SEC; if (x > last + 2 * SEC && back < end - 2 * SEC) { out.push(x, 0, back, 1); last = back; } }
    }
    out.push(end, 0);
    if (rng.chance(sen.flappy ? 0.15 : 0.03)) { const g = end + rng.u(2, 15) * SEC; out.push(g, 1, g + hold * rng.u(0.3, 1) + rng.u(1, 4) * SEC, 0); }
  };
  for (const sg of segs) {
    if (cur && sg[0] <= cur[1] + hold) { if (sg[1] > cur[1]) cur[1] = sg[1]; }
    else { if (cur) emit(cur[0], cur[1]); cur = [sg[0], sg[1]]; }
  }
  if (cur) emit(cur[0], cur[1]);
}

// ------------------------------------------------------------------ transport: loss, duplicates, outages, batteries
const N_EST = 1 << 20;
let evT = new Float64Array(N_EST), evS = new Int32Array(N_EST), evO = new Uint8Array(N_EST), nEv = 0;
function pushEv(t, si, o) {
  if (nEv === evT.length) {
    const nt = new Float64Array(evT.length * 2); nt.set(evT); evT = nt;
    const ns = new Int32Array(evS.length * 2); ns.set(evS); evS = ns;
    const no = new Uint8Array(evO.length * 2); no.set(evO); evO = no;
  }
  evT[nEv] = t; evS[nEv] = si; evO[nEv] = o; nEv++;
}
for (const sen of SENSORS) {
  const rng = R('sensor:' + sen.id);
  const raw = [];
  if (sen.kind === 'pir') pirModel(sen, PRES[sen.si], rng, raw); else radarModel(sen, PRES[sen.si], rng, raw);
  const bld = sen.port ? sen.port.building.id : sen.bld;
  const outs = OUTAGES.filter((o) => o.building === -1 || o.building === bld);
  let lastT = -Infinity;
  for (let k = 0; k < raw.length; k += 2) {
    let t = Math.round(raw[k]); const o = raw[k + 1];
    if (t < FROM || t >= TO) continue;
    if (t <= lastT) t = lastT + 1; // keep a sensor's own messages strictly ordered
    lastT = t;
    if (outs.some((x) => t >= x.a && t < x.b)) continue;
    if (sen.dead.some(([a, b]) => t >= a && t < b)) continue;
    let p = sen.drop;
    if (sen.ramp && t >= sen.ramp.t0 && t < sen.ramp.tDead) p += 0.7 * (t - sen.ramp.t0) / (sen.ramp.tDead - sen.ramp.t0);
    if (rng.chance(p)) continue;
    pushEv(t, sen.si, o);
    if (rng.chance(0.002)) { const td = t + Math.round(rng.u(30, 400)); if (td < TO) pushEv(td, sen.si, o); }
  }
}
const order = new Uint32Array(nEv); for (let i = 0; i < nEv; i++) order[i] = i;
order.sort((a, b) => (evT[a] - evT[b]) || (evS[a] - evS[b]) || (a - b));

// ------------------------------------------------------------------ output
mkdirSync(ARGS.out, { recursive: true });
{
  const parts = ['ts,sensor,occupied\n'];
  let buf = '';
  for (let k = 0; k < nEv; k++) {
    const i = order[k];
    buf += evT[i] + ',' + SENSORS[evS[i]].id + ',' + evO[i] + '\n';
    if (buf.length > 1 << 20) { parts.push(buf); buf = ''; }
  }
  parts.push(buf);
  writeFileSync(join(ARGS.out, 'events.csv'), parts.join(''));
}
const sensorsJson = {};
for (const s of SENSORS) sensorsJson[s.id] = { space: s.space, kind: s.kind, address: s.address };
writeFileSync(join(ARGS.out, 'sensors.json'), JSON.stringify(sensorsJson, null, 1) + '\n');
const labelsOut = [];
for (const l of LABELS) {
  let s = Math.round(l.s), e = Math.round(l.e);
  s = Math.max(s, FROM); e = Math.min(e, TO - 1);
  if (e <= s) continue;
  const sen = SENSORS[l.si];
  // a benign label on a sensor that cannot see it (dead battery, outage) is dropped
  const bld = sen.port ? sen.port.building.id : sen.bld;
  if (sen.dead.some(([a, b]) => s >= a && e <= b)) continue;
  if (OUTAGES.some((o) => (o.building === -1 || o.building === bld) && s >= o.a && e <= o.b)) continue;
  labelsOut.push({ sensor: sen.id, type: l.type, start: s, end: e });
}
labelsOut.sort((a, b) => a.start - b.start || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0) || a.end - b.end);
writeFileSync(join(ARGS.out, 'labels.json'), JSON.stringify(labelsOut, null, 1) + '\n');
writeFileSync(join(ARGS.out, 'meta.json'), JSON.stringify({ from: FROM, to: TO, learnedFrom: LEARNED }, null, 1) + '\n');

if (!ARGS.quiet) {
  const byType = {};
  for (const l of labelsOut) byType[l.type] = (byType[l.type] || 0) + 1;
  const kinds = SENSORS.reduce((a, s) => { a[s.kind] = (a[s.kind] || 0) + 1; return a; }, {});
  console.log(`seed ${SEED}: ${BLDS.map((b) => `${b.street} ${b.ports.length} ports x ${b.floors} floors`).join(' + ')}`);
  console.log(`  ${SENSORS.length} sensors (${kinds.pir || 0} pir, ${kinds.mmwave || 0} mmwave), ${HOUSEHOLDS.length} households, ${HOUSEHOLDS.reduce((s, h) => s + h.persons.length, 0)} persons`);
  console.log(`  ${nEv} events, labels: ${JSON.stringify(byType)}`);
  console.log(`  heat days: ${CX.slice(0, NDAYS).filter((c) => c.heat).map((c) => c.d).join(',')}; thunder: ${CX.slice(0, NDAYS).filter((c) => c.thunder).map((c) => c.d).join(',')}`);
  console.log(`  outages: ${OUTAGES.length}; battery dies: ${SENSORS.find((s) => s.batteryDies)?.id}${PAINT ? `; painters ${PAINT.port.address} from day ${PAINT.d0}` : ''}`);
  const share = (d) => { const live = HOUSEHOLDS.filter((h) => h.fromAH <= d * 24 + 12 && h.toAH > d * 24 + 12); return Math.round(100 * live.filter((h) => hhPresent(h, d * 24 + 12)).length / live.length); };
  console.log(`  households at home at noon: ${[3, 10, 17, 24, 31, 38, 45, 52, 59, 66, 73].map((d) => `d${d} ${share(d)}%`).join(' ')}`);
  for (const a of ANOM_LOG) console.log('  ' + a);
}
