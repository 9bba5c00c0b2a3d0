#!/usr/bin/env node
/*
 * winter.mjs - synthetic "Trygga Trappan" (Stockholm model) presence data, autumn into winter.
 *
 *   node winter.mjs --seed N --out DIR [--quiet]
 *
 * Writes DIR/events.csv (ts,sensor,occupied), sensors.json, labels.json, meta.json.
 * Fully deterministic per seed: own PRNG (xmur3 + sfc32, one named sub-stream per household/day/actor),
 * no clock reads, no Math.random, imports only node: built-ins.
 *
 * ---------------------------------------------------------------------------------------------
 * DESIGN NOTE
 * ---------------------------------------------------------------------------------------------
 * Period. Monday 19 Oct 2026 00:00 Europe/Stockholm (CEST) to Tuesday 5 Jan 2027 00:00 (CET), 78 days.
 *   learnedFrom = from + 14*24h (2 Nov 2026 00:00 CEST == 1 Nov 23:00 CET: the learning period itself
 *   holds the DST change, hostlov and Halloween/Allhelgona, so the learned baseline is not a "clean"
 *   week). Anomalies are only placed from 3 Nov onward.
 * Clock. Residents live by the wall clock. All times are planned in local minutes and converted with
 *   real EU DST rules (CEST -> CET last Sunday of October 01:00 UTC). On Sun 25 Oct the hour 02:00-03:00
 *   happens twice; a night-time plan time in that hour is placed in the first or the second occurrence at
 *   random, so e.g. Saturday-night returns are spread over 25 real hours. After the change every routine
 *   moves one hour in UTC.
 * Calendar (2026/27, checked): hostlov = ISO week 44 (26-30 Oct, schools closed); Halloween and Alla
 *   helgons dag both Sat 31 Oct (trick-or-treat groups going door to door through the stairwells
 *   17-19:30, cemetery visits with candles at dusk); Fars dag Sun 8 Nov; Black Friday 27 Nov (parcel
 *   wave the following 1-2 weeks); 1st Advent Sun 29 Nov (decorations fetched from basement storage/attic
 *   that weekend); preschool Lucia Fri 11 Dec (early morning), Lucia Sun 13 Dec (church concerts);
 *   last school day Fri 18 Dec, jullov afterwards; julafton Thu 24 Dec (guests 12-14:30, nobody moves
 *   during Kalle Anka 15-16, tomte visits ~16:30-18, guests leave 19-23:30); juldagen Fri 25 (julotta
 *   for a few, otherwise dead morning, wrapping paper to the garbage room), annandag Sat 26 (mellandagsrea),
 *   mellandagar 28-30 Dec (half the workers off); nyarsafton Thu 31 Dec (parties, guests arrive 18-22,
 *   everybody out to the yard for fireworks ~23:45-00:25, guests leave 00:30-03:30, dogs walked early);
 *   nyarsdagen Fri 1 Jan (nothing before ~10:30, glass recycling). Paydays 23 Oct, 25 Nov, 23 Dec.
 *   PostNord delivers letters every other weekday (Mon/Wed/Fri one ISO week, Tue/Thu the next), which
 *   gives a two-week, not weekly, rhythm. Newspapers are not delivered on 25 Dec and 1 Jan.
 * Light and weather. Sunrise/sunset for Stockholm (59.33N 18.07E) from the sunrise equation: dusk moves
 *   from ~17:30 CEST (19 Oct) to ~16:10 CET right after the change and 14:47 CET at midwinter. Elderly go
 *   out only in daylight, children stop playing outside at dusk, dog walks shorten. Daily temperature =
 *   climatology (+7.5 C late Oct to -2 C early Jan) + AR(1)
 *   anomaly + usually one cold snap (-6..-11 C extra for 4-9 days); Markov wet/dry days; precipitation
 *   falls as snow below ~1 C; snow depth accumulates and melts. A first snowfall between mid-Nov and early
 *   Dec is forced if the weather did not bring one. Snow/cold: cycling collapses (only "hardy" cyclists with
 *   studded tyres keep using the bike room), people stamp off snow and linger longer in the entrance,
 *   elderly wait inside the entrance for fardtjanst/taxi (several minutes, sometimes >15 min: an unlabelled
 *   hard negative), newspaper rounds run late, food deliveries rise, rough sleepers come in on cold nights.
 * Estate. A Swedish rental estate (allmannytta) of 3-7 buildings on 2-3 streets: 1950s lamellhus (3-5
 *   floors, no lift, 2-4 ports, often an attic/vind, letter slots in the doors), 1960s-70s skivhus (6-8
 *   floors, lift, 2-3 ports) and punkthus (8-10 floors, lift, one port). Each port (street number) has an
 *   entrance sensor, 1-2 stairwell landing sensors, sometimes an attic sensor; each building has basement
 *   corridor(s), storage room(s), maybe a bike room (via basement or via a yard door) and maybe a laundry
 *   room (buildings without one use a neighbour's); 1-3 garbage rooms (miljohus) in the yard.
 *   50-90 sensors. Routing: every trip is walked through the building: apartment door -> landings passed on
 *   the way down (or waiting at the own landing for the lift, then the lobby) -> entrance; basement trips
 *   pass the ground landing and the basement corridor; other-building laundry goes out and in again.
 * Residents. ~2-3 % vacant flats; households: singles and couples commuting (hybrid work, gym evenings,
 *   Friday/Saturday nights out), families (preschool drop-off/pick-up with a parent, school children
 *   alone, teenagers out in the evening), single parents, elderly (daylight outings, some with hemtjanst
 *   2-4 visits a day and some with nattpatrull visits between 00:30 and 04:00), students (late, irregular,
 *   most go home for Christmas), shift workers on 6-13 day rotas (early/late/night shifts: regular night
 *   passages that are not weekly), people at home. Dogs (4 walks a day), garbage trips (often on the way
 *   out), weekly laundry passes (07/10/13/16/19-22, load, move to dryer ~1 h later, collect ~2-2.5 h after
 *   start, some sit there the whole pass), storage/attic visits (winter tyres and sleds in Nov, Advent
 *   decorations), guests, parcel and food deliveries, the postman, the janitor (also battery swaps, sanding
 *   on snowy mornings), garbage collection twice a week, household trips away (hostlov, weekends,
 *   Christmas 22 Dec - 3 Jan). All of that is "normal life" and unlabelled.
 * Labels (true presence of the actors at each sensor they touch, route passages included, merged per
 *   sensor and type when the gap is small: 60 s for stash/newspaper, 5 min for loitering/night-disturbance,
 *   10 min for cleaner/moving):
 *   loitering  - youth groups gathering (3-7, staggered arrivals, evenings, more on cold/dark weekend
 *                evenings, sometimes the same place several evenings in a row), rough sleepers (arrive
 *                22:30-01:30, leave 05:00-06:45, lying still, series of 2-5 nights in cold spells), drug
 *                use (1-2 people, 20-70 min, basement/bike room/garbage room/top landing).
 *   stash      - 1-3 series of 7-20 days at one hiding place (storage, basement, bike room, garbage room,
 *                attic, top landing electricity cabinet, laundry); 1-9 visits a day of 15-90 s, mostly
 *                evening/night, more on Fridays and after payday; visitors come from the street or (some
 *                series) from a flat in the estate (no entrance passage).
 *   night-disturbance - storage burglaries (2 people, 01-04, corridor+storage(+attic), 20-80 min), a
 *                prowler climbing the stairwell trying doors (02-04:30), noisy groups in entrance/ground
 *                landing on ordinary weekend nights (00:30-03:30), bike thefts at night.
 *   cleaner    - weekly stairwell cleaning per building on a fixed weekday (entrance, landings top-down,
 *                entrance again; basement corridor + laundry every 4th week), moved to the previous working
 *                day on 24/25/31 Dec and 1 Jan, occasionally a substitute on another day or skipped.
 *   newspaper  - morning paper round 03:45-06:00 over ports with subscribers (mostly elderly), lift up and
 *                stairs down in high-rises, late on snowy days, substitute carrier on ~10 % of days.
 *   moving     - 3-6 moves (out, in, out->in) around month turns/weekends: crew of 2-4 for 3-6.5 h,
 *                loaded trips slower, entrance door propped, storage emptied. The flat is vacant before/after.
 * Sensors (ids are IEEE addresses with the vendors' real OUIs). PIR (~60-75 %), a few models per estate,
 *   each building bought one model, replacements are another one:
 *   Aqara RTCGQ11LM: 60 s hardware blind time, every detection reported (repeated 1s), zigbee2mqtt
 *     occupancy_timeout 90 s; Aqara RTCGQ14LM (P1): 30 s detection interval, 60 s timeout, repeats;
 *   IKEA E1745: "on with timed off" 180 s, re-trigger after ~170 s, repeats;
 *   Philips Hue SML001: continuous sensing, device-side 30 s occupied->unoccupied delay, state changes only;
 *   Sonoff SNZB-03: 60 s timeout, state changes only.
 *   PIR sees motion only: a walking person is detected with model-dependent probability, a standing group
 *   gives bursts (gestures), a sleeping person is seen arriving and then only when turning over. Small
 *   false-trigger rate (heat, draughts).
 *   mmWave: Aqara FP1 (held ~40 s after absence, little flicker), Tuya ZY-M100 24 GHz (30 s fading, more
 *   flicker on still people, ghosts, keep-alive presence reports every ~1-2 min), Tuya ZG-204ZM (60 s
 *   fading). Radar keeps a still person occupied but drops out now and then (off after the hold, back on
 *   seconds later), and sees ghosts: spinning washing machines/tumblers in laundry rooms after loading,
 *   fans in garbage rooms, passers-by behind the glass of some entrance doors.
 *   Zigbee losses: 0.2 % of device-sent reports vanish. A few battery PIRs in cold places die for
 *   2-9 days until the janitor swaps the CR2032; about half the seeds have a 1.5-5 h gateway outage.
 * events.csv is what the coordinator would log (not ground truth), sorted by ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// ------------------------------------------------------------------ args
const argv = process.argv.slice(2);
let SEED = NaN, OUT = null, QUIET = false;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--seed') SEED = parseInt(argv[++i], 10);
  else if (argv[i] === '--out') OUT = argv[++i];
  else if (argv[i] === '--quiet') QUIET = true;
}
if (!Number.isFinite(SEED) || !OUT) {
  console.error('usage: node winter.mjs --seed N --out DIR [--quiet]');
  process.exit(2);
}

// ------------------------------------------------------------------ PRNG
function xmur3(str) {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) { h = Math.imul(h ^ str.charCodeAt(i), 3432918353); h = (h << 13) | (h >>> 19); }
  return () => { h = Math.imul(h ^ (h >>> 16), 2246822507); h = Math.imul(h ^ (h >>> 13), 3266489909); return (h ^= h >>> 16) >>> 0; };
}
class Rng {
  constructor(key) {
    const h = xmur3(key);
    this.a = h(); this.b = h(); this.c = h(); this.d = h();
    for (let i = 0; i < 15; i++) this.next();
  }
  next() {
    this.a >>>= 0; this.b >>>= 0; this.c >>>= 0; this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  uni(a, b) { return a + (b - a) * this.next(); }
  int(a, b) { return a + Math.floor((b - a + 1) * this.next()); }
  chance(p) { return this.next() < p; }
  pick(arr) { return arr[Math.floor(this.next() * arr.length)]; }
  normal(mu = 0, sd = 1) { let u = 0; while (u === 0) u = this.next(); return mu + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next()); }
  exp(mean) { return -mean * Math.log(1 - this.next()); }
  poisson(l) {
    if (l <= 0) return 0;
    if (l > 30) return Math.max(0, Math.round(this.normal(l, Math.sqrt(l))));
    const L = Math.exp(-l); let k = 0, p = 1;
    do { k++; p *= this.next(); } while (p > L);
    return k - 1;
  }
  weighted(items) {
    let tot = 0; for (const it of items) tot += it[1];
    let r = this.next() * tot;
    for (const it of items) { r -= it[1]; if (r < 0) return it[0]; }
    return items[items.length - 1][0];
  }
  shuffle(a) { for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; } return a; }
}
const R = (...k) => new Rng(`winter-v1|${SEED}|${k.join('|')}`);

// ------------------------------------------------------------------ time
const SEC = 1000, MIN = 60 * SEC, HOUR = 60 * MIN, DAY = 24 * HOUR;
const WALK = 0, MIX = 1, STILL = 2;
function lastSunday(y, m0) { const d = new Date(Date.UTC(y, m0 + 1, 0)); return d.getUTCDate() - d.getUTCDay(); }
const dstCache = new Map();
function offsetMin(ts) {
  const y = new Date(ts).getUTCFullYear();
  let c = dstCache.get(y);
  if (!c) { c = [Date.UTC(y, 2, lastSunday(y, 2), 1), Date.UTC(y, 9, lastSunday(y, 9), 1)]; dstCache.set(y, c); }
  return ts >= c[0] && ts < c[1] ? 120 : 60;
}
// local wall clock (y,m,d + minutes, may exceed 1440) -> epoch ms; `late` picks the 2nd occurrence of a repeated hour
function localToTs(y, m, d, minute, late = false) {
  const base = Date.UTC(y, m - 1, d) + minute * MIN;
  const a = base - 120 * MIN, b = base - 60 * MIN;
  const va = offsetMin(a) === 120, vb = offsetMin(b) === 60;
  if (va && vb) return late ? b : a;
  if (va) return a;
  return b;
}
function localMinuteOf(ts) { const x = ts + offsetMin(ts) * MIN; return (((x % DAY) + DAY) % DAY) / MIN; }
function isoWeek(y, m, d) {
  const dt = new Date(Date.UTC(y, m - 1, d)); const dn = (dt.getUTCDay() + 6) % 7;
  dt.setUTCDate(dt.getUTCDate() - dn + 3);
  const fy = dt.getUTCFullYear(); const f = new Date(Date.UTC(fy, 0, 4));
  return 1 + Math.round(((dt - f) / DAY - 3 + ((f.getUTCDay() + 6) % 7)) / 7);
}
function sunTimes(y, m, d) {
  const lat = 59.33 * Math.PI / 180, lon = 18.07, rad = Math.PI / 180;
  const jd = Date.UTC(y, m - 1, d, 12) / DAY + 2440587.5;
  const n = Math.round(jd - 2451545.0 + 0.0008);
  const Js = n - lon / 360;
  const M = (357.5291 + 0.98560028 * Js) % 360, Mr = M * rad;
  const C = 1.9148 * Math.sin(Mr) + 0.02 * Math.sin(2 * Mr) + 0.0003 * Math.sin(3 * Mr);
  const lam = ((M + C + 180 + 102.9372) % 360) * rad;
  const Jt = 2451545.0 + Js + 0.0053 * Math.sin(Mr) - 0.0069 * Math.sin(2 * lam);
  const sd = Math.sin(lam) * Math.sin(23.44 * rad), cd = Math.cos(Math.asin(sd));
  const cw = (Math.sin(-0.833 * rad) - Math.sin(lat) * sd) / (Math.cos(lat) * cd);
  const w = Math.acos(Math.max(-1, Math.min(1, cw))) / rad;
  const toMs = j => (j - 2440587.5) * DAY;
  return [toMs(Jt - w / 360), toMs(Jt + w / 360)];
}

// ------------------------------------------------------------------ calendar
const NDAYS = 78;
const DAYS = [];
for (let i = 0; i < NDAYS; i++) {
  const dt = new Date(Date.UTC(2026, 9, 19 + i));
  const y = dt.getUTCFullYear(), m = dt.getUTCMonth() + 1, d = dt.getUTCDate();
  const dow = (dt.getUTCDay() + 6) % 7; // 0 = Monday
  const key = `${m}-${d}`;
  const day = { i, y, m, d, dow, key, t0: localToTs(y, m, d, 0), week: isoWeek(y, m, d) };
  day.t1 = localToTs(y, m, d, 1440);
  day.weekend = dow >= 5;
  day.red = dow === 6 || ['12-25', '12-26', '1-1', '1-6', '10-31'].includes(key);
  day.eve = ['12-24', '12-31'].includes(key);
  day.work = dow < 5 && !day.red && !day.eve;
  day.mellan = ['12-28', '12-29', '12-30', '1-4'].includes(key);
  day.preXmas = ['12-21', '12-22', '12-23'].includes(key);
  day.hostlov = m === 10 && d >= 26 && d <= 30;
  day.jullov = (m === 12 && d >= 19) || m === 1;
  day.school = day.work && !day.hostlov && !day.jullov;
  day.free = !day.work; // weekend, red day or eve
  day.payday = ['10-23', '11-25', '12-23'].includes(key);
  const [sr, ss] = sunTimes(y, m, d);
  day.rise = localMinuteOf(sr); day.set = localMinuteOf(ss);
  DAYS.push(day);
}
const FROM = DAYS[0].t0;
const TO = localToTs(2027, 1, 5, 0);
const LEARNED = FROM + 14 * DAY;
const FIRST_ANOM_DAY = 15; // 3 Nov
const dayOfTs = ts => { let lo = 0, hi = NDAYS - 1; while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (DAYS[mid].t0 <= ts) lo = mid; else hi = mid - 1; } return DAYS[lo]; };
function at(day, min, rng) { return localToTs(day.y, day.m, day.d, min, rng ? rng.chance(0.5) : false); }
function avoidKA(day, min) { // Kalle Anka 15:00-16:00 on julafton
  if (day.key !== '12-24') return min;
  if (min > 893 && min < 965) return min < 929 ? 893 - (929 - min) / 3 : 965 + (min - 929) / 3;
  return min;
}

// ------------------------------------------------------------------ weather
(function genWeather() {
  const rng = R('weather');
  const clim = [[0, 7.5], [13, 5.5], [27, 3.2], [43, 1.0], [57, -0.5], [77, -1.8]];
  const interp = i => { for (let k = 1; k < clim.length; k++) if (i <= clim[k][0]) { const [x0, y0] = clim[k - 1], [x1, y1] = clim[k]; return y0 + (y1 - y0) * (i - x0) / (x1 - x0); } return clim[clim.length - 1][1]; };
  let a = rng.normal(0, 2.5), wet = false, depth = 0, snowed = false;
  const snapStart = rng.chance(0.85) ? rng.int(28, 66) : -1, snapLen = rng.int(4, 9), snapDepth = rng.uni(6, 11);
  const forced = rng.int(24, 45);
  for (const day of DAYS) {
    const i = day.i;
    a = 0.75 * a + rng.normal(0, 2.4);
    let t = interp(i) + a;
    if (snapStart >= 0 && i >= snapStart && i < snapStart + snapLen) { const k = i - snapStart; t -= snapDepth * Math.min(1, (k + 1) / 2, (snapLen - k) / 1.5); }
    wet = rng.chance(wet ? 0.6 : 0.33);
    let precip = wet ? rng.exp(3) : 0, snow = 0;
    if (wet && (t <= 0.5 || (t <= 1.8 && rng.chance(0.5)))) snow = precip * 1.2;
    if (!snowed && i === forced && snow < 1) { t = Math.min(t, rng.uni(-2.5, -0.3)); wet = true; precip = rng.uni(2, 7); snow = precip * 1.2; }
    if (snow >= 1) snowed = true;
    depth = Math.max(0, depth + snow - (t > 0.5 ? t * 1.3 + (wet && !snow ? precip * 0.5 : 0) : 0.1));
    day.w = { t, precip, snow, depth, rain: wet && !snow ? precip : 0 };
    day.snowing = snow >= 1;
    day.snowCover = depth >= 1;
    day.slippery = (depth > 0.2 && t > -3 && t < 2) || (wet && !snow && t < 1);
    day.cold = t < -5;
  }
})();
const outFactor = day => (day.w.t < -8 ? 0.6 : day.w.t < -3 ? 0.75 : 1) * (day.w.rain > 4 || day.w.snow > 6 ? 0.75 : 1);
function bikeProb(p, day) {
  const base = day.m === 10 ? 0.8 : day.m === 11 ? (day.d < 15 ? 0.6 : 0.45) : 0.32;
  let f = base * (day.snowCover ? 0.18 : 1) * (day.w.rain > 2 ? 0.5 : 1) * (day.w.t < -3 ? 0.6 : 1);
  if (p.hardy) f = Math.max(f, 0.7);
  return f;
}

// ------------------------------------------------------------------ sensor models
const MODELS = {
  aqara11: { kind: 'pir', oui: '00158d0001', blind: 60, timeout: 90, repeat: true, pDet: 0.96, lat: [0.3, 1.2], spur: 0.12 },
  aqaraP1: { kind: 'pir', oui: '54ef441000', blind: 30, timeout: 60, repeat: true, pDet: 0.97, lat: [0.2, 0.8], spur: 0.08 },
  ikea: { kind: 'pir', oui: '000d6ffffe', blind: 170, timeout: 180, repeat: true, pDet: 0.93, lat: [0.4, 1.5], spur: 0.1 },
  hue: { kind: 'pir', oui: '0017880106', blind: 1, timeout: 30, repeat: false, pDet: 0.985, lat: [0.2, 0.6], spur: 0.06, lossy: true },
  sonoff: { kind: 'pir', oui: '00124b0025', blind: 5, timeout: 60, repeat: false, pDet: 0.92, lat: [0.5, 1.5], spur: 0.2, lossy: true },
  fp1: { kind: 'mmwave', oui: '54ef441000', on: [1, 2.5], hold: 40, fStill: 1.5, fMix: 0.5, fWalk: 0.05, ghost: 0.04, keep: 0 },
  zym100: { kind: 'mmwave', oui: 'a4c1380b', on: [0.5, 1.5], hold: 30, fStill: 5, fMix: 1.5, fWalk: 0.2, ghost: 0.15, keep: 90 },
  zg204: { kind: 'mmwave', oui: 'a4c13852', on: [0.5, 1.0], hold: 60, fStill: 3, fMix: 1, fWalk: 0.1, ghost: 0.08, keep: 0 },
};

// ------------------------------------------------------------------ estate
const STREETS = ['Granvägen', 'Rönnbärsvägen', 'Lingonstigen', 'Domherrevägen', 'Sidensvansvägen', 'Tallbacksvägen',
  'Mossvägen', 'Kvarnbacken', 'Nyponvägen', 'Hackspettsgränd', 'Blåbärsvägen', 'Snösparvsgatan', 'Vintervägen', 'Kyrkbyvägen'];
const SENS = [], PORTS = [], BLDS = [];
function addSensor(space, o) { const idx = SENS.length; SENS.push({ idx, space, ...o }); return idx; }

function planBuilding(type, rng) {
  let nPorts, floors, apf, lift;
  if (type === 'lamell') { nPorts = rng.int(2, 4); floors = rng.pick([3, 3, 4, 4, 4, 5]); apf = rng.pick([2, 3, 3, 3, 4]); lift = false; }
  else if (type === 'skivhus') { nPorts = rng.int(2, 3); floors = rng.int(6, 8); apf = rng.pick([3, 3, 4]); lift = true; }
  else { nPorts = 1; floors = rng.int(8, 10); apf = rng.pick([4, 4, 5]); lift = true; }
  const b = { type, floors, apf, lift, ports: [] };
  let count = 0;
  for (let i = 0; i < nPorts; i++) {
    const land = [];
    if (type === 'lamell') { land.push(rng.chance(0.5) ? 0 : 1); if (rng.chance(0.45)) land.push(floors - 1); }
    else { land.push(0); if (rng.chance(0.35)) land.push(rng.chance(0.5) ? floors - 1 : Math.floor(floors / 2)); }
    const u = [...new Set(land)].sort((x, y) => x - y);
    const attic = type === 'lamell' && rng.chance(0.45);
    b.ports.push({ land: u, attic });
    count += 1 + u.length + (attic ? 1 : 0);
  }
  b.nCorr = (rng.chance(0.9) ? 1 : 0) + (nPorts >= 3 && rng.chance(0.5) ? 1 : 0);
  b.nStor = 1 + (nPorts >= 3 && rng.chance(0.4) ? 1 : 0);
  b.bike = rng.chance({ lamell: 0.55, skivhus: 0.9, punkthus: 0.5 }[type]) ? (rng.chance(type === 'lamell' ? 0.5 : 0.35) ? 'yard' : 'basement') : null;
  b.laundry = rng.chance({ lamell: 0.5, skivhus: 0.85, punkthus: 0.6 }[type]);
  b.slots = type === 'lamell' || rng.chance(0.3);
  count += b.nCorr + b.nStor + (b.bike ? 1 : 0) + (b.laundry ? 1 : 0);
  b.count = count;
  return b;
}

(function genEstate() {
  const rng = R('estate');
  const target = rng.int(56, 84);
  const streets = rng.shuffle(STREETS.slice()).slice(0, rng.int(2, 3));
  const nextNo = {}; for (const s of streets) nextNo[s] = rng.pick([1, 2, 3, 4, 5, 7, 9, 10, 12]);
  const plans = []; let count = 0;
  for (let guard = 0; guard < 40; guard++) {
    const remaining = target - count - 2;
    if (remaining < 5) break;
    let type = rng.weighted([['lamell', 5], ['skivhus', 3], ['punkthus', 2]]);
    if (plans.length === 0) type = rng.chance(0.7) ? 'lamell' : 'skivhus';
    let plan = planBuilding(type, rng);
    if (plan.count > remaining + 3) { plan = planBuilding('punkthus', rng); if (plan.count > remaining + 3) break; }
    plans.push(plan); count += plan.count;
  }
  if (!plans.some(p => p.laundry)) plans[0].laundry = true;
  // commit
  plans.forEach((pl, bi) => {
    const street = streets[bi % streets.length];
    const bld = { idx: bi, type: pl.type, ports: [], corridors: [], storages: [], bike: -1, bikeYard: pl.bike === 'yard', laundry: -1, slots: pl.slots };
    BLDS.push(bld);
    const letters = pl.type === 'skivhus' && rng.chance(0.35);
    const base = nextNo[street];
    pl.ports.forEach((pp, k) => {
      const num = letters ? `${base} ${'ABCD'[k]}` : `${base + 2 * k}`;
      const address = `${street} ${num}`;
      const port = { idx: PORTS.length, bld: bi, address, floors: pl.floors, apf: pl.apf, lift: pl.lift, stairShare: pl.lift ? 0.12 : 1, landAt: {}, attic: -1, corridor: -1, storage: -1, bike: -1, bikeYard: bld.bikeYard, laundry: -1, laundryOther: false, garbage: -1, hh: [] };
      port.entrance = addSensor('entrance', { address, bld: bi, port: port.idx });
      for (const f of pp.land) port.landAt[f] = addSensor('stairwell', { address, bld: bi, port: port.idx, floor: f });
      if (pp.attic) port.attic = addSensor('attic', { address, bld: bi, port: port.idx });
      PORTS.push(port); bld.ports.push(port.idx);
    });
    nextNo[street] = base + (letters ? 2 : 2 * pl.ports.length) + (rng.chance(0.3) ? 2 : 0);
    const np = bld.ports.length;
    const portFor = (k, n) => bld.ports[Math.min(np - 1, Math.floor((k + 0.5) * np / n))];
    for (let k = 0; k < pl.nCorr; k++) { const pi = portFor(k, pl.nCorr); bld.corridors.push(addSensor('basement', { address: PORTS[pi].address, bld: bi, port: pi })); }
    const corrFor = pi => bld.corridors.length ? bld.corridors[Math.min(bld.corridors.length - 1, Math.floor(bld.ports.indexOf(pi) * bld.corridors.length / np))] : -1;
    for (let k = 0; k < pl.nStor; k++) { const pi = portFor(k, pl.nStor); bld.storages.push(addSensor('storage', { address: PORTS[pi].address, bld: bi, port: pi, corridor: corrFor(pi) })); }
    if (pl.bike) { const pi = bld.ports[0]; bld.bike = addSensor('bike-room', { address: PORTS[pi].address, bld: bi, port: pi, corridor: pl.bike === 'yard' ? -1 : corrFor(pi), yard: pl.bike === 'yard' }); }
    if (pl.laundry) { const pi = bld.ports[np - 1]; bld.laundry = addSensor('laundry', { address: PORTS[pi].address, bld: bi, port: pi, corridor: corrFor(pi) }); }
    for (const pi of bld.ports) {
      const P = PORTS[pi];
      P.corridor = corrFor(pi);
      P.storage = bld.storages.length ? bld.storages[Math.min(bld.storages.length - 1, Math.floor(bld.ports.indexOf(pi) * bld.storages.length / np))] : -1;
      P.bike = bld.bike;
    }
  });
  // laundry for buildings without one: nearest building with a laundry
  for (const b of BLDS) {
    let L = b.laundry, other = false;
    if (L < 0) { let best = 1e9; for (const o of BLDS) if (o.laundry >= 0 && Math.abs(o.idx - b.idx) < best) { best = Math.abs(o.idx - b.idx); L = o.laundry; } other = true; }
    for (const pi of b.ports) { PORTS[pi].laundry = L; PORTS[pi].laundryOther = other; }
  }
  // garbage rooms in the yard
  const nG = Math.max(1, Math.min(3, Math.round(PORTS.length / 5)));
  for (let g = 0; g < nG; g++) {
    const lo = Math.floor(g * PORTS.length / nG), hi = Math.floor((g + 1) * PORTS.length / nG);
    const mid = PORTS[Math.floor((lo + hi - 1) / 2)];
    const s = addSensor('garbage-room', { address: mid.address, bld: mid.bld, port: mid.idx, yard: true });
    for (let k = lo; k < hi; k++) PORTS[k].garbage = s;
  }
  // sensor kinds and models
  const N = SENS.length;
  const radarFrac = rng.uni(0.26, 0.38);
  const wSpace = { basement: 3, attic: 3, 'bike-room': 2.5, laundry: 2, storage: 2, 'garbage-room': 1.5, stairwell: 1.2, entrance: 0.6 };
  const pool = SENS.map(s => [s.idx, wSpace[s.space]]);
  const nRadar = Math.round(N * radarFrac);
  const radarSet = new Set();
  while (radarSet.size < nRadar) { const k = rng.weighted(pool.filter(p => !radarSet.has(p[0]))); radarSet.add(k); }
  const pirModels = ['aqara11', ...rng.shuffle(['aqaraP1', 'ikea', 'hue', 'sonoff']).slice(0, rng.int(2, 3))];
  const radarModels = rng.shuffle(['fp1', 'zym100', 'zg204']).slice(0, 2);
  const bPrimary = BLDS.map(() => rng.pick(pirModels));
  const bRadar = BLDS.map(() => rng.weighted([[radarModels[0], 2], [radarModels[1], 1]]));
  const used = new Set();
  for (const s of SENS) {
    if (radarSet.has(s.idx)) { s.kind = 'mmwave'; s.model = rng.chance(0.8) ? bRadar[s.bld] : rng.pick(radarModels); }
    else { s.kind = 'pir'; s.model = rng.chance(0.75) ? bPrimary[s.bld] : rng.pick(pirModels); }
    const M = MODELS[s.model];
    let id;
    do { let hex = M.oui; while (hex.length < 16) hex += '0123456789abcdef'[rng.int(0, 15)]; id = '0x' + hex; } while (used.has(id));
    used.add(id); s.id = id;
    s.glass = s.space === 'entrance' && s.kind === 'mmwave' && rng.chance(0.6);
  }
})();

// ------------------------------------------------------------------ presence store
const PRES = SENS.map(() => []);
const GHOSTWIN = SENS.map(() => []);
const LAB = [];
function addPres(s, a, b, m, label) {
  if (s === undefined || s < 0) return;
  if (b < a + 500) b = a + 500;
  PRES[s].push([a, b, m]);
  if (label) LAB.push([s, label, a, b]);
}
function emitNodes(nodes, t, mode, label, speed) {
  for (const n of nodes) {
    t += n.g * SEC * speed;
    const d = (n.fixed ? n.d : n.d * speed) * SEC;
    addPres(n.s, t, t + d, n.m ?? mode, label);
    t += d;
  }
  return t;
}
function revNodes(nodes) {
  const out = [];
  for (let i = nodes.length - 1; i >= 0; i--) { const n = nodes[i]; out.push({ s: n.s, d: n.d, m: n.m, fixed: n.fixed, g: i === nodes.length - 1 ? 0 : nodes[i + 1].g }); }
  return out;
}
// route = { nodes (origin -> destination, destination excluded), rest (gap from last node to destination) }
function emitRoute(route, t0, mode, label, speed = 1) { return emitNodes(route.nodes, t0, mode, label, speed) + route.rest * SEC * speed; }
function emitRouteBack(route, t0, mode, label, speed = 1) { return emitNodes(revNodes(route.nodes), t0 + route.rest * SEC * speed, mode, label, speed); }

function aptToGround(P, floor, rng) {
  const nodes = []; let g = 2;
  const useLift = P.lift && floor >= 2 && !rng.chance(P.stairShare);
  if (useLift) {
    const own = P.landAt[floor]; const wait = rng.uni(6, 45);
    if (own !== undefined) { nodes.push({ s: own, g, d: wait + 3, fixed: true }); g = 0; } else g += wait;
    g += 6 + floor * 2.3;
    const lobby = P.landAt[0];
    if (lobby !== undefined) { nodes.push({ s: lobby, g, d: rng.uni(3, 6) }); g = 0; }
    g += 2;
  } else {
    for (let f = floor; f >= 0; f--) {
      const s = P.landAt[f];
      if (s !== undefined) { nodes.push({ s, g, d: rng.uni(3, 7) }); g = 0; }
      if (f > 0) g += rng.uni(6.5, 10);
    }
    g += 2;
  }
  return { nodes, rest: g };
}
function pathOut(P, floor, rng, extraEntrance = 0) {
  const a = aptToGround(P, floor, rng);
  a.nodes.push({ s: P.entrance, g: a.rest, d: rng.uni(4, 8) + extraEntrance });
  return { nodes: a.nodes, rest: 1.5 };
}
function streetRoute(site, rng, viaPort) {
  const S = SENS[site];
  if (S.yard) return { nodes: [], rest: rng.uni(2, 5) };
  const P = PORTS[viaPort ?? S.port];
  if (S.space === 'entrance') return { nodes: [], rest: 0 };
  const nodes = [{ s: P.entrance, g: 0, d: rng.uni(4, 8) }];
  let g = 2;
  if (S.space === 'stairwell' || S.space === 'attic') {
    const top = S.space === 'attic' ? P.floors : S.floor;
    for (let f = 0; f < top; f++) { const s = P.landAt[f]; if (s !== undefined) { nodes.push({ s, g, d: rng.uni(3, 6) }); g = 0; } g += rng.uni(6.5, 10); }
    return { nodes, rest: g };
  }
  const l0 = P.landAt[0];
  if (l0 !== undefined) { nodes.push({ s: l0, g, d: rng.uni(3, 6) }); g = 0; }
  g += rng.uni(6, 10);
  const corr = S.space === 'basement' ? -1 : (S.corridor ?? -1);
  if (corr >= 0) { nodes.push({ s: corr, g, d: rng.uni(4, 8) }); g = rng.uni(2, 6); }
  return { nodes, rest: g };
}
function aptToSite(hh, site, rng) {
  const P = PORTS[hh.port], S = SENS[site];
  const portBound = S.space === 'attic' || S.space === 'stairwell' || S.space === 'entrance';
  if (S.yard || S.bld !== P.bld || (portBound && S.port !== P.idx)) {
    const out = pathOut(P, hh.floor, rng);
    const sr = streetRoute(site, rng, S.yard ? undefined : (portBound ? S.port : undefined));
    const walk = S.yard ? rng.uni(20, 70) : rng.uni(50, 150);
    const nodes = out.nodes;
    if (sr.nodes.length) { sr.nodes[0].g += out.rest + walk; nodes.push(...sr.nodes); return { nodes, rest: sr.rest }; }
    return { nodes, rest: out.rest + walk + sr.rest };
  }
  if (S.space === 'attic' || S.space === 'stairwell') {
    const nodes = []; let g = 2;
    const top = S.space === 'attic' ? P.floors : S.floor;
    if (hh.floor <= top) {
      for (let f = hh.floor; f < top; f++) { const s = P.landAt[f]; if (s !== undefined) { nodes.push({ s, g, d: rng.uni(3, 6) }); g = 0; } g += rng.uni(6.5, 10); }
    } else {
      for (let f = hh.floor; f > top; f--) { const s = P.landAt[f]; if (s !== undefined) { nodes.push({ s, g, d: rng.uni(3, 6) }); g = 0; } g += rng.uni(6.5, 10); }
    }
    return { nodes, rest: g };
  }
  const a = aptToGround(P, hh.floor, rng);
  let g = a.rest + rng.uni(5, 9);
  const corr = S.space === 'basement' ? -1 : (S.corridor ?? -1);
  if (corr >= 0) { a.nodes.push({ s: corr, g, d: rng.uni(4, 8) }); g = rng.uni(2, 6); }
  return { nodes: a.nodes, rest: g };
}
function siteVisit(hh, p, t0, site, stayS, mode, rng, label = null) {
  const route = aptToSite(hh, site, rng);
  const sp = p ? p.speed : 1;
  let t = emitRoute(route, t0, WALK, label, sp);
  addPres(site, t, t + stayS * SEC, mode, label);
  t += stayS * SEC;
  return emitRouteBack(route, t, WALK, label, sp);
}
function outsiderVisit(site, t0, stayS, mode, rng, label = null, speed = 1, viaPort) {
  const route = streetRoute(site, rng, viaPort);
  let t = emitRoute(route, t0, WALK, label, speed);
  addPres(site, t, t + stayS * SEC, mode, label);
  t += stayS * SEC;
  return emitRouteBack(route, t, WALK, label, speed);
}
function visitApt(P, floor, t, stayS, rng, o = {}) {
  const sp = o.speed || 1;
  const r1 = pathOut(P, floor, rng, o.entIn || 0);
  const ta = emitRouteBack(r1, t, WALK, o.label, sp);
  const r2 = pathOut(P, floor, rng, o.entOut || 0);
  return emitRoute(r2, ta + stayS * SEC, WALK, o.label, sp);
}

// ------------------------------------------------------------------ population
let PID = 0;
const ROTAS = {
  hospital: ['E', 'E', 'L', 'L', 'N', 'N', 'O', 'O', 'O', 'O'],
  bus: ['E', 'E', 'E', 'E', 'O', 'O', 'L', 'L', 'L', 'L', 'O', 'O', 'O'],
  guard: ['N', 'N', 'N', 'O', 'O', 'O'],
  care: ['D', 'D', 'L', 'O', 'D', 'L', 'L', 'O', 'O'],
};
function mkPerson(rng, role) {
  const p = { id: PID++, role, speed: 1, gym: [], party: 0, cyclist: false, hardy: false, wfh: 0, busyUntil: -Infinity };
  if (role === 'W' || role === 'P') {
    p.lmu = role === 'W' ? rng.normal(455, 35) : rng.normal(500, 40); p.lsd = rng.uni(6, 20);
    p.rmu = role === 'W' ? p.lmu + rng.normal(565, 35) : p.lmu + rng.normal(330, 40); p.rsd = rng.uni(12, 35);
    p.cyclist = rng.chance(0.28); p.hardy = p.cyclist && rng.chance(0.25);
    p.wfh = rng.pick([0, 0, 0, 0.1, 0.2, 0.4]);
    if (rng.chance(0.4)) { p.gym.push(rng.int(0, 3)); if (rng.chance(0.4)) p.gym.push(rng.int(0, 4)); }
    p.party = rng.chance(0.45) ? rng.uni(0.05, 0.35) : 0.01;
  } else if (role === 'R') {
    p.speed = rng.uni(1.2, 1.8); p.active = rng.uni(0.5, 1.5);
  } else if (role === 'S') {
    p.speed = 0.9; p.party = rng.uni(0.15, 0.5); p.cyclist = rng.chance(0.35); p.hardy = p.cyclist && rng.chance(0.2);
    p.homeXmas = rng.chance(0.7);
  } else if (role === 'SH') {
    p.rota = ROTAS[rng.pick(Object.keys(ROTAS))]; p.phase = rng.int(0, 20); p.party = 0.05;
  } else if (role === 'H') {
    p.active = rng.uni(0.7, 2.0); p.speed = rng.uni(0.95, 1.3);
  } else if (role === 'KP') { p.speed = 1.4; }
  else if (role === 'KS') { p.speed = 0.9; p.age = rng.int(7, 12); p.activity = rng.chance(0.6) ? rng.int(0, 4) : -1; }
  else if (role === 'KT') { p.speed = 0.85; p.party = rng.uni(0.05, 0.3); p.cyclist = rng.chance(0.3); }
  return p;
}
const HH = [];
function mkHousehold(rng, P, floor) {
  const type = rng.weighted([['single', 22], ['couple', 14], ['family', 19], ['singleparent', 7], ['elderly1', 12], ['elderly2', 5], ['student', 9], ['shift', 8], ['home', 4]]);
  const ps = [];
  const kid = () => mkPerson(rng, rng.weighted([['KP', 3], ['KS', 4], ['KT', 3]]));
  switch (type) {
    case 'single': ps.push(mkPerson(rng, rng.chance(0.12) ? 'H' : 'W')); break;
    case 'couple': ps.push(mkPerson(rng, 'W'), mkPerson(rng, rng.chance(0.2) ? 'P' : 'W')); break;
    case 'family': { ps.push(mkPerson(rng, 'W'), mkPerson(rng, rng.chance(0.3) ? 'P' : 'W')); const n = rng.int(1, 3); for (let k = 0; k < n; k++) ps.push(kid()); break; }
    case 'singleparent': { ps.push(mkPerson(rng, rng.chance(0.75) ? 'W' : 'H')); const n = rng.int(1, 2); for (let k = 0; k < n; k++) ps.push(kid()); break; }
    case 'elderly1': ps.push(mkPerson(rng, 'R')); break;
    case 'elderly2': ps.push(mkPerson(rng, 'R'), mkPerson(rng, 'R')); break;
    case 'student': ps.push(mkPerson(rng, 'S')); if (rng.chance(0.35)) ps.push(mkPerson(rng, 'S')); break;
    case 'shift': ps.push(mkPerson(rng, 'SH')); if (rng.chance(0.5)) ps.push(mkPerson(rng, 'W')); break;
    case 'home': ps.push(mkPerson(rng, 'H')); if (rng.chance(0.3)) ps.push(mkPerson(rng, 'H')); break;
  }
  const adults = ps.filter(p => !p.role.startsWith('K'));
  const kids = ps.filter(p => p.role.startsWith('K'));
  const hh = {
    id: HH.length, type, port: P.idx, floor, persons: ps, adults, kids, active: [-Infinity, Infinity],
    dog: rng.chance(type === 'student' ? 0.03 : type.startsWith('elderly') ? 0.08 : 0.13),
    sub: rng.chance(type.startsWith('elderly') ? 0.45 : type === 'student' ? 0.02 : 0.08),
    tyres: rng.chance(0.22), garbRate: { family: 0.6, singleparent: 0.5, couple: 0.4, elderly2: 0.35 }[type] ?? 0.28,
    guestRate: type === 'student' ? 0.12 : type.startsWith('elderly') ? 0.06 : 0.08,
    away: new Set(), depart: new Map(), ret: new Map(),
  };
  // school run
  if (kids.some(k => k.role === 'KP' || (k.role === 'KS' && k.age < 10))) {
    hh.dropper = adults[0]; hh.picker = adults[adults.length - 1];
    if (hh.dropper.role === 'W' || hh.dropper.role === 'P') { hh.dropper.lmu = rng.normal(462, 8); hh.dropper.lsd = 7; }
    if (hh.picker.role === 'W' || hh.picker.role === 'P') { hh.picker.rmu = rng.normal(1000, 12); hh.picker.rsd = 12; }
  }
  // care for the elderly
  if (type.startsWith('elderly') && rng.chance(type === 'elderly1' ? 0.45 : 0.15)) {
    const lvl = rng.int(1, 4);
    const slots = [[450, 540, 35], [690, 780, 20], [990, 1080, 20], [1200, 1290, 20]];
    hh.care = slots.slice(0, 4).filter((_, k) => k === 0 || k < lvl || (lvl === 2 && k === 3)).map(([a, b, d]) => ({ mu: rng.uni(a, b), dur: d }));
    if (rng.chance(0.3)) hh.nightPatrol = { mu: rng.uni(40, 230), nights: rng.chance(0.6) ? 7 : rng.int(2, 5) };
    for (const p of adults) p.active *= 0.45;
  }
  // laundry booking
  hh.laundry = { dow: rng.int(0, 6), pass: rng.weighted([[420, 1.2], [600, 1.3], [780, 1], [960, 1.4], [1140, 1.1]]), extra: rng.chance(type === 'family' ? 0.5 : 0.15) };
  // Christmas / NYE plans
  hh.jul = rng.weighted([['host', 3], ['visit', 3], ['home', 3]]);
  hh.nye = type.startsWith('elderly') ? rng.weighted([['home', 8], ['host', 1]]) : rng.weighted([['host', 3], ['party', 3.5], ['home', 3]]);
  HH.push(hh); P.hh.push(hh);
  return hh;
}
(function genPopulation() {
  const rng = R('population');
  for (const P of PORTS) {
    for (let f = 0; f < P.floors; f++) {
      if (f === 0 && P.lift && rng.chance(0.5)) continue; // ground floor with premises / bike and pram rooms
      for (let a = 0; a < P.apf; a++) {
        const hh = mkHousehold(rng, P, f);
        if (rng.chance(0.025)) hh.active = [Infinity, Infinity]; // vacant flat
      }
    }
  }
  // travel away (household level)
  for (const hh of HH) {
    const r = R('travel', hh.id);
    const trip = (d0, d1) => { if (d0 < 0 || d0 >= NDAYS || d1 <= d0) return; hh.depart.set(d0, r.uni(480, 1020)); if (d1 < NDAYS) hh.ret.set(d1, r.uni(720, 1320)); for (let d = d0 + 1; d < Math.min(d1, NDAYS); d++) hh.away.add(d); };
    const students = hh.type === 'student' && hh.persons[0].homeXmas;
    if (students) trip(r.int(59, 62), r.int(76, 78));               // 17-20 Dec -> 3-5 Jan
    else if (r.chance(hh.type.startsWith('elderly') ? 0.15 : 0.25)) trip(r.int(63, 66), r.int(68, 76)); // 21-24 Dec -> 26 Dec-3 Jan
    if ((hh.type === 'family' || hh.type === 'singleparent') && r.chance(0.18)) trip(r.int(5, 7), r.int(12, 13)); // hostlov
    for (let d = 4; d < NDAYS - 3; d += 7) if (d < 60 && r.chance(0.025)) trip(d, d + 2); // Friday -> Sunday
  }
})();
function hhActive(hh, day) { return day.t1 > hh.active[0] && day.t0 < hh.active[1]; }

// ------------------------------------------------------------------ moving (benign, labelled)
function moveDay(hh, day, rng, kind) {
  const P = PORTS[hh.port];
  let t = at(day, rng.uni(510, 630));
  const end = t + rng.uni(3, 6.5) * HOUR;
  const crew = rng.int(2, 4);
  for (let c = 0; c < crew; c++) {
    let tc = t + rng.uni(0, 4) * MIN;
    while (tc < end) {
      tc = emitRouteBack(pathOut(P, hh.floor, rng, rng.uni(5, 20)), tc, WALK, 'moving', 0.95);
      tc += rng.uni(1, 4) * MIN;
      tc = emitRoute(pathOut(P, hh.floor, rng, rng.uni(5, 25)), tc, WALK, 'moving', rng.uni(1.3, 1.9));
      tc += rng.uni(0.7, 4) * MIN;
    }
  }
  if (P.storage >= 0) {
    let ts = t + rng.uni(0.5, 2) * HOUR;
    const n = rng.int(2, 5);
    for (let k = 0; k < n; k++) { ts = siteVisit(hh, null, ts, P.storage, rng.uni(90, 300), WALK, rng, 'moving'); ts = emitRoute(pathOut(P, hh.floor, rng, 10), ts, WALK, 'moving', 1.5) + rng.uni(1, 3) * MIN; }
  }
  return end;
}
const MOVES = [];
(function planMoves() {
  const rng = R('moves');
  const dayIdx = key => DAYS.findIndex(d => d.key === key);
  const early = ['10-30', '10-31', '11-2'].map(dayIdx);
  const later = ['11-7', '11-14', '11-21', '11-28', '11-30', '12-1', '12-5', '12-12', '12-19', '1-2'].map(dayIdx);
  const n = rng.int(3, 6);
  const usedHH = new Set();
  for (let k = 0; k < n; k++) {
    const d = k === 0 && rng.chance(0.5) ? rng.pick(early) : rng.pick(later);
    const kind = rng.weighted([['out', 3], ['in', 2], ['swap', 3]]);
    const cand = HH.filter(h => !usedHH.has(h.id) && h.active[0] === -Infinity);
    const vac = HH.filter(h => !usedHH.has(h.id) && h.active[0] === Infinity);
    if (kind === 'in' && vac.length) {
      const hh = rng.pick(vac); usedHH.add(hh.id);
      hh.active = [DAYS[d].t0 + 16 * HOUR, Infinity]; MOVES.push({ hh, d, kind: 'in' });
    } else {
      const hh = rng.pick(cand); usedHH.add(hh.id);
      hh.active = [-Infinity, DAYS[d].t0 + 9 * HOUR]; MOVES.push({ hh, d, kind: 'out' });
      if (kind === 'swap') {
        const P = PORTS[hh.port];
        const nhh = mkHousehold(R('newhh', hh.id), P, hh.floor); usedHH.add(nhh.id);
        const d2 = Math.min(NDAYS - 1, d + rng.int(1, 9));
        nhh.active = [DAYS[d2].t0 + 16 * HOUR, Infinity]; MOVES.push({ hh: nhh, d: d2, kind: 'in' });
      }
    }
  }
})();

// ------------------------------------------------------------------ resident day planning
function addTrip(list, tr) {
  if (!(tr.r > tr.l)) return false;
  for (const o of list) if (tr.l < o.r + 5 && tr.r > o.l - 5) return false;
  list.push(tr); return true;
}
function worksToday(p, day, rng) {
  if (!day.work) return false;
  if (day.mellan && rng.chance(0.55)) return false;
  if (day.preXmas && rng.chance(0.3)) return false;
  if (day.hostlov && p.hostlovOff) return false;
  if (rng.chance(day.m === 12 ? 0.05 : 0.035)) return false; // sick / VAB
  return true;
}
function leisure(p, day, rng, trips, lam) {
  const n = rng.poisson(lam * outFactor(day));
  for (let k = 0; k < n; k++) {
    const latest = Math.max(720, Math.min(1170, day.set + 150));
    const l = rng.uni(day.key === '1-1' ? 660 : 570, latest);
    addTrip(trips, { l, r: l + rng.uni(25, 190) });
  }
}
function nightOut(p, day, rng, trips) {
  const pr = p.party * (day.dow === 4 || day.dow === 5 ? 1 : day.dow === 3 ? 0.35 : 0.08) * (day.payday ? 1.5 : 1);
  if (!rng.chance(pr)) return;
  const l = rng.uni(1110, 1290);
  addTrip(trips, { l, r: Math.max(l + 120, rng.uni(1380, 1620)), late: true });
}
function planPerson(hh, p, day, rng, trips, ctx) {
  const w = day.w;
  switch (p.role) {
    case 'W': case 'P': {
      const works = day.work && worksToday(p, day, rng);
      if (works && !rng.chance(p.wfh * (day.dow === 4 ? 1.6 : 1))) {
        let l = Math.min(Math.max(rng.normal(p.lmu, p.lsd), 330), 600);
        let r = Math.min(Math.max(rng.normal(p.rmu, p.rsd), l + (p.role === 'W' ? 300 : 200)), 1230);
        if (day.key === '10-30' || day.key === '12-23') r -= rng.uni(20, 90);
        if (day.snowing) { l -= rng.uni(0, 15); r += rng.uni(10, 40); }
        if (rng.chance(0.28)) r += rng.uni(15, 55);
        if ((day.payday || day.key === '11-27') && rng.chance(0.3)) r += rng.uni(30, 120);
        const tr = { l, r, bike: p.cyclist && rng.chance(bikeProb(p, day)), work: true };
        if (!tr.bike && day.w.t < -4 && rng.chance(0.08)) tr.wait = rng.uni(1, 6); // waiting inside for a lift to work
        addTrip(trips, tr);
        if (hh.dropper === p) ctx.drop = tr.l;
        if (hh.picker === p) ctx.pick = tr.r;
        if (p.gym.includes(day.dow) && rng.chance(0.75)) { const gl = r + rng.uni(40, 110); addTrip(trips, { l: gl, r: gl + rng.uni(60, 130) }); }
        else if (rng.chance(0.07)) { const gl = rng.uni(Math.max(r + 30, 1110), 1270); addTrip(trips, { l: gl, r: gl + rng.uni(25, 80) }); }
      } else if (works) { // working from home
        if (rng.chance(0.3)) { const l = rng.uni(710, 760); addTrip(trips, { l, r: l + rng.uni(20, 45) }); }
        if (rng.chance(0.4)) { const l = rng.uni(930, 1080); addTrip(trips, { l, r: l + rng.uni(20, 60) }); }
      } else {
        leisure(p, day, rng, trips, 0.7);
      }
      if (!day.eve) nightOut(p, day, rng, trips);
      break;
    }
    case 'R': {
      const f = (day.slippery ? 0.5 : 1) * (day.cold ? 0.6 : 1) * outFactor(day);
      const n = rng.poisson(p.active * f);
      for (let k = 0; k < n; k++) {
        const latest = Math.max(610, Math.min(870, day.set - 80));
        const l = rng.uni(Math.max(560, day.rise + 60), latest);
        const tr = { l, r: l + rng.uni(35, 150) };
        if (rng.chance(0.06 + (day.cold ? 0.05 : 0))) tr.wait = rng.uni(2, day.w.t < -3 ? 17 : 9); // waiting for fardtjanst/taxi inside
        addTrip(trips, tr);
      }
      if (day.dow === 6 && rng.chance(0.08)) addTrip(trips, { l: rng.uni(630, 650), r: rng.uni(730, 760) }); // Sunday service
      break;
    }
    case 'S': {
      if (day.work && !day.jullov) {
        const l = Math.min(Math.max(rng.normal(585, 75), 450), 790);
        const r = Math.min(Math.max(rng.normal(1030, 140), l + 120), 1410);
        addTrip(trips, { l, r, bike: p.cyclist && rng.chance(bikeProb(p, day)) });
      } else leisure(p, day, rng, trips, 1.1);
      if (rng.chance(0.12)) { const l = rng.uni(1140, 1260); addTrip(trips, { l, r: l + rng.uni(60, 180) }); }
      nightOut(p, day, rng, trips);
      break;
    }
    case 'SH': {
      const code = p.rota[(day.i + p.phase) % p.rota.length];
      if (code === 'E') addTrip(trips, { l: rng.uni(335, 370), r: rng.uni(885, 940) });
      else if (code === 'D') addTrip(trips, { l: rng.uni(410, 440), r: rng.uni(960, 1000) });
      else if (code === 'L') addTrip(trips, { l: rng.uni(765, 805), r: rng.uni(1310, 1355) });
      else if (code === 'N') addTrip(trips, { l: rng.uni(1230, 1270), r: 1440 + rng.uni(440, 480) });
      if (code !== 'N' && code !== 'L') leisure(p, day, rng, trips, code === 'O' ? 0.9 : 0.4);
      if (code === 'O') nightOut(p, day, rng, trips);
      break;
    }
    case 'H': leisure(p, day, rng, trips, p.active); break;
    case 'KP': {
      if (day.work && !(day.jullov && rng.chance(0.6)) && !(day.hostlov && rng.chance(0.25)) && ctx.drop !== undefined) {
        const l = day.key === '12-11' ? Math.min(ctx.drop, rng.uni(415, 430)) : ctx.drop;
        addTrip(trips, { l, r: ctx.pick ?? rng.uni(960, 1020) });
      }
      break;
    }
    case 'KS': {
      const lov = day.hostlov || day.jullov;
      if (day.work && (!lov || (p.age < 10 && rng.chance(0.5)))) {
        const withParent = p.age < 10 && ctx.drop !== undefined;
        const l = withParent ? ctx.drop : rng.uni(455, 480);
        let r;
        if (p.age < 10 && ctx.pick !== undefined) r = ctx.pick; else r = rng.uni(830, 930);
        addTrip(trips, { l, r, bike: rng.chance(0.2 * bikeProb(p, day)) });
        if (p.age >= 10 && rng.chance(0.5 * outFactor(day))) { const pl = r + rng.uni(15, 40); addTrip(trips, { l: pl, r: Math.max(pl + 20, Math.min(day.set + rng.uni(0, 40), 1050)) }); }
        if (p.activity === day.dow) { const al = rng.uni(1050, 1100); addTrip(trips, { l: al, r: al + rng.uni(75, 110) }); }
      } else leisure(p, day, rng, trips, 1.0);
      break;
    }
    case 'KT': {
      const lov = day.hostlov || day.jullov;
      if (day.work && !lov) {
        const r = rng.uni(890, 1030);
        addTrip(trips, { l: rng.uni(465, 495), r, bike: p.cyclist && rng.chance(bikeProb(p, day)), waitIn: rng.chance(day.w.t < 0 ? 0.08 : 0.03) ? rng.uni(2, 9) : 0 });
      } else leisure(p, day, rng, trips, 1.2);
      if (rng.chance(day.weekend ? 0.45 : 0.35)) { const l = rng.uni(1100, 1200); addTrip(trips, { l, r: rng.uni(day.dow >= 4 ? 1350 : 1250, day.dow >= 4 ? 1440 : 1330) }); }
      break;
    }
  }
}
function emitTrip(hh, p, day, tr, rng) {
  const P = PORTS[hh.port];
  const l = avoidKA(day, tr.l), r = avoidKA(day, tr.r);
  let lt = at(day, l, rng), rt = at(day, r, rng);
  if (lt < p.busyUntil) return;
  if (rt < lt + 60 * SEC) rt = lt + Math.max(60, (r - l) * 60) * SEC;
  const sp = p.speed;
  const useBike = tr.bike && P.bike >= 0;
  let t;
  if (useBike && !P.bikeYard) {
    const route = aptToSite(hh, P.bike, rng);
    t = emitRoute(route, lt, WALK, null, sp);
    const dw = rng.uni(20, 60) * SEC; addPres(P.bike, t, t + dw, WALK); t += dw;
  } else {
    const route = pathOut(P, hh.floor, rng, day.snowing ? rng.uni(0, 6) : 0);
    if (tr.wait) { const e = route.nodes[route.nodes.length - 1]; e.d += tr.wait * 60; e.m = MIX; e.fixed = true; }
    t = emitRoute(route, lt, WALK, null, sp);
    if (tr.garbage && P.garbage >= 0) { t += rng.uni(20, 70) * SEC; const dw = rng.uni(12, 40) * SEC; addPres(P.garbage, t, t + dw, WALK); t += dw + rng.uni(20, 60) * SEC; }
    if (useBike) { t += rng.uni(15, 50) * SEC; const dw = rng.uni(20, 60) * SEC; addPres(P.bike, t, t + dw, WALK); t += dw; }
  }
  if (tr.garbageMid) { // quick trip to the garbage room and straight back
    rt = t + rng.uni(30, 90) * SEC;
  }
  if (rt < t + 20 * SEC) rt = t + rng.uni(20, 60) * SEC;
  if (useBike && !P.bikeYard) {
    const dw = rng.uni(20, 50) * SEC; addPres(P.bike, rt, rt + dw, WALK);
    const route = aptToSite(hh, P.bike, rng);
    p.busyUntil = emitRouteBack(route, rt + dw, WALK, null, sp) + MIN;
  } else {
    let t2 = rt;
    if (useBike) { const dw = rng.uni(20, 50) * SEC; addPres(P.bike, t2, t2 + dw, WALK); t2 += dw + rng.uni(15, 50) * SEC; }
    let extra = (rng.chance(0.25) ? rng.uni(8, 25) : 0) + (day.snowCover || day.snowing ? rng.uni(5, 25) : 0) + (day.w.rain > 1 ? rng.uni(2, 8) : 0);
    const route = pathOut(P, hh.floor, rng, extra);
    if (tr.waitIn) { const e = route.nodes[route.nodes.length - 1]; e.d += tr.waitIn * 60; e.m = MIX; e.fixed = true; }
    p.busyUntil = emitRouteBack(route, t2, WALK, null, sp) + MIN;
  }
}
function freePersonAt(hh, trips, min, rng) {
  const cands = hh.persons.filter(p => p.role !== 'KP' && p.role !== 'KS' && !(trips.get(p) || []).some(tr => min > tr.l - 10 && min < tr.r + 10));
  return cands.length ? rng.pick(cands) : null;
}
function simHouseholdDay(hh, day) {
  if (!hhActive(hh, day)) return;
  const rng = R('hh', hh.id, day.i);
  const P = PORTS[hh.port];
  if (hh.away.has(day.i)) return;
  // moving days handled elsewhere (household is active only partly)
  const movingOut = hh.active[1] < day.t1, movingIn = hh.active[0] > day.t0;
  if (movingOut || movingIn) return;
  const trips = new Map(); for (const p of hh.persons) trips.set(p, []);
  const ctx = {};
  const departMin = hh.depart.get(day.i), retMin = hh.ret.get(day.i);
  const adults = hh.adults;
  if (departMin !== undefined) {
    // everybody leaves together with luggage; garbage on the way
    const tl = at(day, departMin, rng);
    for (const p of hh.persons) {
      const route = pathOut(P, hh.floor, rng, rng.uni(8, 30));
      let t = emitRoute(route, tl + rng.uni(0, 20) * SEC, WALK, null, p.speed);
      if (p === adults[0] && P.garbage >= 0 && rng.chance(0.7)) { t += rng.uni(20, 60) * SEC; addPres(P.garbage, t, t + rng.uni(15, 40) * SEC, WALK); }
    }
    if (hh.dog) { const t = at(day, Math.max(380, departMin - rng.uni(60, 180)), rng); emitTrip(hh, adults[0], day, { l: localMinuteOf(t), r: localMinuteOf(t) + rng.uni(15, 30) }, rng); }
    return;
  }
  if (retMin !== undefined) {
    const tr = at(day, retMin, rng);
    for (const p of hh.persons) emitRouteBack(pathOut(P, hh.floor, rng, rng.uni(8, 30)), tr + rng.uni(0, 20) * SEC, WALK, null, p.speed);
    if (retMin < 1080 && rng.chance(0.6)) emitTrip(hh, adults[0], day, { l: retMin + rng.uni(30, 90), r: retMin + rng.uni(120, 160) }, rng); // groceries
    if (hh.dog) emitTrip(hh, adults[0], day, { l: Math.max(retMin + 20, 1290), r: Math.max(retMin + 20, 1290) + rng.uni(10, 20) }, rng);
    return;
  }
  const special = ['12-24', '12-25', '12-31', '1-1'].includes(day.key);
  if (special) {
    for (const p of hh.persons) if (p.role === 'SH') planPerson(hh, p, day, rng, trips.get(p), ctx); // hospitals and buses run anyway
    planSpecial(hh, day, rng, trips);
  }
  else {
    // adults first (drop-off / pick-up times), then children
    for (const p of hh.persons) if (!p.role.startsWith('K')) planPerson(hh, p, day, rng, trips.get(p), ctx);
    if (hh.dropper && day.work && ctx.drop === undefined) { const l = rng.uni(455, 480); ctx.drop = l; }
    if (hh.picker && day.work && ctx.pick === undefined) { ctx.pick = rng.uni(930, 1000); }
    for (const p of hh.kids) planPerson(hh, p, day, rng, trips.get(p), ctx);
    // parent at home walking the children to school/preschool and back
    if (hh.dropper && day.work && !trips.get(hh.dropper).some(t => t.work) && hh.kids.some(k => trips.get(k).some(t => Math.abs(t.l - ctx.drop) < 1))) {
      addTrip(trips.get(hh.dropper), { l: ctx.drop, r: ctx.drop + rng.uni(20, 40) });
      if (!trips.get(hh.picker).some(t => t.work)) addTrip(trips.get(hh.picker), { l: ctx.pick - rng.uni(15, 30), r: ctx.pick });
    }
    // joint outings on free days
    if (day.free && hh.persons.length > 1) {
      const n = rng.poisson(0.9 * outFactor(day) + (day.key === '10-31' ? 0.6 : 0));
      for (let k = 0; k < n; k++) {
        let l = rng.uni(600, Math.max(700, Math.min(1020, day.set + 120))), dur = rng.uni(40, 240);
        if (day.key === '10-31' || day.key === '11-1') { l = rng.uni(800, 960); dur = rng.uni(80, 160); } // cemetery with candles at dusk
        for (const p of hh.persons) if (rng.chance(p.role === 'KP' ? 1 : 0.75)) addTrip(trips.get(p), { l: l + rng.uni(0, 0.2), r: l + dur });
      }
    }
    if (day.key === '12-13' && rng.chance(0.12)) { const l = rng.uni(930, 990); for (const p of hh.persons) addTrip(trips.get(p), { l, r: l + rng.uni(100, 140) }); }
  }
  // garbage
  let gRate = hh.garbRate * (day.key === '12-25' || day.key === '12-26' || day.key === '12-27' ? 2 : 1) * (day.key === '11-29' ? 1.5 : 1);
  if (rng.chance(Math.min(0.95, gRate)) && P.garbage >= 0) {
    const wk = hh.adults.map(p => trips.get(p).find(t => t.work && !t.bike)).find(Boolean);
    if (wk && rng.chance(0.55)) wk.garbage = true;
    else {
      const m = day.free ? rng.uni(day.key === '1-1' ? 700 : 600, 1140) : rng.uni(1050, 1275);
      const p = freePersonAt(hh, trips, m, rng);
      if (p) addTrip(trips.get(p), { l: m, r: m + 4, garbage: true, garbageMid: true });
    }
  }
  // dog walks
  if (hh.dog) {
    const wk = hh.adults.map(p => trips.get(p).find(t => t.work)).filter(Boolean).map(t => t.l);
    const morn = day.free ? rng.uni(420, 560) : Math.max(340, (wk.length ? Math.min(...wk) : 450) - rng.uni(35, 60));
    const walks = [[morn, rng.uni(12, 30)], [rng.uni(1000, 1110), rng.uni(25, 50)], [rng.uni(1290, 1370), rng.uni(8, 20)]];
    if (rng.chance(0.45)) walks.push([rng.uni(690, 790), rng.uni(15, 30)]);
    if (day.key === '12-31') walks[2] = [rng.uni(1230, 1290), rng.uni(5, 12)];
    if (day.key === '1-1') walks[0] = [rng.uni(560, 660), rng.uni(10, 20)];
    for (const [m, d] of walks) {
      const p = freePersonAt(hh, trips, m, rng) || (hh.adults.length ? rng.pick(hh.adults) : null);
      if (p) addTrip(trips.get(p), { l: m, r: m + d * (day.w.t < -5 ? 0.6 : 1) });
    }
  }
  for (const p of hh.persons) {
    const list = trips.get(p).sort((a, b) => a.l - b.l);
    for (const tr of list) emitTrip(hh, p, day, tr, rng);
  }
  // storage / attic
  let pS = 0.02;
  if (['11-27', '11-28', '11-29'].includes(day.key)) pS = 0.14;
  else if (['12-5', '12-6', '12-12', '12-13', '12-19', '12-20'].includes(day.key)) pS = 0.05;
  else if (['1-2', '1-3', '1-4'].includes(day.key)) pS = 0.08;
  const prevSnow = day.i > 0 && DAYS[day.i - 1].snowing && !DAYS.slice(0, day.i - 1).some(d => d.snowing);
  if (prevSnow || day.snowing && day.i > 0 && !DAYS.slice(0, day.i).some(d => d.snowing)) pS += 0.12; // sleds, winter boots after the first snow
  const store = P.attic >= 0 && rng.chance(0.5) ? P.attic : P.storage;
  if (store >= 0 && rng.chance(pS)) {
    const m = day.free ? rng.uni(600, 1080) : rng.uni(1080, 1260);
    const p = freePersonAt(hh, trips, m, rng);
    if (p) { let t = at(day, m, rng); const k = rng.chance(0.3) ? 2 : 1; for (let i = 0; i < k; i++) t = siteVisit(hh, p, t, store, rng.uni(90, 700), WALK, rng) + rng.uni(1, 5) * MIN; }
  }
  if (hh.tyres && P.storage >= 0 && day.free && day.m === 11 && !hh.tyresDone && rng.chance(day.snowCover ? 0.5 : 0.08)) {
    hh.tyresDone = true;
    const p = hh.adults[0]; let t = at(day, rng.uni(600, 900), rng);
    for (let i = 0; i < 2; i++) t = siteVisit(hh, p, t, P.storage, rng.uni(100, 240), WALK, rng) + rng.uni(2, 6) * MIN;
  }
  // laundry
  if (P.laundry >= 0) {
    const xmasBoost = (day.preXmas || day.key === '12-19' || day.key === '12-20') ? 0.15 : 0;
    if ((day.dow === hh.laundry.dow && rng.chance(0.85)) || rng.chance(xmasBoost) || (hh.laundry.extra && day.dow === (hh.laundry.dow + 3) % 7 && rng.chance(0.7))) {
      if (!['12-24', '12-25', '12-31', '1-1'].includes(day.key) || rng.chance(0.15)) laundrySession(hh, day, rng);
    }
  }
  // guests, deliveries, care
  hhVisitors(hh, day, rng, trips);
}
const LAUNDRY_BOOK = new Set();
const LAUNDRY_GROUPS = new Map(); // bookable machine groups per laundry room (~1 per 35 households)
for (const P of PORTS) if (P.laundry >= 0) LAUNDRY_GROUPS.set(P.laundry, (LAUNDRY_GROUPS.get(P.laundry) || 0) + P.hh.length);
for (const [s, n] of LAUNDRY_GROUPS) LAUNDRY_GROUPS.set(s, Math.max(1, Math.min(3, Math.round(n / 35))));
function laundrySession(hh, day, rng) {
  const P = PORTS[hh.port], site = P.laundry;
  const passes = [420, 600, 780, 960, 1140];
  const groups = LAUNDRY_GROUPS.get(site);
  let key = null;
  for (const x of [hh.laundry.pass, ...passes]) { for (let g = 0; g < groups && !key; g++) if (!LAUNDRY_BOOK.has(`${site}|${day.i}|${x}|${g}`)) key = [x, g]; if (key) break; }
  if (!key) return;
  const pass = key[0];
  LAUNDRY_BOOK.add(`${site}|${day.i}|${pass}|${key[1]}`);
  const p = rng.pick(hh.adults.length ? hh.adults : hh.persons);
  const t0 = at(day, pass + rng.uni(0, 15), rng);
  if (rng.chance(0.1)) { // sits there for the whole pass
    const stay = rng.uni(130, 165) * 60;
    siteVisit(hh, p, t0, site, stay, MIX, rng);
    GHOSTWIN[site].push([t0, t0 + 150 * MIN, 6]);
    return;
  }
  siteVisit(hh, p, t0, site, rng.uni(240, 540), WALK, rng);
  GHOSTWIN[site].push([t0 + 2 * MIN, t0 + 70 * MIN, 6]);
  const t1 = t0 + rng.uni(55, 75) * MIN;
  siteVisit(hh, p, t1, site, rng.uni(150, 420), WALK, rng);
  GHOSTWIN[site].push([t1, t1 + 60 * MIN, 4]);
  const t2 = t0 + rng.uni(120, 160) * MIN;
  siteVisit(hh, p, t2, site, rng.uni(360, 1400), rng.chance(0.5) ? WALK : MIX, rng);
}
function hhVisitors(hh, day, rng, trips) {
  const P = PORTS[hh.port];
  // guests
  let gr = hh.guestRate * [0.6, 0.6, 0.7, 0.8, 1.4, 2, 1.3][day.dow];
  if (day.m === 12 && day.d <= 20 && day.weekend) gr *= 1.8;
  if (day.key === '11-8') gr *= 2.5;
  if (['12-24', '12-31', '1-1'].includes(day.key)) gr = 0;
  const ng = rng.poisson(gr);
  for (let k = 0; k < ng; k++) {
    const arr = rng.uni(day.free ? 780 : 1050, 1230);
    const stay = rng.uni(90, 300) * 60;
    const size = rng.int(1, 4);
    const ta = at(day, arr, rng);
    const leaveLate = hh.type === 'student' && rng.chance(0.4);
    for (let g = 0; g < size; g++) visitApt(P, hh.floor, ta + rng.uni(0, 8) * SEC, leaveLate ? rng.uni(240, 400) * 60 : stay + rng.uni(0, 10), rng, { entIn: rng.uni(0, 20) });
  }
  // parcels and food
  let pr = 0.05;
  if (day.i >= 35 && day.i <= 47) pr *= 2.3;      // Black week -> early December
  else if (day.i > 47 && day.i <= 62) pr *= 1.8; // Christmas parcels
  else if (day.preXmas) pr *= 1.2;
  else if (day.i >= 66 && day.i <= 70) pr *= 0.1;
  else if (day.i > 70) pr *= 0.6;
  if (day.dow === 6 || day.red) pr *= 0.15;
  if (rng.chance(pr)) visitApt(P, hh.floor, at(day, rng.chance(0.5) ? rng.uni(1020, 1290) : rng.uni(540, 960), rng), rng.uni(15, 80), rng, { speed: 0.8 });
  let fr = 0.03 * (day.dow >= 4 ? 2 : 1) * (day.snowing || day.cold ? 1.5 : 1) * (hh.type === 'student' ? 2 : 1);
  if (['12-24', '12-31'].includes(day.key)) fr = 0;
  if (rng.chance(fr)) visitApt(P, hh.floor, at(day, rng.uni(1050, 1290), rng), rng.uni(20, 80), rng, { speed: 0.75 });
  // hemtjanst
  if (hh.care) {
    for (const c of hh.care) {
      let m = c.mu + rng.normal(0, 15);
      if (day.key === '12-24') m = avoidKA(day, m);
      visitApt(P, hh.floor, at(day, m, rng), (c.dur + rng.uni(-5, 15)) * 60, rng, { speed: 0.9 });
    }
    if (hh.nightPatrol && (hh.nightPatrol.nights === 7 || rng.chance(hh.nightPatrol.nights / 7))) {
      visitApt(P, hh.floor, at(day, 1440 + hh.nightPatrol.mu + rng.normal(0, 25), rng), rng.uni(5, 12) * 60, rng, { speed: 0.9 });
    }
  }
}
function planSpecial(hh, day, rng, trips) {
  const P = PORTS[hh.port];
  const all = hh.persons;
  const group = (l, r, who = all) => { for (const p of who) addTrip(trips.get(p), { l: l + rng.uni(0, 0.3), r: r + rng.uni(0, 0.3) }); };
  if (day.key === '12-24') {
    if (rng.chance(0.4) && hh.adults.length) { const l = rng.uni(570, 720); addTrip(trips.get(hh.adults[0]), { l, r: l + rng.uni(30, 90) }); }
    if (hh.jul === 'visit') group(rng.uni(660, 870), rng.uni(1170, 1435));
    else if (hh.jul === 'host') {
      const ng = rng.int(1, 3);
      for (let g = 0; g < ng; g++) {
        const arr = rng.uni(720, 880), lv = rng.chance(0.2) ? rng.uni(1020, 1080) : rng.uni(1140, 1410), n = rng.int(2, 5);
        const ta = at(day, arr, rng), tl = at(day, lv, rng);
        for (let k = 0; k < n; k++) visitApt(P, hh.floor, ta + rng.uni(0, 10) * SEC, (tl - ta) / SEC + rng.uni(0, 30), rng, { entIn: rng.uni(5, 30) });
      }
    } else if (rng.chance(0.4) && hh.adults.length) { const l = rng.uni(720, 840); addTrip(trips.get(hh.adults[0]), { l, r: l + rng.uni(30, 60) }); }
    if (hh.kids.some(k => k.role === 'KP' || k.role === 'KS') && hh.jul !== 'visit' && rng.chance(0.3)) {
      const m = rng.uni(990, 1080); // tomten knocks on the door
      visitApt(P, hh.floor, at(day, m, rng), rng.uni(8, 20) * 60, rng, { entIn: rng.uni(10, 40), entOut: rng.uni(5, 20) });
      if (hh.adults.length > 1) addTrip(trips.get(hh.adults[0]), { l: m - rng.uni(5, 15), r: m + rng.uni(25, 40) }); // "going to buy the paper"
    }
  } else if (day.key === '12-25') {
    if (hh.type.startsWith('elderly') && rng.chance(0.06)) group(rng.uni(370, 385), rng.uni(495, 515), hh.adults); // julotta
    if (rng.chance(0.3)) group(rng.uni(780, 900), rng.uni(1080, 1320));
    for (const p of all) if (!p.role.startsWith('K') && rng.chance(0.25)) { const l = rng.uni(690, 900); addTrip(trips.get(p), { l, r: l + rng.uni(30, 90) }); }
  } else if (day.key === '12-31') {
    if (hh.adults.length && rng.chance(0.5)) { const l = rng.uni(600, 900); addTrip(trips.get(hh.adults[0]), { l, r: l + rng.uni(30, 100) }); } // food shopping
    if (hh.nye === 'party') {
      const who = all.filter(p => p.role !== 'KT' || rng.chance(0.5));
      group(rng.uni(1050, 1320), 1440 + rng.uni(35, 220), who);
      for (const p of all) if (!who.includes(p)) addTrip(trips.get(p), { l: rng.uni(1230, 1330), r: 1440 + rng.uni(60, 180) });
    } else {
      const guests = [];
      if (hh.nye === 'host') {
        const ng = rng.int(1, 3);
        for (let g = 0; g < ng; g++) { const n = rng.int(2, 4), arr = rng.uni(1080, 1320), lv = 1440 + rng.uni(30, 210); for (let k = 0; k < n; k++) guests.push([arr + rng.uni(0, 0.2), rng.chance(0.15) ? 1440 + 660 + rng.uni(0, 180) : lv + rng.uni(0, 2)]); }
      }
      const fw = rng.chance(hh.nye === 'host' ? 0.7 : 0.35);
      const fwOut = rng.uni(1420, 1435), fwIn = 1440 + rng.uni(10, 35);
      for (const [a, b] of guests) {
        const ta = at(day, a, rng);
        if (fw && b > fwIn + 5) {
          visitApt(P, hh.floor, ta, (at(day, fwOut, rng) - ta) / SEC, rng, { entIn: rng.uni(5, 20) });
          visitApt(P, hh.floor, at(day, fwIn, rng) + rng.uni(0, 20) * SEC, (at(day, b, rng) - at(day, fwIn, rng)) / SEC, rng, {});
        } else visitApt(P, hh.floor, ta, Math.max(600, (at(day, b, rng) - ta) / SEC), rng, { entIn: rng.uni(5, 20) });
      }
      if (fw) group(fwOut, fwIn, all.filter(p => p.role !== 'KP' || rng.chance(0.5)));
      for (const p of all) if ((p.role === 'KT' || p.role === 'S') && rng.chance(0.5)) addTrip(trips.get(p), { l: rng.uni(1140, 1290), r: 1440 + rng.uni(60, 200) });
    }
  } else if (day.key === '1-1') {
    for (const p of all) if (!p.role.startsWith('K') && rng.chance(0.35)) { const l = rng.uni(690, 930); addTrip(trips.get(p), { l, r: l + rng.uni(30, 120) }); }
    if (rng.chance(0.25)) group(rng.uni(780, 900), rng.uni(1020, 1200));
  }
}

// ------------------------------------------------------------------ estate-level normal actors (unlabelled)
const PARITY = R('post').int(0, 1);
function estateNormalDay(day) {
  const rng = R('estate-day', day.i);
  // postman: every other weekday
  const mwf = (day.week % 2) === PARITY;
  const postDay = day.work && (mwf ? [0, 2, 4].includes(day.dow) : [1, 3].includes(day.dow));
  if (postDay) {
    let t = at(day, R('post').uni(600, 660) + rng.normal(0, 20), rng);
    for (const P of PORTS) {
      const B = BLDS[P.bld];
      if (B.slots) { // door slots: climb the stairwell
        addPres(P.entrance, t, t + rng.uni(6, 15) * SEC, WALK); t += rng.uni(8, 15) * SEC;
        const perFloor = rng.uni(15, 40) * (day.m === 12 ? 1.3 : 1);
        for (let f = 0; f < P.floors; f++) { const s = P.landAt[f]; const d = perFloor * (rng.chance(0.8) ? 1 : 0.3); if (s !== undefined) addPres(s, t, t + d * SEC, WALK); t += (d + rng.uni(6, 9)) * SEC; }
        for (let f = P.floors - 1; f >= 0; f--) { const s = P.landAt[f]; if (s !== undefined) addPres(s, t, t + rng.uni(3, 5) * SEC, WALK); t += rng.uni(5, 7) * SEC; }
        addPres(P.entrance, t, t + rng.uni(3, 6) * SEC, WALK);
      } else addPres(P.entrance, t, t + rng.uni(50, 180) * (day.m === 12 ? 1.4 : 1) * SEC, WALK); // mailboxes in the entrance
      t += rng.uni(2, 6) * MIN;
    }
  }
  // garbage collection
  for (const s of new Set(PORTS.map(P => P.garbage))) {
    if (s < 0) continue;
    const gr = R('garbage-days', s);
    const d1 = gr.int(0, 1), d2 = gr.int(3, 4), base = gr.uni(400, 560);
    let coll = day.dow === d1 || day.dow === d2;
    if (day.red || day.eve) coll = false;
    if (day.i > 0 && (DAYS[day.i - 1].red || DAYS[day.i - 1].eve) && !day.red && !day.eve && (DAYS[day.i - 1].dow === d1 || DAYS[day.i - 1].dow === d2)) coll = true;
    if (coll) { const t = at(day, base + rng.normal(0, 20), rng); addPres(s, t, t + rng.uni(3, 8) * MIN, WALK); if (rng.chance(0.5)) addPres(s, t + rng.uni(15, 40) * MIN, t + rng.uni(42, 50) * MIN, WALK); }
  }
  // janitor (fastighetsskotare)
  if (day.work) {
    const shared = SENS.filter(s => ['basement', 'storage', 'laundry', 'bike-room', 'garbage-room', 'attic'].includes(s.space));
    const n = rng.poisson(2.2);
    for (let k = 0; k < n; k++) { const s = rng.pick(shared); outsiderVisit(s.idx, at(day, rng.uni(450, 930), rng), rng.uni(2, 15) * 60, WALK, rng); }
    if (day.snowing || (day.snowCover && day.w.t < 0 && rng.chance(0.3))) {
      for (const B of BLDS) if (B.corridors.length && rng.chance(0.5)) outsiderVisit(B.corridors[0], at(day, rng.uni(360, 450), rng), rng.uni(60, 200), WALK, rng); // grit and shovels
    }
  }
  // Halloween: trick-or-treat through the stairwells
  if (day.key === '10-31' || (day.key === '10-30' && rng.chance(0.5))) {
    for (const P of PORTS) {
      const n = rng.poisson(day.key === '10-31' ? 2 : 0.6);
      for (let k = 0; k < n; k++) {
        let t = at(day, rng.uni(1020, 1170), rng);
        const kids = rng.int(2, 5), waitParent = rng.chance(0.5);
        const t0 = t;
        addPres(P.entrance, t, t + rng.uni(8, 20) * SEC, MIX); t += 15 * SEC;
        for (let f = 0; f < P.floors; f++) { const d = rng.uni(30, 100) * P.apf / 3; for (let c = 0; c < kids; c++) if (P.landAt[f] !== undefined) addPres(P.landAt[f], t, t + d * SEC, MIX); t += (d + rng.uni(5, 10)) * SEC; }
        for (let f = P.floors - 1; f >= 0; f--) { if (P.landAt[f] !== undefined) addPres(P.landAt[f], t, t + 4 * SEC, WALK); t += 5 * SEC; }
        addPres(P.entrance, waitParent ? t0 : t, t + rng.uni(5, 15) * SEC, waitParent ? MIX : WALK);
      }
    }
  }
}

// ------------------------------------------------------------------ benign labelled: cleaner, newspaper
const CLEAN = BLDS.map(B => { const r = R('cleaner', B.idx); return { dow: r.int(0, 4), start: r.uni(480, 760), deepWeek: r.int(0, 3) }; });
function cleanerDay(day) {
  for (const B of BLDS) {
    const c = CLEAN[B.idx];
    const rng = R('clean', B.idx, day.i);
    let doClean = false, start = c.start + rng.normal(0, 20);
    const isNoWork = d => d.red || d.eve;
    if (day.dow === c.dow && !isNoWork(day)) doClean = true;
    // moved to the previous working day when the regular day is a holiday/eve
    const next = DAYS.slice(day.i + 1, day.i + 4).find(d => d.dow === c.dow);
    if (next && isNoWork(next) && day.work && !DAYS.slice(day.i + 1, next.i).some(d => d.work)) doClean = true;
    if (doClean && rng.chance(0.03)) doClean = false; // skipped
    const sub = day.dow === c.dow && doClean && rng.chance(0.08);
    if (sub) { doClean = false; B._sub = day.i; }
    if (B._sub === day.i - 1 && day.work) { doClean = true; start = rng.uni(600, 900); }
    if (!doClean) continue;
    let t = at(day, start, rng);
    for (const pi of B.ports) {
      const P = PORTS[pi];
      let d = rng.uni(5, 10) * MIN; addPres(P.entrance, t, t + d, WALK, 'cleaner'); t += d;
      if (P.lift) { if (P.landAt[0] !== undefined) addPres(P.landAt[0], t, t + rng.uni(30, 70) * SEC, WALK, 'cleaner'); t += rng.uni(50, 90) * SEC; }
      else t += P.floors * 9 * SEC;
      for (let f = P.floors - 1; f >= 0; f--) {
        const dd = (P.lift ? rng.uni(2, 3.5) : rng.uni(2.5, 5)) * MIN;
        if (P.landAt[f] !== undefined) addPres(P.landAt[f], t, t + dd, WALK, 'cleaner');
        t += dd + rng.uni(5, 15) * SEC;
      }
      d = rng.uni(3, 8) * MIN; addPres(P.entrance, t, t + d, WALK, 'cleaner'); t += d + rng.uni(1, 3) * MIN;
    }
    if (Math.floor(day.i / 7) % 4 === c.deepWeek) {
      for (const s of [...B.corridors, B.laundry]) if (s >= 0) t = outsiderVisit(s, t, rng.uni(10, 22) * 60, WALK, rng, 'cleaner') + rng.uni(1, 3) * MIN;
    }
  }
}
const PAPER = (() => {
  const r = R('paper');
  const order = r.shuffle(PORTS.map(P => P.idx));
  return { order, base: r.uni(225, 260) };
})();
function newspaperDay(day) {
  if (day.key === '12-25' || day.key === '1-1') return;
  const rng = R('paper-day', day.i);
  const sub = rng.chance(0.1);
  let m = PAPER.base + rng.normal(0, 8) + (day.weekend ? rng.uni(15, 40) : 0) + (sub ? rng.uni(20, 50) : 0);
  if (day.snowing) m += rng.uni(20, 60) * Math.min(1, day.w.snow / 5);
  let t = at(day, m, rng);
  const order = sub ? PAPER.order.slice().reverse() : PAPER.order;
  const sp = sub ? 1.4 : 1;
  for (const pi of order) {
    const P = PORTS[pi];
    const floors = new Set(P.hh.filter(h => h.sub && h.active[0] <= t && h.active[1] > t && !h.away.has(day.i)).map(h => h.floor));
    if (!floors.size) continue;
    const maxF = Math.max(...floors);
    addPres(P.entrance, t, t + rng.uni(3, 7) * sp * SEC, WALK, 'newspaper'); t += rng.uni(4, 8) * sp * SEC;
    if (P.lift && maxF >= 4) {
      const w = rng.uni(10, 40) * SEC;
      if (P.landAt[0] !== undefined) addPres(P.landAt[0], t, t + w, WALK, 'newspaper');
      t += w + (6 + maxF * 2.3) * SEC;
      for (let f = maxF; f >= 0; f--) {
        const d = (floors.has(f) ? rng.uni(5, 10) : rng.uni(2, 4)) * sp * SEC;
        if (P.landAt[f] !== undefined && (f > 0 || true)) addPres(P.landAt[f], t, t + d, WALK, 'newspaper');
        t += d + rng.uni(4, 6) * sp * SEC;
      }
    } else {
      for (let f = 0; f <= maxF; f++) { const d = (floors.has(f) ? rng.uni(5, 9) : rng.uni(2, 4)) * sp * SEC; if (P.landAt[f] !== undefined) addPres(P.landAt[f], t, t + d, WALK, 'newspaper'); t += d + rng.uni(5, 7) * sp * SEC; }
      for (let f = maxF; f >= 0; f--) { const d = rng.uni(2, 3) * SEC; if (P.landAt[f] !== undefined) addPres(P.landAt[f], t, t + d, WALK, 'newspaper'); t += d + rng.uni(4, 5) * sp * SEC; }
    }
    addPres(P.entrance, t, t + rng.uni(2, 5) * SEC, WALK, 'newspaper');
    t += rng.uni(30, 120) * sp * SEC;
  }
}

// ------------------------------------------------------------------ anomalies (labelled)
const ANOM_DAYS = DAYS.filter(d => d.i >= FIRST_ANOM_DAY && d.i < NDAYS - 1 && !['12-24', '12-31', '1-1'].includes(d.key)); // night events spill into the next day
const sensorsOf = (...spaces) => SENS.filter(s => spaces.includes(s.space));
function topLanding(P) { const fl = Object.keys(P.landAt).map(Number); return fl.length ? P.landAt[Math.max(...fl)] : -1; }
function pickDay(rng, wfn) { return rng.weighted(ANOM_DAYS.map(d => [d, wfn(d)])); }
function youthGroup(site, t0, durMin, n, rng) {
  const end = t0 + durMin * MIN;
  for (let k = 0; k < n; k++) {
    const a = t0 + (k === 0 ? 0 : rng.uni(0, 18)) * MIN;
    const b = Math.max(a + 8 * MIN, end - (k > 0 && rng.chance(0.4) ? rng.uni(0, 30) : rng.uni(0, 3)) * MIN);
    const route = streetRoute(site, rng);
    let t = emitRoute(route, a, WALK, 'loitering', 0.9);
    if (rng.chance(0.3) && b - t > 25 * MIN) { // out for a smoke and back
      const o = t + rng.uni(5, (b - t) / MIN - 15) * MIN;
      addPres(site, t, o, MIX, 'loitering');
      const bo = emitRouteBack(route, o, WALK, 'loitering');
      t = emitRoute(route, bo + rng.uni(4, 10) * MIN, WALK, 'loitering');
    }
    addPres(site, t, b, MIX, 'loitering');
    emitRouteBack(route, b, WALK, 'loitering', 0.9);
  }
}
function anomalies() {
  const rng = R('anomalies');
  const summary = [];
  const youthSites = [
    ...sensorsOf('entrance').map(s => [s.idx, 2]),
    ...PORTS.flatMap(P => Object.values(P.landAt).map(s => [s, 3])),
    ...sensorsOf('basement').map(s => [s.idx, 2]), ...sensorsOf('bike-room').map(s => [s.idx, 1.5]),
    ...sensorsOf('laundry').map(s => [s.idx, 1]), ...sensorsOf('storage').map(s => [s.idx, 0.5]),
  ];
  // youth groups (sometimes several evenings in a row at the same place)
  const nY = rng.int(3, 6);
  for (let k = 0; k < nY; k++) {
    const site = rng.weighted(youthSites);
    const d0 = pickDay(rng, d => 1 + (d.w.t < 0 ? 1 : 0) + (d.dow >= 4 ? 1.5 : 0) + (d.i > 40 ? 0.5 : 0));
    const nights = rng.chance(0.35) ? rng.int(2, 3) : 1;
    for (let j = 0; j < nights && d0.i + j < NDAYS; j++) {
      const day = DAYS[d0.i + j];
      if (!ANOM_DAYS.includes(day)) continue;
      const st = day.dow >= 4 ? rng.uni(1140, 1410) : rng.uni(1050, 1320);
      const dur = rng.uni(25, 150);
      youthGroup(site, at(day, st, rng), dur, rng.int(3, 7), rng);
      summary.push(['loitering/youth', SENS[site].space, day.key]);
    }
  }
  // rough sleepers
  const sleepSites = [...sensorsOf('attic').map(s => [s.idx, 3]), ...PORTS.filter(P => !P.lift).map(P => [topLanding(P), 2]).filter(x => x[0] >= 0),
    ...sensorsOf('basement').map(s => [s.idx, 2]), ...sensorsOf('laundry').map(s => [s.idx, 1.5]), ...sensorsOf('bike-room').filter(s => !s.yard).map(s => [s.idx, 1])];
  const nS = rng.int(1, 2);
  for (let k = 0; k < nS; k++) {
    const site = rng.weighted(sleepSites);
    const d0 = pickDay(rng, d => 0.2 + Math.max(0, -d.w.t) + (d.cold ? 4 : 0));
    const nights = rng.int(2, 5);
    for (let j = 0; j < nights && d0.i + j < NDAYS - 1; j++) {
      const day = DAYS[d0.i + j];
      if (!ANOM_DAYS.includes(day) || (j > 0 && rng.chance(0.15))) continue;
      const a = at(day, rng.uni(1350, 1530), rng), b = at(day, 1440 + rng.uni(300, 405), rng);
      const route = streetRoute(site, rng);
      const t = emitRoute(route, a, WALK, 'loitering', 1.2);
      // mostly lying still; sometimes up for a while
      let c = t;
      const mid = rng.chance(0.4) ? c + rng.uni(0.2, 0.7) * (b - c) : -1;
      if (mid > 0) { addPres(site, c, mid, STILL, 'loitering'); addPres(site, mid, mid + rng.uni(2, 8) * MIN, WALK, 'loitering'); c = mid + 8 * MIN; }
      addPres(site, c, b, STILL, 'loitering');
      emitRouteBack(route, b + rng.uni(1, 4) * MIN, WALK, 'loitering', 1.2);
      summary.push(['loitering/sleeper', SENS[site].space, day.key]);
    }
  }
  // drug use
  const drugSites = [...sensorsOf('basement', 'bike-room', 'garbage-room', 'storage').map(s => [s.idx, 1]), ...PORTS.filter(P => !P.lift).map(P => [topLanding(P), 1]).filter(x => x[0] >= 0)];
  const nD = rng.int(2, 4);
  for (let k = 0; k < nD; k++) {
    const site = rng.weighted(drugSites);
    const day = pickDay(rng, d => 1 + (d.payday ? 2 : 0) + (d.dow >= 4 ? 0.7 : 0));
    const st = rng.weighted([[rng.uni(720, 1020), 1], [rng.uni(1020, 1380), 2], [1440 + rng.uni(0, 120), 1]]);
    const dur = rng.uni(20, 70) * MIN, n = rng.int(1, 2);
    const a = at(day, st, rng);
    for (let i = 0; i < n; i++) {
      const route = streetRoute(site, rng);
      const t = emitRoute(route, a + i * rng.uni(0, 3) * MIN, WALK, 'loitering');
      const m = t + rng.uni(0.2, 0.5) * dur;
      addPres(site, t, m, MIX, 'loitering'); addPres(site, m, a + dur, STILL, 'loitering');
      emitRouteBack(route, a + dur + i * rng.uni(0, 2) * MIN, WALK, 'loitering');
    }
    summary.push(['loitering/drugs', SENS[site].space, day.key]);
  }
  // stashes
  const stashSites = [...sensorsOf('storage', 'basement', 'bike-room', 'garbage-room', 'attic', 'laundry').map(s => [s.idx, s.space === 'laundry' ? 0.5 : 1]),
    ...PORTS.map(P => [topLanding(P), 0.8]).filter(x => x[0] >= 0)];
  const nSt = rng.weighted([[1, 3], [2, 4], [3, 1.5]]);
  const hourW = [4, 3, 2, 1.5, 0.5, 0.2, 0.3, 0.5, 0.5, 0.6, 0.8, 1, 1, 1, 1.2, 1.5, 1.8, 2, 2.2, 2.8, 3.2, 3.5, 4, 4.2];
  for (let k = 0; k < nSt; k++) {
    const site = rng.weighted(stashSites);
    const S = SENS[site];
    const d0 = rng.int(FIRST_ANOM_DAY, NDAYS - 10), len = rng.int(7, 20);
    const lam = rng.uni(2, 6);
    const samePorts = HH.filter(h => PORTS[h.port].bld === S.bld && h.active[0] === -Infinity && h.active[1] === Infinity && h.type !== 'elderly1' && h.type !== 'elderly2');
    const inside = rng.chance(0.4) && samePorts.length ? rng.pick(samePorts) : null;
    let visits = 0;
    for (let di = d0; di < Math.min(NDAYS, d0 + len); di++) {
      const day = DAYS[di];
      if (!ANOM_DAYS.includes(day)) continue;
      const n = rng.poisson(lam * (day.dow >= 4 ? 1.4 : 1) * (day.payday || (di > 0 && DAYS[di - 1].payday) ? 1.6 : 1));
      for (let v = 0; v < n; v++) {
        const h = rng.weighted(hourW.map((w, i) => [i, w]));
        const m = (h < 6 ? 1440 : 0) + h * 60 + rng.uni(0, 60);
        const t0 = at(day, m, rng);
        if (t0 < LEARNED || t0 > TO - 15 * MIN) continue;
        const stay = rng.chance(0.12) ? rng.uni(150, 300) : rng.uni(15, 90);
        const who = rng.chance(0.15) ? 2 : 1;
        for (let w = 0; w < who; w++) {
          if (inside && rng.chance(0.7)) siteVisit(inside, null, t0 + w * 5 * SEC, site, stay, WALK, rng, 'stash');
          else outsiderVisit(site, t0 + w * 5 * SEC, stay, WALK, rng, 'stash', 0.85);
        }
        visits++;
      }
    }
    summary.push(['stash', S.space, `${DAYS[d0].key}+${len}d`, `${visits} visits`, inside ? 'resident' : 'street']);
  }
  // night disturbances
  const nN = rng.int(4, 8);
  for (let k = 0; k < nN; k++) {
    const kind = rng.weighted([['burglary', 3], ['prowler', 2], ['noisy', 2], ['biketheft', sensorsOf('bike-room').length ? 1.5 : 0]]);
    const day = pickDay(rng, d => kind === 'noisy' ? (d.dow >= 4 ? 3 : 0.3) : kind === 'burglary' ? (d.m === 12 ? 2 : 1) : 1);
    if (kind === 'burglary') {
      const B = rng.pick(BLDS.filter(b => b.storages.length));
      const stor = rng.pick(B.storages), S = SENS[stor];
      const a = at(day, 1440 + rng.uni(60, 250), rng);
      const dur = rng.uni(20, 80) * MIN;
      for (let i = 0; i < 2; i++) {
        const route = streetRoute(stor, rng);
        let t = emitRoute(route, a + i * rng.uni(0, 1) * MIN, WALK, 'night-disturbance');
        const corr = S.corridor;
        let c = t;
        while (c < a + dur) { // between the storage cages and the corridor
          const s1 = rng.uni(3, 12) * MIN; addPres(stor, c, c + s1, WALK, 'night-disturbance'); c += s1;
          if (corr >= 0) { const s2 = rng.uni(0.5, 3) * MIN; addPres(corr, c, c + s2, WALK, 'night-disturbance'); c += s2; }
        }
        const P = PORTS[S.port];
        if (P.attic >= 0 && i === 0 && rng.chance(0.4)) { c = outsiderVisit(P.attic, c, rng.uni(5, 15) * 60, WALK, rng, 'night-disturbance'); }
        emitRouteBack(route, c, WALK, 'night-disturbance', 0.8);
      }
      summary.push(['night/burglary', 'storage', day.key]);
    } else if (kind === 'prowler') {
      const P = rng.pick(PORTS);
      let t = at(day, 1440 + rng.uni(110, 270), rng);
      const end = t + rng.uni(8, 25) * MIN;
      addPres(P.entrance, t, t + rng.uni(20, 90) * SEC, WALK, 'night-disturbance'); t += 60 * SEC;
      while (t < end) {
        for (let f = 0; f < P.floors && t < end; f++) { const d = rng.uni(20, 150) * SEC; if (P.landAt[f] !== undefined) addPres(P.landAt[f], t, t + d, WALK, 'night-disturbance'); t += d + 8 * SEC; }
        for (let f = P.floors - 1; f >= 0; f--) { const d = rng.uni(4, 30) * SEC; if (P.landAt[f] !== undefined) addPres(P.landAt[f], t, t + d, WALK, 'night-disturbance'); t += d + 6 * SEC; }
        if (rng.chance(0.4)) break;
      }
      if (P.corridor >= 0 && rng.chance(0.4)) t = outsiderVisit(P.corridor, t - 60 * SEC, rng.uni(60, 300), WALK, rng, 'night-disturbance');
      addPres(P.entrance, t, t + rng.uni(5, 30) * SEC, WALK, 'night-disturbance');
      summary.push(['night/prowler', 'stairwell', day.key]);
    } else if (kind === 'noisy') {
      const P = rng.pick(PORTS);
      const site = rng.chance(0.5) || P.landAt[0] === undefined ? P.entrance : P.landAt[0];
      const mark = LAB.length;
      youthGroup(site, at(day, 1440 + rng.uni(30, 200), rng), rng.uni(10, 45), rng.int(2, 6), rng);
      for (let i = mark; i < LAB.length; i++) LAB[i][1] = 'night-disturbance'; // a night disturbance, not loitering
      summary.push(['night/noisy', SENS[site].space, day.key]);
    } else {
      const site = rng.pick(sensorsOf('bike-room')).idx;
      const a = at(day, 1440 + rng.uni(60, 240), rng);
      for (let i = 0; i < rng.int(1, 2); i++) outsiderVisit(site, a + i * 20 * SEC, rng.uni(5, 20) * 60, WALK, rng, 'night-disturbance');
      summary.push(['night/bike-theft', 'bike-room', day.key]);
    }
  }
  return summary;
}

// ------------------------------------------------------------------ outages
function planOutages() {
  const rng = R('outages');
  const out = SENS.map(() => []);
  const cold = SENS.filter(s => s.kind === 'pir' && ['entrance', 'attic', 'bike-room', 'garbage-room'].includes(s.space));
  const nb = rng.int(1, 2);
  const notes = [];
  for (let k = 0; k < nb && cold.length; k++) {
    const s = rng.pick(cold);
    const d0 = rng.int(25, NDAYS - 12);
    const a = DAYS[d0].t0 + rng.uni(0, 24) * HOUR;
    let d1 = d0 + rng.int(2, 9); while (d1 < NDAYS - 1 && !DAYS[d1].work) d1++;
    const b = at(DAYS[d1], rng.uni(600, 840), rng);
    out[s.idx].push([a, b]);
    addPres(s.idx, b + 10 * SEC, b + rng.uni(60, 180) * SEC, WALK); // janitor swapping the battery
    notes.push(`battery ${s.space} ${DAYS[d0].key}..${DAYS[d1].key}`);
  }
  if (rng.chance(0.5)) {
    const d = rng.int(5, NDAYS - 2);
    const a = at(DAYS[d], rng.uni(0, 1200), rng), b = a + rng.uni(1.5, 5) * HOUR;
    for (const o of out) o.push([a, b]);
    notes.push(`gateway ${DAYS[d].key}`);
  }
  return { out, notes };
}

// ------------------------------------------------------------------ sensor engines
function motionFrom(list, rng) {
  const mot = [];
  for (const [a, b, m] of list) {
    if (m === WALK) { mot.push([a, b, 0]); continue; }
    const head = m === MIX ? 5 * SEC : 15 * SEC, tail = m === MIX ? 5 * SEC : 12 * SEC;
    const gap = m === MIX ? 25 * SEC : 6 * MIN;
    mot.push([a, Math.min(b, a + head), 0]);
    let t = a + head;
    while (true) { t += rng.exp(gap); if (t >= b - tail) break; const d = rng.uni(1, m === MIX ? 4 : 3) * SEC; mot.push([t, t + d, 1]); t += d; }
    if (b - tail > a + head) mot.push([b - tail, b, 0]);
  }
  mot.sort((x, y) => x[0] - y[0]);
  return mot;
}
function pirEngine(list, M, rng) {
  const raw = motionFrom(list, rng);
  // detection misses (short motion), spurious triggers
  const mot = [];
  for (const x of raw) {
    const short = x[1] - x[0] < 12 * SEC;
    if (short && !rng.chance(x[2] ? M.pDet * 0.75 : M.pDet)) continue;
    mot.push(x);
  }
  const nsp = rng.poisson(M.spur * NDAYS);
  for (let i = 0; i < nsp; i++) { const t = FROM + rng.next() * (TO - FROM); mot.push([t, t + 500, 1]); }
  mot.sort((x, y) => x[0] - y[0]);
  // merge
  const mm = [];
  for (const x of mot) { const l = mm[mm.length - 1]; if (l && x[0] <= l[1]) { if (x[1] > l[1]) l[1] = x[1]; } else mm.push([x[0], x[1]]); }
  const out = [];
  let occupied = false, offAt = -Infinity, armed = -Infinity;
  const blind = M.blind * SEC, tmo = M.timeout * SEC;
  for (const [a, b] of mm) {
    let t = Math.max(a, armed) + rng.uni(M.lat[0], M.lat[1]) * SEC;
    if (t > b + 1500) continue;
    while (true) {
      if (occupied && t > offAt) { out.push(offAt, 0); occupied = false; }
      if (!occupied) { out.push(t, 1); occupied = true; } else if (M.repeat) out.push(t, 1);
      offAt = t + tmo; armed = t + blind;
      if (armed > b) break;
      if (!M.repeat) { const k = Math.floor((b - armed) / blind); const tl = armed + k * blind; offAt = tl + tmo; armed = tl + blind; break; }
      t = armed + rng.uni(0.1, 0.6) * SEC;
    }
  }
  if (occupied) out.push(offAt, 0);
  return out;
}
function radarEngine(s, list, M, rng) {
  const S = SENS[s];
  const det = [];
  for (const [a, b, m] of list) {
    const on = a + rng.uni(M.on[0], M.on[1]) * SEC;
    if (on >= b) { if (rng.chance(0.75)) det.push([a + 800, b + 800]); continue; }
    const rate = (m === STILL ? M.fStill : m === MIX ? M.fMix : M.fWalk) / HOUR;
    let cur = on, t = on;
    if (rate > 0) {
      while (true) {
        t += rng.exp(1 / rate);
        if (t >= b - 5 * SEC) break;
        det.push([cur, t]);
        cur = t + (M.hold + rng.uni(3, 40)) * SEC; t = cur;
        if (cur >= b) break;
      }
    }
    if (cur < b) det.push([cur, b]);
  }
  // ghosts
  const span = (TO - FROM) / HOUR;
  let gRate = M.ghost * (S.space === 'garbage-room' ? 3 : 1);
  const ng = rng.poisson(gRate * span);
  for (let i = 0; i < ng; i++) { const g = FROM + rng.next() * (TO - FROM); det.push([g, g + rng.uni(1, 12) * SEC]); }
  if (S.glass) { // passers-by behind the entrance glass, mostly daytime/evening
    const n = rng.poisson(0.8 * span);
    for (let i = 0; i < n; i++) { const g = FROM + rng.next() * (TO - FROM); const lm = localMinuteOf(g); const w = lm < 360 ? 0.05 : lm < 420 ? 0.4 : lm < 1320 ? 1 : 0.25; if (rng.chance(w)) det.push([g, g + rng.uni(1, 5) * SEC]); }
  }
  for (const [a, b, r] of GHOSTWIN[s]) { // spinning machines
    const n = rng.poisson(r * (b - a) / HOUR);
    for (let i = 0; i < n; i++) { const g = a + rng.next() * (b - a); det.push([g, g + rng.uni(2, 25) * SEC]); }
  }
  det.sort((x, y) => x[0] - y[0]);
  const hold = M.hold * SEC;
  const merged = [];
  for (const [a, b] of det) { const e = b + hold; const l = merged[merged.length - 1]; if (l && a <= l[1]) { if (e > l[1]) l[1] = e; } else merged.push([a, e]); }
  const out = [];
  for (const [a, b] of merged) {
    out.push(a, 1);
    if (M.keep) { let t = a + rng.uni(0.5, 1.5) * M.keep * SEC; while (t < b - 2 * SEC) { out.push(t, 1); t += rng.uni(0.5, 1.5) * M.keep * SEC; } }
    out.push(b, 0);
  }
  return out;
}

// ------------------------------------------------------------------ run
for (const day of DAYS) {
  for (const hh of HH) simHouseholdDay(hh, day);
  estateNormalDay(day);
  cleanerDay(day);
  newspaperDay(day);
}
for (const mv of MOVES) moveDay(mv.hh, DAYS[mv.d], R('move', mv.hh.id, mv.d), mv.kind);
const anomSummary = anomalies();
const { out: OUTAGES, notes: outageNotes } = planOutages();

let total = 0;
const streams = [];
for (const S of SENS) {
  const list = PRES[S.idx].sort((x, y) => x[0] - y[0]);
  const M = MODELS[S.model];
  const rng = R('sensor', S.idx);
  let ev = S.kind === 'pir' ? pirEngine(list, M, rng) : radarEngine(S.idx, list, M, rng);
  const lossy = S.kind === 'mmwave' || M.lossy;
  const outs = OUTAGES[S.idx];
  const kept = [];
  for (let i = 0; i < ev.length; i += 2) {
    const t = Math.round(ev[i]);
    if (t < FROM || t >= TO) continue;
    if (outs.length && outs.some(([a, b]) => t >= a && t < b)) continue;
    if (lossy && rng.chance(0.002)) continue;
    kept.push(t, ev[i + 1]);
  }
  streams.push(kept); total += kept.length / 2;
}
// k-way merge by sorting an index
const TS = new Float64Array(total), SI = new Uint16Array(total), VV = new Uint8Array(total);
{ let k = 0; streams.forEach((st, s) => { for (let i = 0; i < st.length; i += 2) { TS[k] = st[i]; SI[k] = s; VV[k] = st[i + 1]; k++; } }); }
const order = new Uint32Array(total); for (let i = 0; i < total; i++) order[i] = i;
order.sort((a, b) => TS[a] - TS[b] || a - b);

mkdirSync(OUT, { recursive: true });
{
  const chunks = ['ts,sensor,occupied\n'];
  let buf = [];
  for (let j = 0; j < total; j++) {
    const i = order[j];
    buf.push(`${TS[i]},${SENS[SI[i]].id},${VV[i]}`);
    if (buf.length >= 50000) { chunks.push(buf.join('\n') + '\n'); buf = []; }
  }
  if (buf.length) chunks.push(buf.join('\n') + '\n');
  writeFileSync(join(OUT, 'events.csv'), chunks.join(''));
}
const sensorsJson = {};
for (const S of SENS) sensorsJson[S.id] = { space: S.space, kind: S.kind, address: S.address };
writeFileSync(join(OUT, 'sensors.json'), JSON.stringify(sensorsJson, null, 1));

// labels: merge per sensor+type with small gaps
const GAP = { loitering: 5 * MIN, stash: 60 * SEC, 'night-disturbance': 5 * MIN, cleaner: 10 * MIN, newspaper: 60 * SEC, moving: 10 * MIN };
const byKey = new Map();
for (const [s, type, a, b] of LAB) {
  const ca = Math.max(FROM, a), cb = Math.min(TO, b);
  if (cb <= ca) continue;
  const k = `${s}|${type}`; if (!byKey.has(k)) byKey.set(k, []); byKey.get(k).push([ca, cb]);
}
const labels = [];
for (const [k, arr] of byKey) {
  const [s, type] = k.split('|');
  arr.sort((x, y) => x[0] - y[0]);
  let cur = null;
  for (const [a, b] of arr) { if (cur && a <= cur[1] + GAP[type]) cur[1] = Math.max(cur[1], b); else { if (cur) labels.push(cur); cur = [a, b]; } }
  if (cur) labels.push(cur);
  for (let i = labels.length - 1; i >= 0 && labels[i].length === 2; i--) labels[i] = { sensor: SENS[+s].id, type, start: Math.round(labels[i][0]), end: Math.round(labels[i][1]) };
}
labels.sort((x, y) => x.start - y.start || (x.sensor < y.sensor ? -1 : 1));
writeFileSync(join(OUT, 'labels.json'), JSON.stringify(labels, null, 1));
writeFileSync(join(OUT, 'meta.json'), JSON.stringify({ from: FROM, to: TO, learnedFrom: LEARNED }, null, 1));

if (!QUIET) {
  const kinds = { pir: 0, mmwave: 0 }; for (const S of SENS) kinds[S.kind]++;
  const models = {}; for (const S of SENS) models[S.model] = (models[S.model] || 0) + 1;
  const spaces = {}; for (const S of SENS) spaces[S.space] = (spaces[S.space] || 0) + 1;
  const lt = {}; for (const l of labels) lt[l.type] = (lt[l.type] || 0) + 1;
  const firstSnow = DAYS.find(d => d.snowing);
  const persons = HH.reduce((n, h) => n + h.persons.length, 0);
  console.log(`seed ${SEED}: ${SENS.length} sensors (pir ${kinds.pir}, mmwave ${kinds.mmwave}), ${PORTS.length} ports in ${BLDS.length} buildings, ${HH.length} households / ${persons} persons`);
  console.log(`  events ${total}  (${(total / NDAYS).toFixed(0)}/day)`);
  console.log(`  labels ${labels.length}: ${Object.entries(lt).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  spaces ${JSON.stringify(spaces)}  models ${JSON.stringify(models)}`);
  console.log(`  first snow ${firstSnow ? firstSnow.key : '-'}, min temp ${Math.min(...DAYS.map(d => d.w.t)).toFixed(1)} C, moves ${MOVES.map(m => m.kind + '@' + DAYS[m.d].key).join(' ')}, outages ${outageNotes.join('; ') || '-'}`);
  for (const a of anomSummary) console.log('  anomaly', a.join(' '));
}
