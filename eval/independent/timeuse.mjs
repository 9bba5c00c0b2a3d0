#!/usr/bin/env node
/*
 * timeuse.mjs — independent synthetic test data for Trygga Trappan ("time-use" generator)
 *
 *   node eval/independent/timeuse.mjs --seed N --out DIR [--quiet]
 *
 * Writes DIR/events.csv, DIR/sensors.json, DIR/labels.json, DIR/meta.json. Node 20, no dependencies,
 * fully deterministic for a given seed (own sfc32 PRNG, independent named streams, no clock reads).
 *
 * What is modelled, and why:
 *  - An allmännyttan estate (Husby/Rinkeby/Tensta/Skärholmen/Akalla style street names) of 8–12 entrances
 *    (trappuppgångar) grouped into 3–5 huskroppar. Typology per block: 3-storey lamellhus without lift
 *    (often with vind), 4-storey with/without lift, 6–8-storey with lift. Each block shares a basement
 *    (källarkorridor/kulvert) with tvättstuga, källarförråd, cykelrum and a miljörum (some reached from
 *    outdoors, some via the basement), because that is how shared rooms are actually laid out.
 *  - Sensors: one at each entrance, one per one or two landings in the stairwell, optional vind sensor,
 *    and block-level basement/laundry/storage/bike/garbage sensors. ~75 % PIR in several real models
 *    (Aqara: 60 s blind time + re-report + 90 s clear; Hue: transitions only, 30–60 s clear; IKEA: 3 min;
 *    Tuya: 60 s), ~25 % mmWave (FP1-like / Tuya ZY-M100-like: sees still people, 8–40 s hold, flicker
 *    drops during still presence, rare ghost detections — more near laundry machines and fans).
 *  - Residents are households with members who have a role (day work, shift work on a 14-day rota, school
 *    child, gymnasium teen, student/SFI, retired, at home, parental leave). Each member gets a daily
 *    activity sequence (leave/return times) drawn per day type (weekday / Saturday / Sunday+holiday), so
 *    stairwell traffic emerges from people's days — morning peaks, school-end, after-work, evening,
 *    shift workers at 05:15 and 22:45, weekend night returns — instead of rates per time slot.
 *  - Every trip is routed through the building: apartment door → landings passed (stairs, or own landing
 *    while waiting for the lift) → entrance (longer with pram, mailbox, taxi waits); basement rooms via the
 *    basement stairs and corridor; vind via the top landing. Correlated sensors fire in sequence.
 *  - Errands are household-level and heavy-tailed per space: garbage (short, evenings or on the way out),
 *    laundry from booked 3-hour passes 07–22 (load / move to tumbler / fold trips, occasional sit-in,
 *    no-shows), storage and vind (mostly minutes, rarely an hour of sorting, more in spring), bike room
 *    (short, strongly weather/season dependent), dog walks incl. 22–23 h, förskola drop-off/pick-up.
 *  - Calendar: Europe/Stockholm local time with the 29 March 2026 DST change, Easter 2026 (Skärtorsdag
 *    half day, Långfredag and Annandag påsk as Sundays), påsklov v.15, Valborg, 1 May, Kristi
 *    himmelsfärd + klämdag, end of Ramadan / Eid al-Fitr (20 March) for observant households.
 *  - Weather: AR(1) daily temperature around a Stockholm spring climatology plus a Markov rain process;
 *    warm dry days give more outings, longer kids' play outside, more cycling; rainy lov days give kids
 *    playing on landings. Households travel (påsk trips, weekend trips, a few long trips abroad) with
 *    early taxi waits in the entrance.
 *  - Outsiders: guests (late departures), hemtjänst rounds for some elderly (incl. 21–22 h), food and
 *    parcel couriers, janitor rounds and repairs, weekly garbage collection — all unlabelled normal life.
 *  - Labelled benign routine: weekly trappstädning per entrance (stint per sensor), weekly laundry and
 *    fortnightly corridor cleaning, daily early-morning newspaper round only in entrances with
 *    subscribers, and a handful of moving days (move-out and later move-in, helpers, propped door).
 *  - Labelled anomalies, all after the 14-day learning window: loitering (evening youth groups, drug use,
 *    rough sleepers at night with almost no PIR motion, afternoon hangs on lov days) at recurring
 *    hotspots where people gather; stash campaigns (several sub-4-minute visits per night at odd hours, on
 *    2–4 nights within two weeks, in low-traffic rooms, sometimes reused sites); night disturbances in
 *    basement-type spaces (groups passing, door trying, bike theft, rummaging, laundry use at 03:00).
 *  - Labels are the true presence interval at the labelled sensor. A stash visit is labelled at the site
 *    and at the basement corridor walked to reach it (one label per visit per sensor); entrance/stairwell
 *    passes on the way to a stash or loitering site are left unlabelled (they look like a resident coming
 *    home late), as are the short corridor passes of people heading to a loitering spot.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// ───────────────────────────── CLI ─────────────────────────────
const argv = process.argv.slice(2);
const arg = (name, def) => { const i = argv.indexOf(name); return i >= 0 && i + 1 < argv.length ? argv[i + 1] : def; };
const SEED = Number.parseInt(arg('--seed', ''), 10);
const OUT = arg('--out', null);
const QUIET = argv.includes('--quiet');
if (!Number.isFinite(SEED) || !OUT) { console.error('usage: node timeuse.mjs --seed N --out DIR [--quiet]'); process.exit(2); }
const log = (...a) => { if (!QUIET) console.error('[timeuse]', ...a); };

const SEC = 1000, MIN = 60 * SEC, HOUR = 60 * MIN, DAYMS = 24 * HOUR;
const clamp = (x, a, b) => (x < a ? a : x > b ? b : x);

// ───────────────────────────── PRNG ─────────────────────────────
function hashStr(s) { let h = 2166136261 >>> 0; for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; } return h; }
function splitmix32(x) {
  return () => { x = (x + 0x9e3779b9) | 0; let z = x; z = Math.imul(z ^ (z >>> 16), 0x85ebca6b); z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35); return (z ^ (z >>> 16)) >>> 0; };
}
class Rng {
  constructor(seed, stream) {
    const sm = splitmix32((Math.imul(seed | 0, 0x9e3779b1) ^ hashStr(stream)) | 0);
    this.a = sm(); this.b = sm(); this.c = sm(); this.d = sm();
    for (let i = 0; i < 15; i++) this.u();
  }
  u() { // sfc32
    let { a, b, c, d } = this; const t = (((a + b) | 0) + d) | 0; d = (d + 1) | 0;
    a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11); c = (c + t) | 0;
    this.a = a; this.b = b; this.c = c; this.d = d; return (t >>> 0) / 4294967296;
  }
  range(a, b) { return a + (b - a) * this.u(); }
  int(a, b) { return a + Math.floor((b - a + 1) * this.u()); }
  chance(p) { return this.u() < p; }
  pick(arr) { return arr[Math.floor(this.u() * arr.length)]; }
  wpick(items, w) { let s = 0; for (const x of w) s += x; let r = this.u() * s; for (let i = 0; i < items.length; i++) { r -= w[i]; if (r < 0) return items[i]; } return items[items.length - 1]; }
  normal(m = 0, s = 1) { const u = 1 - this.u(), v = this.u(); return m + s * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v); }
  logn(median, sigma) { return median * Math.exp(sigma * this.normal()); }
  exp(mean) { return -mean * Math.log(1 - this.u()); }
  poisson(l) { if (l <= 0) return 0; if (l > 30) return Math.max(0, Math.round(this.normal(l, Math.sqrt(l)))); const L = Math.exp(-l); let k = 0, p = 1; do { k++; p *= this.u(); } while (p > L); return k - 1; }
  hex(n) { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.u() * 16)]; return s; }
}

// ───────────────────────────── calendar ─────────────────────────────
const calR = new Rng(SEED, 'calendar');
const START_DOM = calR.pick([2, 9, 16]);          // a Monday in March 2026; all include DST (29/3) and Easter
const NDAYS = 70;
const DST_START_UTC = Date.UTC(2026, 2, 29, 1), DST_END_UTC = Date.UTC(2026, 9, 25, 1);
function localToUtc(y, m, d, sec) {           // Europe/Stockholm wall clock → epoch ms
  const naive = Date.UTC(y, m, d) + Math.round(sec * 1000);
  const off = (naive - HOUR >= DST_START_UTC && naive - 2 * HOUR < DST_END_UTC) ? 2 * HOUR : HOUR;
  return naive - off;
}
const HOLIDAYS = new Set(['2026-04-03', '2026-04-05', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-24']);
const HALF_DAYS = new Set(['2026-04-02', '2026-04-30', '2026-05-13']);      // skärtorsdag, valborg, dag före KHF
const SCHOOL_OFF = new Set(['2026-04-07', '2026-04-08', '2026-04-09', '2026-04-10', '2026-05-15']); // påsklov v.15, klämdag
const EID = '2026-03-20', RAMADAN_LAST = '2026-03-19';
const climT = (doy) => { // Stockholm daily mean temperature, rough spring climatology
  const pts = [[60, 0.5], [91, 4.5], [121, 10], [152, 14.5]];
  for (let i = 1; i < pts.length; i++) if (doy <= pts[i][0]) { const [x0, y0] = pts[i - 1], [x1, y1] = pts[i]; return y0 + (y1 - y0) * (doy - x0) / (x1 - x0); }
  return 14.5;
};
const DAYS = [];
{
  const wR = new Rng(SEED, 'weather');
  let anom = wR.normal(0, 2), rain = wR.chance(0.35);
  for (let d = 0; d <= NDAYS; d++) {
    const dt = new Date(Date.UTC(2026, 2, START_DOM + d));
    const y = dt.getUTCFullYear(), m = dt.getUTCMonth(), dd = dt.getUTCDate(), dow = (dt.getUTCDay() + 6) % 7;
    const key = `${y}-${String(m + 1).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
    const doy = (Date.UTC(y, m, dd) - Date.UTC(2026, 0, 1)) / DAYMS + 1;
    anom = 0.7 * anom + wR.normal(0, 2.2); rain = wR.chance(rain ? 0.55 : 0.27);
    const temp = climT(doy) + anom;
    const holiday = HOLIDAYS.has(key);
    const type = holiday || dow === 6 ? 'sun' : dow === 5 ? 'sat' : 'wd';
    DAYS.push({
      d, y, m, dd, dow, key, doy, temp, rain, type, holiday,
      workday: type === 'wd', half: HALF_DAYS.has(key), klamdag: key === '2026-05-15',
      school: type === 'wd' && !SCHOOL_OFF.has(key), lov: type === 'wd' && SCHOOL_OFF.has(key) || key === '2026-04-03' || key === '2026-04-06',
      nice: clamp((temp - 1) / 13, 0, 1) * (rain ? 0.45 : 1), season: clamp((doy - 60) / 92, 0, 1),
      ramadan: key <= RAMADAN_LAST, eid: key === EID, friNight: dow === 4 || dow === 5,
      start: localToUtc(y, m, dd, 0),
    });
  }
}
const FROM = DAYS[0].start, TO = DAYS[NDAYS].start, LEARNED = FROM + 14 * DAYMS;
const LEARN_DAY = 14;
const H = (d, h) => localToUtc(DAYS[d].y, DAYS[d].m, DAYS[d].dd, h * 3600); // day d, local hour h (may exceed 24)

// ───────────────────────────── estate & sensors ─────────────────────────────
const ESTATES = [
  ['Husby', ['Trondheimsgatan', 'Bergengatan', 'Edvard Griegsgången', 'Hammerfestgatan', 'Tromsøgatan']],
  ['Rinkeby', ['Rinkebysvängen', 'Kuddbygränd', 'Skårbygränd', 'Hinderstorpsgränd', 'Degerbygatan']],
  ['Tensta', ['Tenstavägen', 'Hagstråket', 'Glömmingegränd', 'Kämpingebacken', 'Elinsborgsbacken']],
  ['Skärholmen', ['Bredholmsgatan', 'Störtloppsvägen', 'Ekholmsvägen', 'Vårbergsvägen', 'Måsholmstorget']],
  ['Akalla', ['Sibeliusgången', 'Nystadsgatan', 'Borgagatan', 'Kalajokigatan', 'Torneågatan']],
];
const PIR_MODELS = [
  { name: 'aqara', prefix: '00158d00', timeout: [90, 90], repeat: true, blind: 60, miss: 0.03, w: 4 },
  { name: 'hue', prefix: '00178801', timeout: [30, 60], repeat: false, blind: 0, miss: 0.02, w: 3 },
  { name: 'ikea', prefix: '000d6ffffe', timeout: [180, 180], repeat: true, blind: 60, miss: 0.04, w: 2 },
  { name: 'tuya-pir', prefix: 'a4c13800', timeout: [60, 60], repeat: false, blind: 0, miss: 0.05, w: 2 },
];
const MMW_MODELS = [
  { name: 'fp1', prefix: '54ef4410', hold: [25, 40], flicker: 0.5, ghost: 0.12, w: 2 },
  { name: 'zy-m100', prefix: 'a4c13800', hold: [8, 20], flicker: 1.4, ghost: 0.45, w: 2 },
  { name: 'fp1e', prefix: '54ef4410', hold: [10, 30], flicker: 0.35, ghost: 0.08, w: 1 },
];
const SENS = [];          // {id, space, kind, address, model, timeout, hold, pres: [s,e,rate,...]}
const ADDR = [], BLOCKS = [];
function buildEstate(r) {
  SENS.length = 0; ADDR.length = 0; BLOCKS.length = 0;
  const [area, streets] = r.pick(ESTATES);
  const nAddr = r.int(8, 12);
  const ids = new Set();
  const mkSensor = (space, address) => { SENS.push({ space, address, kind: null, pres: [] }); return SENS.length - 1; };
  let left = nAddr, si = 0;
  while (left > 0) {
    let n = Math.min(left, r.int(2, 4)); if (left - n === 1) n = left <= 4 ? left : n - 1;
    const street = streets[si++ % streets.length];
    const typ = r.wpick(['lamell3', 'lamell4', 'high'], [4, 3, 3]);
    let num = r.int(1, 40) * 2 + (r.chance(0.5) ? 1 : 0); const step = r.chance(0.7) ? 2 : 1;
    const B = { idx: BLOCKS.length, addrs: [], typ, laundryCap: 1 };
    for (let i = 0; i < n; i++, num += step) {
      const name = `${street} ${num}`;
      const floors = typ === 'lamell3' ? 3 : typ === 'lamell4' ? 4 : r.int(6, 8);
      const elevator = typ === 'high' || (typ === 'lamell4' && r.chance(0.35));
      const A = { idx: ADDR.length, name, block: B, floors, elevator, perFloor: typ === 'high' ? r.int(4, 5) : 3,
        boxes: r.chance(0.6), viaEntrance: r.chance(0.5), stairs: new Map(), attic: null };
      A.entrance = mkSensor('entrance', name);
      const sf = floors === 3 ? [r.pick([2, 3])] : floors === 4 ? (r.chance(0.5) ? [2, 4] : [3]) : (r.chance(0.5) ? [2, 4, 6] : [3, 5]).filter((f) => f <= floors);
      for (const f of sf) A.stairs.set(f, mkSensor('stairwell', name));
      if (typ !== 'high' && r.chance(0.45)) A.attic = mkSensor('attic', name);
      ADDR.push(A); B.addrs.push(A);
    }
    const home = () => r.pick(B.addrs).name;
    B.basement = r.chance(0.9) ? mkSensor('basement', home()) : null;
    B.laundry = mkSensor('laundry', home());
    B.storage = [mkSensor('storage', home())]; if (n >= 3 && r.chance(0.5)) B.storage.push(mkSensor('storage', home()));
    B.bike = r.chance(0.85) ? mkSensor('bike-room', home()) : null; B.bikeAccess = r.chance(0.55) ? 'outside' : 'basement';
    B.garbage = mkSensor('garbage-room', home()); B.garbageAccess = r.chance(0.6) ? 'outside' : 'basement';
    BLOCKS.push(B); left -= n;
  }
  for (const s of SENS) {
    const pm = s.space === 'stairwell' || s.space === 'entrance' || s.space === 'laundry' ? 0.28 : 0.22;
    s.kind = r.chance(pm) ? 'mmwave' : 'pir';
  }
  for (const s of SENS) {
    const M = s.kind === 'pir' ? r.wpick(PIR_MODELS, PIR_MODELS.map((m) => m.w)) : r.wpick(MMW_MODELS, MMW_MODELS.map((m) => m.w));
    s.model = M;
    if (s.kind === 'pir') s.timeout = r.int(M.timeout[0], M.timeout[1]) * SEC; else s.hold = r.int(M.hold[0], M.hold[1]) * SEC;
    do { s.id = '0x' + M.prefix + r.hex(16 - M.prefix.length); } while (ids.has(s.id));
    ids.add(s.id);
  }
  return area;
}
const layR = new Rng(SEED, 'layout');
let AREA;
for (;;) {
  AREA = buildEstate(layR);
  const mm = SENS.filter((s) => s.kind === 'mmwave').length / SENS.length;
  if (SENS.length >= 50 && SENS.length <= 65 && mm >= 0.2 && mm <= 0.3) break;
}
log(`estate ${AREA}: ${ADDR.length} addresses, ${BLOCKS.length} blocks, ${SENS.length} sensors, start 2026-03-${START_DOM}`);

// ───────────────────────────── presence recording & labels ─────────────────────────────
const PASS = -1, GHOST = -2;      // rate codes: continuous motion / sensor artefact; >=0: motions per minute
let REC = null;
function pres(si, s, e, rate) {
  if (si == null) return;
  if (e - s < 1500) e = s + 1500;
  SENS[si].pres.push(s, e, rate);
  if (REC) { const c = REC.get(si); if (c) { if (s < c[0]) c[0] = s; if (e > c[1]) c[1] = e; } else REC.set(si, [s, e]); }
}
function record(fn) { const prev = REC; REC = new Map(); try { fn(); return REC; } finally { REC = prev; } }
const LABELS = [], LBUSY = new Map();
function addLabel(si, type, s, e) { LABELS.push({ si, type, start: Math.round(s), end: Math.round(e) }); if (!LBUSY.has(si)) LBUSY.set(si, []); LBUSY.get(si).push([s, e]); }
function isFree(si, s, e, pad = 20 * MIN) { const L = LBUSY.get(si); if (!L) return true; for (const [a, b] of L) if (s < b + pad && e > a - pad) return false; return true; }
const stairSensors = (A) => [...A.stairs.values()];

// ───────────────────────────── routing through the building ─────────────────────────────
// An "actor" has A (address), floor (home or destination floor), down/up pace (ms per floor), elevP.
function actor(r, A, floor, kind = 'adult') {
  const old = kind === 'old';
  return { A, floor, down: (old ? r.range(11, 16) : r.range(5.5, 9)) * SEC, up: (old ? r.range(14, 20) : r.range(8, 13)) * SEC,
    elevP: A.elevator ? (old ? 0.97 : floor >= 4 ? 0.85 : 0.55) : 0 };
}
function descend(r, P, from, to, t, fromDoor = true) {         // from floor → to floor (to < from)
  const A = P.A;
  if (from - to >= 1 && r.chance(P.elevP)) {
    const wait = clamp(r.logn(18, 0.6), 4, 120) * SEC;
    const s = A.stairs.get(from); if (s != null) pres(s, t, t + wait + (fromDoor ? r.range(3, 8) * SEC : 0), wait > 45 * SEC ? 1 : PASS);
    return t + wait + (fromDoor ? 4 * SEC : 0) + (from - to) * 2.5 * SEC + 5 * SEC;
  }
  for (let k = from; k > to; k--) {
    const s = A.stairs.get(k);
    if (s != null) pres(s, t, t + (k === from && fromDoor ? r.range(6, 12) : r.range(3, 6)) * SEC, PASS);
    t += P.down * r.range(0.85, 1.15);
  }
  return t;
}
function ascend(r, P, from, to, t, toDoor = true) {
  const A = P.A;
  if (to - from >= 1 && r.chance(P.elevP)) {
    t += clamp(r.logn(12, 0.6), 3, 90) * SEC + (to - from) * 2.5 * SEC + 5 * SEC;
    const s = A.stairs.get(to); if (s != null) pres(s, t, t + r.range(4, 12) * SEC, PASS);
    return t + 8 * SEC;
  }
  for (let k = from + 1; k <= to; k++) {
    t += P.up * r.range(0.85, 1.15);
    const s = A.stairs.get(k);
    if (s != null) pres(s, t, t + (k === to && toDoor ? r.range(6, 15) : r.range(3, 6)) * SEC, PASS);
  }
  return t + (toDoor ? 6 * SEC : 0);
}
function entranceDwell(r, dir, opt = {}) {
  let s = dir === 'out' ? r.logn(7, 0.45) : r.logn(9, 0.45);
  if (dir === 'in' && opt.boxes && r.chance(0.45)) s += r.logn(15, 0.5);      // fastighetsbox
  if (opt.pram) s += r.logn(25, 0.5);
  if (opt.group) s += r.logn(6, 0.6);
  if (opt.old) s *= 1.6;
  if (r.chance(0.015)) s += r.logn(240, 0.8);                                 // chat, waiting for färdtjänst/taxi
  return clamp(s, 2, 3600) * SEC;
}
function entrancePres(r, A, t, dw) { pres(A.entrance, t, t + dw, dw > 45 * SEC ? r.range(1.5, 3) : PASS); return t + dw; }
function toBasement(r, P, t) {               // from apartment door to the far end of the basement corridor
  const A = P.A, B = A.block;
  t = descend(r, P, P.floor, 1, t);
  if (A.viaEntrance) pres(A.entrance, t, t + r.range(3, 6) * SEC, PASS);
  t += r.range(6, 10) * SEC;
  if (B.basement != null) { const w = r.range(8, 30) * SEC; pres(B.basement, t, t + w, PASS); t += w; }
  return t;
}
function fromBasement(r, P, t, toFloor = P.floor) {
  const A = P.A, B = A.block;
  if (B.basement != null) { const w = r.range(8, 30) * SEC; pres(B.basement, t, t + w, PASS); t += w; }
  t += r.range(7, 12) * SEC;
  if (A.viaEntrance) pres(A.entrance, t, t + r.range(3, 6) * SEC, PASS);
  if (toFloor <= 1) return t + 4 * SEC;
  return ascend(r, P, 1, toFloor, t);
}
function roomRate(r, dur, active) { return dur < 40 * SEC ? PASS : active * r.range(0.7, 1.3); }
function basementVisit(r, P, t, room, dur, active = 2.5) {
  t = toBasement(r, P, t);
  pres(room, t, t + dur, roomRate(r, dur, active));
  return fromBasement(r, P, t + dur);
}
function outsideRoomVisit(r, P, t, room, dur, active = 2.5) {   // garbage/bike room reached from outdoors
  t = descend(r, P, P.floor, 1, t);
  t = entrancePres(r, P.A, t, entranceDwell(r, 'out'));
  t += r.range(20, 90) * SEC;
  pres(room, t, t + dur, roomRate(r, dur, active)); t += dur + r.range(20, 90) * SEC;
  t = entrancePres(r, P.A, t, entranceDwell(r, 'in'));
  return ascend(r, P, 1, P.floor, t);
}
function roomVisit(r, P, t, room, access, dur, active) {
  return access === 'outside' ? outsideRoomVisit(r, P, t, room, dur, active) : basementVisit(r, P, t, room, dur, active);
}
function atticVisit(r, P, t, dur, active = 2) {
  const A = P.A; if (A.attic == null) return t;
  t = ascend(r, P, P.floor, A.floors, t, false) + r.range(6, 12) * SEC;
  pres(A.attic, t, t + dur, roomRate(r, dur, active)); t += dur + 5 * SEC;
  return descend(r, P, A.floors, P.floor, t, false);
}
// leaving home / coming home for a resident outing
function leaveHome(r, P, t, opt) {
  const A = P.A, B = A.block;
  if (opt.bike && B.bike != null && B.bikeAccess === 'basement') {
    t = toBasement(r, P, t); pres(B.bike, t, t + clamp(r.logn(50, 0.5), 15, 400) * SEC, PASS); return;  // out via basement door
  }
  if (opt.garbage && B.garbageAccess === 'basement') {
    t = toBasement(r, P, t); const g = clamp(r.logn(30, 0.5), 8, 300) * SEC; pres(B.garbage, t, t + g, PASS);
    t = fromBasement(r, P, t + g, 1);
  } else t = descend(r, P, P.floor, 1, t);
  t = entrancePres(r, A, t, entranceDwell(r, 'out', opt));
  if (opt.garbage && B.garbageAccess === 'outside') { t += r.range(20, 80) * SEC; pres(B.garbage, t, t + clamp(r.logn(30, 0.5), 8, 300) * SEC, PASS); }
  if (opt.bike && B.bike != null) { t += r.range(15, 60) * SEC; pres(B.bike, t, t + clamp(r.logn(45, 0.5), 15, 400) * SEC, PASS); }
}
function arriveHome(r, P, t, opt) {
  const A = P.A, B = A.block;
  if (opt.bike && B.bike != null && B.bikeAccess === 'basement') {
    const b = clamp(r.logn(40, 0.5), 12, 400) * SEC; pres(B.bike, t, t + b, PASS); fromBasement(r, P, t + b); return;
  }
  if (opt.bike && B.bike != null) { const b = clamp(r.logn(40, 0.5), 12, 400) * SEC; pres(B.bike, t, t + b, PASS); t += b + r.range(15, 60) * SEC; }
  t = entrancePres(r, A, t, entranceDwell(r, 'in', { ...opt, boxes: A.boxes }));
  ascend(r, P, 1, P.floor, t);
}
// an outsider visiting an apartment (guest, courier, hemtjänst): in, stay, out
function visitApartment(r, A, floor, tIn, stayMs, opt = {}) {
  const V = actor(r, A, floor);
  let t = entrancePres(r, A, tIn, entranceDwell(r, 'in', opt));
  ascend(r, V, 1, floor, t);
  t = tIn + 60 * SEC + stayMs;
  t = descend(r, V, floor, 1, t);
  entrancePres(r, A, t, entranceDwell(r, 'out', opt));
}

// ───────────────────────────── households ─────────────────────────────
const popR = new Rng(SEED, 'population');
const HH = [];
const ADULT_ROLES = ['work', 'shift', 'home', 'student'], ADULT_W = [40, 17, 27, 10];
function makePerson(r, hh, role, age) {
  const P = { role, age, hh, A: hh.A, floor: hh.floor, prevBusy: -Infinity, aways: [], bike: false };
  Object.assign(P, actor(r, hh.A, hh.floor, role === 'retired' ? 'old' : 'adult'));
  P.outRate = r.range(0.6, 1.5); P.eveOut = r.range(0.05, 0.3);
  switch (role) {
    case 'work': P.leaveH = clamp(r.normal(7.2, 0.55), 5.5, 9.5); P.workLen = r.normal(9.0, 0.4); P.wfh = r.chance(0.25) ? r.range(0.1, 0.4) : 0; break;
    case 'shift': P.rota = r.int(0, 13); P.shiftJit = r.normal(0, 0.15); break;
    case 'school': P.leaveH = clamp(r.normal(7.85, 0.12), 7.4, 8.4); P.backH = age < 10 ? r.normal(16.1, 0.4) : r.normal(14.9, 0.5); P.play = r.range(0.2, 0.8); break;
    case 'teen': P.leaveH = clamp(r.normal(8.0, 0.4), 7.2, 9.5); P.backH = r.normal(15.3, 0.8); P.eveOut = r.range(0.25, 0.7); P.curfew = r.normal(22.2, 0.6); break;
    case 'student': P.leaveH = clamp(r.normal(9.2, 0.6), 7.5, 11); P.backH = r.normal(16.5, 1); P.eveOut = r.range(0.15, 0.4); break;
    case 'retired': P.outRate = r.range(0.6, 1.6); P.eveOut = 0.02; break;
    case 'home': P.outRate = r.range(0.8, 2.0); P.nightOwl = r.chance(0.25); break;
    case 'parental': P.outRate = r.range(1.2, 2.0); P.pram = true; break;
  }
  P.bike = role === 'school' ? r.chance(0.5) : role === 'teen' ? r.chance(0.4) : role === 'retired' ? r.chance(0.08) : r.chance(0.28);
  P.bikeKeen = r.range(0.2, 0.9);
  return P;
}
function makeHousehold(r, A, floor, apt, activeFrom = 0) {
  const B = A.block;
  const hh = { A, floor, apt, activeFrom, activeTo: NDAYS, members: [], preschool: 0, away: new Set(), trips: [] };
  const size = r.wpick([1, 2, 3, 4, 5, 6, 7], [30, 22, 15, 14, 10, 6, 3]);
  const adultRole = () => r.wpick(ADULT_ROLES, ADULT_W);
  if (size === 1) hh.members.push(makePerson(r, hh, r.chance(0.35) ? 'retired' : adultRole(), 40));
  else if (size === 2 && r.chance(0.35)) { hh.members.push(makePerson(r, hh, 'retired', 70), makePerson(r, hh, r.chance(0.7) ? 'retired' : 'home', 68)); }
  else {
    const nAd = size === 2 || r.chance(0.22) ? 1 : 2;
    const kids = []; for (let i = 0; i < size - nAd; i++) kids.push(r.int(0, 19));
    const baby = kids.some((a) => a < 1);
    for (let i = 0; i < nAd; i++) hh.members.push(makePerson(r, hh, baby && i === nAd - 1 ? 'parental' : adultRole(), 38));
    if (size === 2 && r.chance(0.5) && kids[0] >= 16) hh.members.push(makePerson(r, hh, 'teen', kids[0]));
    else for (const a of kids) {
      if (a < 1) continue; if (a < 6) { hh.preschool++; continue; }
      hh.members.push(makePerson(r, hh, a < 16 ? 'school' : a < 20 ? 'teen' : 'student', a));
    }
  }
  hh.size = size;
  hh.dog = r.chance(0.07); hh.ramadan = r.chance(0.4); hh.paper = r.chance(0.035);
  hh.hemtjanst = hh.members.every((m) => m.role === 'retired') && r.chance(0.3);
  hh.storage = r.pick(B.storage);
  hh.laundryPerWeek = [0, 0.8, 1.1, 1.5, 1.9, 2.3, 2.7, 3][Math.min(7, size)];
  hh.storageRate = r.range(0.03, 0.12); hh.atticRate = A.attic != null ? r.range(0.02, 0.06) : 0;
  hh.guestRate = r.range(0.04, 0.2);
  return hh;
}
for (const A of ADDR) for (let f = 1; f <= A.floors; f++) for (let a = 0; a < A.perFloor; a++) {
  const hh = makeHousehold(popR, A, f, `${f}${a}`); if (popR.chance(0.03)) hh.activeFrom = NDAYS + 1;  // vacant at start
  HH.push(hh);
}
// travel: påsk trips, weekend trips, a few long visits abroad
{
  const r = new Rng(SEED, 'travel');
  const easter = DAYS.findIndex((D) => D.key === '2026-04-03');
  for (const hh of HH) {
    const kids = hh.members.some((m) => m.role === 'school');
    const add = (a, b) => { if (a < 0 || b > NDAYS - 1 || a >= b) return; hh.trips.push({ out: a, back: b, depH: r.chance(0.2) ? r.range(4, 6) : r.range(7, 18), retH: r.range(11, 22.5) }); for (let d = a + 1; d < b; d++) hh.away.add(d); };
    if (kids && easter >= 0 && r.chance(0.25)) { const a = easter + r.int(-1, 1); add(a, a + r.int(4, 9)); }
    if (r.chance(0.3)) { const a = r.int(0, NDAYS - 5); if (![...hh.trips].some((t) => a <= t.back + 1 && a + 4 >= t.out - 1)) { const fri = a - ((DAYS[a].dow + 3) % 7); add(Math.max(0, fri), Math.max(0, fri) + r.int(2, 4)); } }
    if (r.chance(0.05) && hh.trips.length === 0) { const a = r.int(0, NDAYS - 20); add(a, a + r.int(18, 40)); }
  }
}
// moving: a few move-outs followed by move-ins, plus move-ins into vacant flats (all after learnedFrom)
const MOVES = [];   // {d, hh, dir}
{
  const r = new Rng(SEED, 'moving');
  const cands = []; for (let d = LEARN_DAY + 1; d < NDAYS - 3; d++) { const D = DAYS[d]; const monthEnd = D.dd >= 28 || D.dd <= 2; cands.push([d, (monthEnd ? 4 : 1) * (D.type === 'sat' ? 2 : D.type === 'sun' ? 0.4 : 1)]); }
  const nOut = r.int(2, 3);
  for (let i = 0; i < nOut; i++) {
    let hh; do { hh = r.pick(HH); } while (hh.activeFrom !== 0 || hh.activeTo !== NDAYS || hh.trips.length);
    const d = r.wpick(cands.map((c) => c[0]), cands.map((c) => c[1]));
    hh.activeTo = d - 1; MOVES.push({ d, hh, dir: 'out' });
    const d2 = d + r.int(1, 10);
    if (d2 < NDAYS - 1) { const nh = makeHousehold(popR, hh.A, hh.floor, hh.apt, d2 + 1); HH.push(nh); MOVES.push({ d: d2, hh: nh, dir: 'in' }); }
  }
  for (const hh of HH.filter((h) => h.activeFrom === NDAYS + 1)) {
    if (MOVES.length >= 7) break;
    const d = r.wpick(cands.map((c) => c[0]), cands.map((c) => c[1])); hh.activeFrom = d + 1; MOVES.push({ d, hh, dir: 'in' });
  }
}
const active = (hh, d) => d >= hh.activeFrom && d <= hh.activeTo && !hh.away.has(d);
log(`${HH.length} households, ${HH.reduce((s, h) => s + h.members.length, 0)} mobile residents, ${MOVES.length} moving days`);

// ───────────────────────────── daily activity sequences ─────────────────────────────
function addOut(out, l, rr, tag) { if (!(rr > l)) return false; for (const o of out) if (l < o[1] + 0.25 && rr > o[0] - 0.25) return false; out.push([l, rr, tag]); out.sort((x, y) => x[0] - y[0]); return true; }
function leisure(r, P, D, out, k, lo = 10, hi = 19.5) {
  const n = r.poisson(k * P.outRate * (0.55 + 0.9 * D.nice));
  for (let i = 0; i < n; i++) { const l = r.range(lo, hi); addOut(out, l, l + clamp(r.logn(1.3, 0.6), 0.25, 6)); }
}
function nightOut(r, P, D, out, p) {
  if (r.chance(p)) { const l = r.range(18.5, 21.5); addOut(out, l, clamp(l + r.logn(3.5, 0.35), l + 1, 27.5)); }
}
const ROTA = ['E', 'E', 'L', 'L', 'o', 'o', 'N', 'N', 'N', 'o', 'o', 'E', 'E', 'o'];
function planDay(r, P, D) {
  const out = [], wd = D.type === 'wd', weekend = !wd;
  const friSat = D.friNight;
  switch (P.role) {
    case 'work': {
      if (D.workday && !(D.klamdag && r.chance(0.4)) && !r.chance(0.03) && !r.chance(P.wfh)) {
        const l = P.leaveH + r.normal(0, 0.12); let b = l + P.workLen + r.normal(0, 0.3) + (r.chance(0.15) ? r.range(0.3, 1.5) : 0);
        if (D.half) b -= r.range(1, 2.5);
        addOut(out, l, b, 'work');
        if (r.chance(P.eveOut)) { const l2 = b + r.range(1, 2.5); addOut(out, l2, l2 + clamp(r.logn(1.7, 0.5), 0.5, 5)); }
        if (D.dow === 4) nightOut(r, P, D, out, 0.12);
      } else { leisure(r, P, D, out, weekend ? 1.3 : 1); nightOut(r, P, D, out, friSat ? 0.18 : 0.04); }
      break;
    }
    case 'shift': {
      const s = ROTA[(D.d + P.rota) % 14], j = P.shiftJit + r.normal(0, 0.05);
      if (s === 'E') addOut(out, 5.4 + j, 15.0 + j + r.range(-0.2, 0.4), 'work');
      else if (s === 'L') { leisure(r, P, D, out, 0.6, 9.5, 11.5); addOut(out, 13.7 + j, 22.75 + j + r.range(-0.1, 0.3), 'work'); }
      else if (s === 'N') addOut(out, 21.1 + j, 31.2 + j + r.range(-0.1, 0.4), 'work');
      else { leisure(r, P, D, out, 1.1, 11, 19.5); nightOut(r, P, D, out, friSat ? 0.12 : 0.03); }
      break;
    }
    case 'school': {
      if (D.school) {
        addOut(out, P.leaveH + r.normal(0, 0.06), P.backH + r.normal(0, 0.3), 'school');
        if (r.chance(P.play * (0.35 + 0.65 * D.nice))) { const l = P.backH + r.range(0.4, 1.2); addOut(out, l, clamp(r.normal(18.2 + 1.6 * D.season, 0.5), l + 0.5, 21)); }
      } else {
        const n = r.poisson(P.play * (0.6 + 1.6 * D.nice) + (D.lov ? 0.4 : 0));
        for (let i = 0; i < n; i++) { const l = r.range(10.5, 17.5); addOut(out, l, clamp(l + r.logn(1.6, 0.5), l + 0.4, 19.8 + 1.2 * D.season)); }
      }
      break;
    }
    case 'teen': {
      if (D.school) addOut(out, P.leaveH + r.normal(0, 0.2), P.backH + r.normal(0, 0.7), 'school');
      else leisure(r, P, D, out, 1.2, 12.5, 18);
      if (r.chance(P.eveOut * (friSat ? 1.3 : 0.7))) {
        const l = r.range(17.5, 20.5); const end = friSat ? r.range(23, 26.5) : clamp(r.normal(P.curfew, 0.6), l + 0.7, 24.5);
        addOut(out, l, end);
      }
      break;
    }
    case 'student': {
      if (D.workday && r.chance(0.85)) addOut(out, P.leaveH + r.normal(0, 0.4), P.backH + r.normal(0, 1.2), 'work');
      else leisure(r, P, D, out, 1.1, 11, 19);
      nightOut(r, P, D, out, P.eveOut * (friSat ? 1.2 : 0.5));
      break;
    }
    case 'retired': {
      if (r.chance(0.35 + 0.35 * D.nice)) { const l = r.range(8.8, 11); addOut(out, l, l + r.range(0.4, 1.3)); }
      leisure(r, P, D, out, D.type === 'sun' ? 0.6 : 0.9, 10.5, 16.5);
      if (r.chance(P.eveOut)) { const l = r.range(17.5, 19); addOut(out, l, l + r.range(1, 3)); }
      break;
    }
    case 'home': case 'parental': {
      leisure(r, P, D, out, weekend ? 1.2 : 1, 9.5, 20);
      if (P.nightOwl && r.chance(0.15)) { const l = r.range(20, 22.5); addOut(out, l, l + r.range(1.5, 4.5)); }
      break;
    }
  }
  if (D.eid && P.hh.ramadan) { addOut(out, r.normal(7.4, 0.2), r.normal(10.5, 0.4)); if (r.chance(0.7)) { const l = r.range(13, 16); addOut(out, l, l + r.range(3, 6)); } }
  return out;
}

// ───────────────────────────── laundry bookings ─────────────────────────────
const SLOTS = [[7, 10], [10, 13], [13, 16], [16, 19], [19, 22]];
const BOOKINGS = Array.from({ length: NDAYS }, () => []);
{
  const r = new Rng(SEED, 'laundry');
  for (const B of BLOCKS) {
    const hhs = HH.filter((h) => h.A.block === B); B.laundryCap = hhs.length > 45 ? 2 : 1;
    for (let w = 0; w < NDAYS / 7; w++) {
      const taken = new Map();
      for (const hh of r.chance(0.5) ? hhs : [...hhs].reverse()) {
        const n = r.poisson(hh.laundryPerWeek);
        const old = hh.members.length && hh.members.every((m) => m.role === 'retired');
        for (let k = 0; k < n; k++) for (let tries = 0; tries < 10; tries++) {
          const dd = r.int(0, 6), d = w * 7 + dd; if (d >= NDAYS) continue;
          const D = DAYS[d];
          const sw = old ? [1.2, 1.4, 1.2, 0.5, 0.3] : D.type === 'wd' ? [0.5, 0.6, 0.7, 1.3, 1.4] : [1, 1.3, 1.3, 1.1, 0.8];
          const s = r.wpick([0, 1, 2, 3, 4], sw), key = d * 10 + s;
          if ((taken.get(key) || 0) >= B.laundryCap) continue;
          taken.set(key, (taken.get(key) || 0) + 1); BOOKINGS[d].push({ hh, slot: s }); break;
        }
      }
    }
  }
}

// ───────────────────────────── the day loop (residents, outsiders, routine) ─────────────────────────────
const resR = new Rng(SEED, 'residents'), visR = new Rng(SEED, 'visitors'), bldR = new Rng(SEED, 'building');
const routR = new Rng(SEED, 'routine');
// cleaning schedule: contractor cleans each entrance weekly; blocks split over Mon–Fri
for (const B of BLOCKS) { B.cleanDow = routR.int(0, 4); B.truckDow = routR.int(0, 4); B.cleanStart = routR.range(7.5, 9.5); }
const PAPER = { startWd: routR.range(3.7, 4.6), startWe: routR.range(5.0, 6.0), order: null };
{ const k = routR.int(0, ADDR.length - 1); PAPER.order = [...ADDR.slice(k), ...ADDR.slice(0, k)]; }   // the bud's fixed route through the estate
const isHome = (P, t) => t >= P.prevBusy + 5 * MIN && !P.aways.some(([l, b]) => t > l - 10 * MIN && t < b + 10 * MIN);
const homeAdult = (hh, t, r) => { const c = hh.members.filter((m) => m.role !== 'school' && isHome(m, t)); return c.length ? r.pick(c) : null; };
const anyHome = (hh, t) => hh.members.length === 0 || hh.members.some((m) => isHome(m, t));

function cleanAddress(r, A, t) {   // returns end time; labels one stint per sensor
  const C = actor(r, A, A.floors);
  t = entrancePres(r, A, t, r.range(10, 25) * SEC);
  t = ascend(r, C, 1, A.floors, t, false);                       // carry equipment up (unlabelled pass)
  const rec = record(() => {
    for (let f = A.floors; f >= 2; f--) {
      const dur = r.range(6, 11) * MIN;
      const s = A.stairs.get(f) ?? A.stairs.get(f - 1);             // a landing sensor also sees the flight above it
      if (s != null) pres(s, t, t + dur, PASS);
      t += dur;
    }
    const e = r.range(10, 22) * MIN; pres(A.entrance, t, t + e, PASS); t += e;
  });
  for (const [si, [s, e]] of rec) addLabel(si, 'cleaner', s, e);
  return t;
}
function cleanRoom(r, B, room, t, durMin) {
  const C = actor(r, B.addrs[0], 1);
  t = toBasement(r, C, t);
  const rec = record(() => { pres(room, t, t + durMin * MIN, PASS); });
  for (const [si, [s, e]] of rec) addLabel(si, 'cleaner', s, e);
  return fromBasement(r, C, t + durMin * MIN, 1) + r.range(2, 6) * MIN;
}
function newspaperRound(r, d) {
  const D = DAYS[d]; if (r.chance(0.02)) return;
  let t = H(d, (D.type === 'wd' ? PAPER.startWd : PAPER.startWe) + r.normal(0, 0.2) + (r.chance(0.08) ? r.range(0.5, 1.5) : 0));
  for (const A of PAPER.order) {
    const subs = HH.filter((h) => h.A === A && h.paper && active(h, d));
    if (!subs.length) continue;
    const top = Math.max(...subs.map((h) => h.floor));
    const V = { A, floor: top, down: r.range(3.5, 5) * SEC, up: r.range(5, 7.5) * SEC, elevP: 0 };
    const rec = record(() => {
      let u = entrancePres(r, A, t, r.range(4, 9) * SEC);
      u = ascend(r, V, 1, top, u, false) + r.range(3, 6) * SEC;
      u = descend(r, V, top, 1, u, false);
      t = entrancePres(r, A, u, r.range(3, 6) * SEC);
    });
    for (const [si, [s, e]] of rec) addLabel(si, 'newspaper', s, e);
    t += r.range(1, 3.5) * MIN;
  }
}
function movingDay(r, mv) {
  const { d, hh } = mv, A = hh.A, B = A.block;
  const t0 = H(d, r.range(8, 11)), t1 = t0 + r.range(4, 7.5) * HOUR;
  const rec = record(() => {
    const helpers = r.int(2, 5);
    for (let k = 0; k < helpers; k++) {
      const P = actor(r, A, hh.floor); P.elevP *= 0.6;
      let t = t0 + r.range(0, 20) * MIN;
      while (t < t1) {
        if (mv.dir === 'out') { t = descend(r, P, hh.floor, 1, t); t = entrancePres(r, A, t, clamp(r.logn(50, 0.7), 10, 900) * SEC); t += r.range(0.5, 3) * MIN; t = entrancePres(r, A, t, r.range(5, 15) * SEC); t = ascend(r, P, 1, hh.floor, t); }
        else { t = entrancePres(r, A, t, clamp(r.logn(40, 0.7), 10, 900) * SEC); t = ascend(r, P, 1, hh.floor, t); t += r.range(0.5, 2) * MIN; t = descend(r, P, hh.floor, 1, t); t = entrancePres(r, A, t, r.range(5, 12) * SEC); t += r.range(0.5, 3) * MIN; }
        t += r.range(1, 6) * MIN;
      }
    }
    proppedDoor(r, A, t0 + 10 * MIN, t1 - 25 * MIN);                 // door propped open, people standing and loading
    if (r.chance(0.6)) { const P = actor(r, A, hh.floor); let t = t0 + r.range(0.2, 0.8) * (t1 - t0); for (let i = r.int(1, 3); i > 0; i--) t = roomVisit(r, P, t, hh.storage, 'basement', r.range(3, 12) * MIN, 4) + r.range(2, 10) * MIN; }
    if (A.attic != null && r.chance(0.3)) { const P = actor(r, A, hh.floor); atticVisit(r, P, t0 + r.range(0.2, 0.8) * (t1 - t0), r.range(5, 15) * MIN, 4); }
  });
  for (const [si, [s, e]] of rec) addLabel(si, 'moving', s, e);
}
function proppedDoor(r, A, t0, t1) { for (let i = r.int(1, 4); i > 0; i--) { const s = t0 + r.range(0, 0.85) * (t1 - t0); pres(A.entrance, s, s + r.range(4, 20) * MIN, r.range(1.5, 3)); } }

for (let d = 0; d < NDAYS; d++) {
  const D = DAYS[d], r = resR;
  // 1. travel departures / returns
  for (const hh of HH) for (const tr of hh.trips) {
    if (d < hh.activeFrom || d > hh.activeTo) continue;
    if (tr.out === d) {
      const t = H(d, tr.depH); const lead = hh.members[0];
      if (lead) { leaveHome(r, lead, t, { group: true }); const A = hh.A; pres(A.entrance, t + 40 * SEC, t + 40 * SEC + clamp(r.logn(150, 0.8), 20, 1800) * SEC, 1.5); }
      for (const m of hh.members) m.prevBusy = Math.max(m.prevBusy, H(tr.back, tr.retH));
    }
    if (tr.back === d && hh.members[0]) arriveHome(r, hh.members[0], H(d, tr.retH), { group: true });
  }
  // 2. members' days
  for (const hh of HH) {
    if (!active(hh, d)) { for (const m of hh.members) m.aways = []; continue; }
    for (const P of hh.members) {
      const plan = planDay(r, P, D).filter(([l]) => H(d, l) > P.prevBusy + 10 * MIN);
      P.plan = plan; P.aways = plan.map(([l, b]) => [H(d, l), H(d, b)]);
    }
    // förskola drop-off / pick-up
    if (hh.preschool && D.workday) {
      const c = hh.members.filter((m) => m.role === 'parental' || m.role === 'home' || m.role === 'student');
      if (c.length) { const P = c[0]; addOut(P.plan, 7.9 + r.normal(0, 0.1), 8.45 + r.normal(0, 0.1), 'pram'); addOut(P.plan, 15.8 + r.normal(0, 0.15), 16.4 + r.normal(0, 0.1), 'pram'); P.aways = P.plan.map(([l, b]) => [H(d, l), H(d, b)]); }
    }
    // dog walks, by whoever is home
    if (hh.dog) for (const wh of [r.normal(6.9, 0.3), r.normal(12.5, 1), r.normal(17.6, 0.5), r.normal(22.2, 0.4)]) {
      const P = hh.members.find((m) => m.role !== 'school' && isHome(m, H(d, wh)));
      if (P && addOut(P.plan, wh, wh + (wh > 21 ? r.range(0.15, 0.35) : r.range(0.3, 0.8)), 'dog')) P.aways = P.plan.map(([l, b]) => [H(d, l), H(d, b)]);
    }
    // Ramadan: taraweeh at the mosque
    if (hh.ramadan && D.ramadan && r.chance(0.45)) { const P = hh.members.find((m) => m.role !== 'school' && m.role !== 'retired') ?? hh.members[0]; if (P && addOut(P.plan, r.normal(19.9, 0.15), r.normal(22.1, 0.25))) P.aways = P.plan.map(([l, b]) => [H(d, l), H(d, b)]); }
    // emit outings
    let garbageDue = r.chance(0.25 + 0.07 * hh.size);
    for (const P of hh.members) {
      for (const [l, b, tag] of P.plan) {
        const bike = P.bike && tag !== 'pram' && tag !== 'dog' && r.chance(P.bikeKeen * clamp((D.temp - 3) / 11, 0, 1) * (D.rain ? 0.3 : 1));
        const garbage = garbageDue && l < 10 && P.role !== 'school' && r.chance(0.5);
        if (garbage) garbageDue = false;
        const opt = { bike, garbage, pram: tag === 'pram' || (P.pram && r.chance(0.8)), old: P.role === 'retired' };
        leaveHome(r, P, H(d, l), opt); arriveHome(r, P, H(d, b), opt);
      }
    }
    // household errands
    const B = hh.A.block;
    if (garbageDue) { const t = H(d, D.workday ? r.range(16.5, 21.8) : r.range(10, 21.5)); const P = homeAdult(hh, t, r); if (P) roomVisit(r, P, t, B.garbage, B.garbageAccess, clamp(r.logn(30, 0.5), 8, 300) * SEC, 3); }
    const spring = 1 + 0.8 * D.season;
    if (r.chance(hh.storageRate * spring * (D.type === 'wd' ? 0.8 : 1.8))) {
      const t = H(d, r.range(10, 20.5)); const P = homeAdult(hh, t, r);
      if (P) { const long = r.chance(0.06); roomVisit(r, P, t, hh.storage, 'basement', (long ? r.range(25, 120) * 60 : clamp(r.logn(200, 0.8), 30, 1500)) * SEC, long ? 1.5 : 3); }
    }
    if (hh.atticRate && r.chance(hh.atticRate * spring * (D.type === 'wd' ? 0.8 : 1.6))) {
      const t = H(d, r.range(10, 20)); const P = homeAdult(hh, t, r);
      if (P) atticVisit(r, P, t, (r.chance(0.06) ? r.range(25, 90) * 60 : clamp(r.logn(240, 0.8), 30, 1500)) * SEC, 2);
    }
    // innocent long stays: a chat on the landing, waiting in the entrance
    if (r.chance(0.012)) { const t = H(d, r.range(10, 20)); const s = hh.A.stairs.get(hh.floor); if (s != null && anyHome(hh, t)) pres(s, t, t + r.range(6, 30) * MIN, r.range(0.8, 2)); }
    for (const P of hh.members) { const last = P.aways.length ? P.aways[P.aways.length - 1][1] : -Infinity; P.prevBusy = Math.max(P.prevBusy, last); }
  }
  // 3. laundry passes
  for (const { hh, slot } of BOOKINGS[d]) {
    if (!active(hh, d)) continue;
    const [s0, s1] = SLOTS[slot], B = hh.A.block, room = B.laundry;
    let t = H(d, s0) + clamp(r.logn(8, 0.7), 0, 45) * MIN;
    const P = homeAdult(hh, t, r) ?? (r.chance(0.5) ? hh.members.find((m) => m.role !== 'school') : null);
    if (!P || r.chance(0.08)) continue;                                      // no-show
    const end = H(d, s1) + r.range(-25, 12) * MIN;
    if (r.chance(P.role === 'retired' ? 0.2 : 0.06)) { basementVisit(r, P, t, room, Math.max(20 * MIN, end - t - 2 * MIN), r.range(0.6, 1.5)); continue; } // sit-in
    const loads = 1 + (hh.size >= 3 ? 1 : 0) + (r.chance(0.3) ? 1 : 0);
    t = basementVisit(r, P, t, room, r.range(4, 10) * MIN, 3);
    for (let k = 0; k < loads; k++) {
      t += r.range(45, 70) * MIN; if (t > end - 15 * MIN) break;
      t = basementVisit(r, P, t, room, r.range(4, 12) * MIN, 3);
    }
    const fold = r.range(8, 25) * MIN; const tf = Math.max(t + 30 * MIN, end - fold);
    basementVisit(r, P, Math.min(tf, end - 5 * MIN), room, fold, 3);
  }
  // 4. outsiders: guests, couriers, hemtjänst
  for (const hh of HH) {
    if (!active(hh, d) || !anyHome(hh, H(d, 18))) continue;
    const boost = D.eid && hh.ramadan ? 4 : D.type === 'wd' ? 1 : 2;
    if (visR.chance(hh.guestRate * boost)) { const l = visR.range(13, 20.5); visitApartment(visR, hh.A, hh.floor, H(d, l), clamp(visR.logn(2.5, 0.6), 0.5, 8) * HOUR, { group: visR.chance(0.5) }); }
    if (visR.chance(0.04)) visitApartment(visR, hh.A, hh.floor, H(d, visR.range(17, 21.8)), visR.range(20, 70) * SEC);       // food courier
    if (visR.chance(0.035)) visitApartment(visR, hh.A, hh.floor, H(d, visR.range(10, 21.5)), visR.range(20, 90) * SEC);     // parcel
    if (hh.hemtjanst) for (const h0 of [7.6, 11.9, 16.6, 21.1]) if (visR.chance(0.92)) visitApartment(visR, hh.A, hh.floor, H(d, h0 + visR.normal(0, 0.35)), visR.range(12, 35) * MIN);
  }
  // 5. building-level life: kids playing indoors, teens in the entrance, janitor, garbage truck
  for (const A of ADDR) {
    const kids = HH.some((h) => h.A === A && active(h, d) && h.members.some((m) => m.role === 'school'));
    if (kids && D.rain && bldR.chance(D.school ? 0.06 : 0.18)) {
      const t = H(d, D.school ? bldR.range(15, 18.5) : bldR.range(10.5, 18.5)); const cand = [A.entrance, ...stairSensors(A)]; if (A.block.basement != null) cand.push(A.block.basement);
      pres(bldR.pick(cand), t, t + clamp(bldR.logn(25, 0.5), 8, 80) * MIN, bldR.range(2.5, 5));
    }
    if (bldR.chance(0.06)) { const t = H(d, bldR.range(18, 21.5)); pres(A.entrance, t, t + bldR.range(3, 14) * MIN, bldR.range(2, 4)); }
  }
  for (const B of BLOCKS) {
    if (D.workday && bldR.chance(0.4)) {
      const J = actor(bldR, B.addrs[0], 1); let t = H(d, bldR.range(7.5, 14.5));
      const rooms = [B.laundry, ...B.storage, B.garbage]; if (B.bike != null) rooms.push(B.bike);
      for (const room of rooms) if (bldR.chance(0.4)) t = basementVisit(bldR, J, t, room, (bldR.chance(0.04) ? bldR.range(40, 150) * 60 : bldR.range(60, 600)) * SEC, 2) + bldR.range(1, 5) * MIN;
    }
    if (D.workday && D.dow === B.truckDow) { const t = H(d, bldR.range(6.3, 8.8)); pres(B.garbage, t, t + bldR.range(3, 8) * MIN, PASS); }
  }
  // 6. labelled routine: trappstädning, laundry/corridor cleaning, newspaper, moving
  for (const B of BLOCKS) {
    const prevHoliday = d > 0 && DAYS[d - 1].holiday && DAYS[d - 1].dow === B.cleanDow;
    if (D.workday && (D.dow === B.cleanDow || prevHoliday)) {
      let t = H(d, B.cleanStart + routR.normal(0, 0.25));
      for (const A of B.addrs) if (!MOVES.some((mv) => mv.d === d && mv.hh.A === A)) t = cleanAddress(routR, A, t) + routR.range(3, 10) * MIN; // skipped when movers block the stairs
      t = cleanRoom(routR, B, B.laundry, t, routR.range(20, 40));
      if (B.basement != null && Math.floor(d / 7) % 2 === 0) cleanRoom(routR, B, B.basement, t, routR.range(12, 25));
    }
  }
  newspaperRound(routR, d);
  for (const mv of MOVES) if (mv.d === d) { movingDay(routR, mv); }
}
log(`residents & routine done: ${LABELS.length} routine labels`);

// ───────────────────────────── anomalies (after learnedFrom) ─────────────────────────────
const anR = new Rng(SEED, 'anomalies');
const ALL = SENS.map((_, i) => i);
const addrOf = (si) => ADDR.find((A) => A.name === SENS[si].address);
const blockOf = (si) => BLOCKS.find((B) => B.basement === si || B.laundry === si || B.bike === si || B.garbage === si || B.storage.includes(si) || B.addrs.some((A) => A.entrance === si || A.attic === si || [...A.stairs.values()].includes(si)));
function floorOfStair(si) { const A = addrOf(si); for (const [f, s] of A.stairs) if (s === si) return f; return 1; }
// walk an outsider (or resident) from outside/apartment to a site; returns [arrival time, route-back function]
function approach(r, site, t, resident) {
  const sp = SENS[site].space, B = blockOf(site);
  let A = sp === 'stairwell' || sp === 'entrance' || sp === 'attic' ? addrOf(site) : r.pick(B.addrs);
  const floor = resident ? r.int(1, A.floors) : 1;
  const V = actor(r, A, floor); V.elevP *= 0.3;
  const outsideRoom = (sp === 'garbage-room' && B.garbageAccess === 'outside') || (sp === 'bike-room' && B.bikeAccess === 'outside');
  const basementDoor = !resident && ['basement', 'storage', 'laundry', 'bike-room', 'garbage-room'].includes(sp) && r.chance(0.3);
  if (outsideRoom) return [t, (u) => u];
  if (!resident) t = entrancePres(r, A, t, r.range(4, 12) * SEC);
  if (sp === 'entrance') { return [t, (u) => u]; }
  if (sp === 'stairwell') { const f = floorOfStair(site); t = resident && floor >= f ? descend(r, V, floor, f, t, true) : ascend(r, V, resident ? floor : 1, f, t, false); return [t, (u) => descend(r, V, f, 1, u, false)]; }
  if (sp === 'attic') { t = ascend(r, V, resident ? floor : 1, A.floors, t, false) + 8 * SEC; return [t, (u) => descend(r, V, A.floors, 1, u, false)]; }
  // basement-type rooms
  if (basementDoor) { if (B.basement != null && site !== B.basement) { const w = r.range(8, 25) * SEC; pres(B.basement, t, t + w, PASS); t += w; } return [t, (u) => { if (B.basement != null && site !== B.basement) pres(B.basement, u, u + r.range(8, 25) * SEC, PASS); return u; }]; }
  t = descend(r, V, floor, 1, t);
  if (A.viaEntrance && resident) pres(A.entrance, t, t + 4 * SEC, PASS);
  t += 8 * SEC;
  if (B.basement != null && site !== B.basement) { const w = r.range(8, 25) * SEC; pres(B.basement, t, t + w, PASS); t += w; }
  return [t, (u) => { if (B.basement != null && site !== B.basement) { pres(B.basement, u, u + r.range(8, 25) * SEC, PASS); u += 25 * SEC; } u += 8 * SEC; return resident ? ascend(r, V, 1, floor, u) : entrancePres(r, A, u, r.range(4, 10) * SEC); }];
}
const anomDay = (r, w = () => 1) => { const c = [], ws = []; for (let d = LEARN_DAY; d < NDAYS; d++) { c.push(d); ws.push(w(DAYS[d])); } return r.wpick(c, ws); };
const inSpaces = (...sp) => ALL.filter((i) => sp.includes(SENS[i].space));
const topStair = ADDR.map((A) => Math.max(...A.stairs.keys())).map((f, i) => ADDR[i].stairs.get(f));
// loitering: hotspots reused over weeks
{
  const r = anR, target = r.int(32, 48);
  const TYPES = {
    youth: { w: 45, sites: () => [...topStair, ...inSpaces('entrance'), ...inSpaces('basement'), ...inSpaces('attic')], day: (D) => (D.friNight ? 2.2 : 1) * (1.3 - 0.6 * D.nice), start: () => r.range(17.8, 22.5), dur: () => clamp(r.logn(55, 0.5), 20, 210), rate: () => r.range(3, 6) },
    drugs: { w: 25, sites: () => [...topStair, ...inSpaces('attic'), ...inSpaces('basement'), ...inSpaces('bike-room')], day: () => 1, start: () => r.range(20, 26), dur: () => clamp(r.logn(35, 0.4), 20, 90), rate: () => r.range(0.3, 1) },
    sleeper: { w: 15, sites: () => [...inSpaces('attic'), ...inSpaces('basement'), ...inSpaces('laundry'), ...topStair], day: (D) => 1.5 - D.nice, start: () => r.range(23, 26), dur: null, rate: () => r.range(0.04, 0.12) },
    afternoon: { w: 15, sites: () => [...inSpaces('entrance'), ...inSpaces('stairwell'), ...inSpaces('basement')], day: (D) => (D.lov || D.type !== 'wd' ? 3 : 1) * (1.2 - 0.5 * D.nice), start: () => r.range(13.3, 17), dur: () => clamp(r.logn(40, 0.4), 22, 100), rate: () => r.range(2, 4) },
  };
  const hot = [];
  let n = 0, guard = 0;
  while (n < target && guard++ < 2000) {
    const tn = r.wpick(Object.keys(TYPES), Object.values(TYPES).map((x) => x.w)), T = TYPES[tn];
    const cands = T.sites().filter((s) => s != null);
    const reuse = hot.filter((h) => h.type === tn);
    const site = reuse.length && r.chance(0.6) ? r.pick(reuse).site : r.pick(cands);
    if (!reuse.some((h) => h.site === site)) hot.push({ type: tn, site });
    const d = anomDay(r, T.day); if (d >= NDAYS - 1) continue;
    const t = H(d, T.start());
    const end = T.dur ? t + T.dur() * MIN : H(d, r.range(29, 31.5));
    if (end > TO - HOUR || !isFree(site, t - 5 * MIN, end + 5 * MIN, 30 * MIN)) continue;
    const group = tn === 'youth' || tn === 'afternoon';
    const [arr, back] = approach(r, site, t, tn === 'afternoon' && r.chance(0.4));
    const spread = group && r.chance(0.12);
    const sites = [site];
    if (spread) { const A = addrOf(site); const alt = SENS[site].space === 'entrance' ? stairSensors(A)[0] : A?.entrance; if (alt != null && isFree(alt, t, end)) sites.push(alt); }
    const rec = record(() => {
      pres(site, arr, end, T.rate());
      if (sites[1] != null) { const s2 = arr + (end - arr) * r.range(0.1, 0.5); pres(sites[1], s2, s2 + (end - s2) * r.range(0.4, 0.9), T.rate()); }
    });
    back(end + 10 * SEC);
    if (group) for (let k = r.poisson((end - arr) / HOUR * 1.5); k > 0; k--) { const u = arr + r.u() * (end - arr); approach(r, site, u, false); }  // people joining
    for (const s of sites) { const v = rec.get(s); if (v) { addLabel(s, 'loitering', v[0], v[1]); n++; } }
  }
}
// stash campaigns
{
  const r = anR, campaigns = r.int(26, 42), target = r.int(120, 190);
  let nLab = 0;
  const cand = [...inSpaces('storage'), ...inSpaces('attic'), ...inSpaces('basement'), ...inSpaces('bike-room'), ...inSpaces('garbage-room')];
  const w = cand.map((i) => ({ storage: 3, attic: 3, basement: 2, 'bike-room': 2, 'garbage-room': 1 })[SENS[i].space]);
  const used = [];
  for (let c = 0; c < campaigns && nLab < target; c++) {
    const site = used.length && r.chance(0.25) ? r.pick(used) : r.wpick(cand, w); used.push(site);
    const resident = r.chance(0.4), afternoon = r.chance(0.12);
    const s0 = r.int(LEARN_DAY, NDAYS - 5), span = r.int(4, 14);
    const nN = r.wpick([2, 3, 4], [40, 35, 25]); const nights = new Set();
    for (let g = 0; nights.size < nN && g < 50; g++) { const d = s0 + r.int(0, span); if (d < NDAYS - 1) nights.add(d); }
    for (const d of [...nights].sort((a, b) => a - b)) {
      let t = H(d, afternoon ? r.range(13, 15.5) : r.wpick([r.range(22.5, 24), r.range(24, 27), r.range(27, 28.7)], [3, 5, 2]));
      for (let k = 1 + Math.min(3, r.poisson(0.8)); k > 0; k--) {
        const dur = clamp(r.logn(45, 0.6), 12, 230) * SEC;
        if (t + dur < TO - HOUR && isFree(site, t, t + 5 * MIN, 2 * MIN)) {
          const rec = record(() => {
            const [arr, back] = approach(r, site, t, resident);
            pres(site, arr, arr + dur, dur < 45 * SEC ? PASS : r.range(3, 6));
            back(arr + dur + 5 * SEC);
          });
          // the visit is labelled where it is seen in the basement (site, and the corridor walked to reach it)
          for (const [si, [a, b]] of rec) if (si === site || SENS[si].space === 'basement') { addLabel(si, 'stash', a, b); nLab++; }
        }
        t += r.range(20, 120) * MIN;
      }
    }
  }
}
// night disturbances in spaces that are empty at night
{
  const r = anR, target = r.int(27, 42);
  const KINDS = [['group', 30, ['basement']], ['doors', 20, ['storage', 'attic']], ['bike', 15, ['bike-room']], ['laundry', 10, ['laundry']], ['garbage', 15, ['garbage-room']], ['attic', 10, ['attic']]];
  let n = 0, guard = 0;
  while (n < target && guard++ < 2000) {
    const [kind, , spaces] = r.wpick(KINDS, KINDS.map((k) => k[1]));
    const cands = inSpaces(...spaces); if (!cands.length) continue;
    const site = r.pick(cands), d = anomDay(r, (D) => (D.friNight ? 1.8 : 1)); if (d >= NDAYS - 1) continue;
    const t = H(d, r.range(24.5, 28.6)), dur = (kind === 'group' ? r.range(2, 10) : kind === 'garbage' ? r.range(3, 10) : kind === 'laundry' ? r.range(8, 20) : r.range(4, 16)) * MIN;
    if (!isFree(site, t, t + dur + 5 * MIN, 30 * MIN)) continue;
    const B = blockOf(site);
    if (B.basement != null && B.basement !== site && !isFree(B.basement, t, t + dur + 5 * MIN, 10 * MIN)) continue;
    const rec = record(() => {
      const [arr, back] = approach(r, site, t, false);
      pres(site, arr, arr + dur, kind === 'group' ? PASS : r.range(2, 6));
      if (kind === 'group' && r.chance(0.4)) { const room = r.pick([B.bike, ...B.storage, B.laundry].filter((x) => x != null)); const s2 = arr + r.range(0.5, 3) * MIN; pres(room, s2, s2 + r.range(1, 6) * MIN, r.range(3, 6)); }
      back(arr + dur + 10 * SEC);
    });
    for (const [si, [s, e]] of rec) if (SENS[si].space !== 'stairwell' && SENS[si].space !== 'entrance') { addLabel(si, 'night-disturbance', s, e); n++; }
  }
}
// sensor artefacts: mmWave ghosts (more near machines/fans), rare PIR false triggers at sunny glass doors
{
  const r = new Rng(SEED, 'artefacts');
  for (const s of SENS) {
    const perDay = s.kind === 'mmwave' ? s.model.ghost * (s.space === 'laundry' ? 2 : s.space === 'garbage-room' ? 1.5 : 1) : (s.space === 'entrance' ? 0.06 : 0.01);
    for (let d = 0; d < NDAYS; d++) for (let k = r.poisson(perDay); k > 0; k--) {
      const t = s.kind === 'pir' && s.space === 'entrance' ? H(d, r.range(10, 16)) : H(d, r.range(0, 24));
      pres(SENS.indexOf(s), t, t + r.range(2, 20) * SEC, GHOST);
    }
  }
}
log(`anomalies done: ${LABELS.length} labels`);

// ───────────────────────────── sensor simulation ─────────────────────────────
const simR = new Rng(SEED, 'sensors');
function intervalsOf(s) { const p = s.pres, a = []; for (let i = 0; i < p.length; i += 3) a.push([p[i], p[i + 1], p[i + 2]]); a.sort((x, y) => x[0] - y[0] || x[1] - y[1]); return a; }
function simPir(s, r) {
  const M = s.model, m = [];
  for (const [a, b, rate] of intervalsOf(s)) {
    if (rate === GHOST) { m.push(a); continue; }
    if (rate === PASS || b - a <= 40 * SEC) {
      if (b - a < 6 * SEC && r.chance(M.miss)) continue;
      for (let x = a + r.range(0, 800); x < b; x += r.range(1500, 4000)) m.push(x);
      continue;
    }
    const arr = Math.min(b, a + r.range(8, 20) * SEC), dep = Math.max(arr, b - r.range(6, 12) * SEC);
    for (let x = a + r.range(0, 800); x < arr; x += r.range(1500, 4000)) m.push(x);
    for (let x = arr + r.exp(MIN / rate); x < dep; x += r.exp(MIN / rate)) { m.push(x); for (let j = r.int(0, 2); j > 0; j--) m.push(x + r.range(1, 10) * SEC); }
    for (let x = dep; x < b; x += r.range(1500, 4000)) m.push(x);
  }
  m.sort((x, y) => x - y);
  const ev = []; let state = 0, lastDet = -Infinity, lastRep = -Infinity;
  for (const x of m) {
    if (state === 1 && x > lastDet + s.timeout) { ev.push(lastDet + s.timeout + r.range(0, 400), 0); state = 0; }
    if (M.repeat) { if (x - lastRep < M.blind * SEC) continue; ev.push(x + r.range(50, 600), 1); lastRep = lastDet = x; state = 1; }
    else { if (state === 0) { ev.push(x + r.range(50, 600), 1); state = 1; } lastDet = x; }
  }
  if (state === 1) ev.push(lastDet + s.timeout + r.range(0, 400), 0);
  return ev;
}
function simMmw(s, r) {
  const M = s.model, ev = [];
  let cur = null; const groups = [];
  for (const [a, b, rate] of intervalsOf(s)) {
    if (cur && a <= cur.e + s.hold) { cur.e = Math.max(cur.e, b); } else { cur = { s: a, e: b, stays: [] }; groups.push(cur); }
    if (rate >= 0 && b - a > 60 * SEC) cur.stays.push([a, b, rate]);
  }
  for (const g of groups) {
    ev.push(g.s + r.range(300, 1500), 1);
    const fl = [];
    for (const [a, b, rate] of g.stays) {
      const still = rate < 0.3 ? 3 : rate < 1.5 ? 1.2 : 0.4;
      for (let k = r.poisson(M.flicker * still * (b - a) / HOUR); k > 0; k--) fl.push(r.range(a + 10 * SEC, b - 15 * SEC));
    }
    fl.sort((x, y) => x - y); let last = -Infinity;
    for (const x of fl) { if (x - last < 20 * SEC) continue; const dur = r.range(1, 7) * SEC; ev.push(x, 0, x + dur, 1); last = x + dur; }
    ev.push(g.e + s.hold + r.range(0, 800), 0);
  }
  return ev;
}
const ROWS_T = [], ROWS_S = [], ROWS_O = [];
SENS.forEach((s, si) => {
  const ev = s.kind === 'pir' ? simPir(s, simR) : simMmw(s, simR);
  let prev = -Infinity, prevO = -1;
  for (let i = 0; i < ev.length; i += 2) {
    let t = Math.round(ev[i]); const o = ev[i + 1];
    if (t <= prev) t = prev + 1;
    if (t < FROM || t >= TO) continue;
    if (o === 0 && prevO === 0) continue;          // never report "clear" twice in a row
    ROWS_T.push(t); ROWS_S.push(si); ROWS_O.push(o); prev = t; prevO = o;
  }
});
const order = Array.from(ROWS_T.keys()).sort((i, j) => ROWS_T[i] - ROWS_T[j] || ROWS_S[i] - ROWS_S[j] || i - j);

// ───────────────────────────── output ─────────────────────────────
mkdirSync(OUT, { recursive: true });
const lines = ['ts,sensor,occupied'];
for (const i of order) lines.push(`${ROWS_T[i]},${SENS[ROWS_S[i]].id},${ROWS_O[i]}`);
writeFileSync(join(OUT, 'events.csv'), lines.join('\n') + '\n');
const sensorsJson = {};
for (const s of SENS) sensorsJson[s.id] = { space: s.space, kind: s.kind, address: s.address };
writeFileSync(join(OUT, 'sensors.json'), JSON.stringify(sensorsJson, null, 2) + '\n');
const labels = LABELS.filter((l) => l.end > FROM && l.start < TO)
  .sort((a, b) => a.start - b.start || a.si - b.si || a.type.localeCompare(b.type))
  .map((l) => ({ sensor: SENS[l.si].id, type: l.type, start: Math.max(FROM, l.start), end: Math.min(TO, l.end) }));
writeFileSync(join(OUT, 'labels.json'), JSON.stringify(labels, null, 1) + '\n');
writeFileSync(join(OUT, 'meta.json'), JSON.stringify({ from: FROM, to: TO, learnedFrom: LEARNED }, null, 2) + '\n');
if (!QUIET) {
  const byType = {}; for (const l of labels) if (l.start >= LEARNED) byType[l.type] = (byType[l.type] || 0) + 1;
  log(`${SENS.length} sensors, ${order.length} events, labels after learnedFrom: ${JSON.stringify(byType)}`);
}
