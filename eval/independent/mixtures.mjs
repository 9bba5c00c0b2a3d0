#!/usr/bin/env node
// A second synthetic estate ("mixtures"), written apart from eval/generate.ts: from the description
// alone, by someone who had not read that generator or the detector (Stockholm housing
// estates, Zigbee PIR and mmWave sensors). It makes its own choices on purpose: residents' long
// stays as mixtures (a bike repair, sorting a storage room), still people that a PIR loses for
// minutes, PIRs that re-send "occupied", shift workers at night, laundry bookings, traffic that
// ties an entrance to its stairwell, short sensor outages. `npm run eval:independent` scores the
// detector on it through trappan-eval. It is a check on overfitting, so do not tune to it.
//
//   node eval/independent/mixtures.mjs --seed N --out DIR [--start 2026-03-09] [--weeks 10] [--quiet]
//
// Writes DIR/events.csv, DIR/sensors.json (trappan-eval's formats), DIR/labels.json
// ([{sensor, type, start, end}], epoch ms) and DIR/meta.json ({from, to, learnedFrom}).
// No dependencies; deterministic given the seed.

import fs from 'node:fs';
import path from 'node:path';

// ------------------------------------------------------------------ CLI
function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const k = a.slice(2);
      const v = i + 1 < argv.length && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
      o[k] = v;
    }
  }
  return o;
}
const ARGS = parseArgs(process.argv.slice(2));
const SEED = parseInt(ARGS.seed ?? '1', 10);
const OUT = ARGS.out ?? `s${SEED}`;
const START = ARGS.start ?? '2026-03-09'; // a Monday; DST switch 2026-03-29 inside
const WEEKS = parseInt(ARGS.weeks ?? '10', 10);
const QUIET = ARGS.quiet === 'true';

// ------------------------------------------------------------------ PRNG
// sfc32 seeded through splitmix32; every component gets its own stream
// (seed x tag), so changing one part of the model does not reshuffle others.
function hashStr(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}
function splitmix32(a) {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16); t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15; t = Math.imul(t, 0x735a2d97); t ^= t >>> 15;
    return t >>> 0;
  };
}
function sfc32(a, b, c, d) {
  return () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9); b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11); d = (d + 1) | 0;
    t = (t + d) | 0; c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
class Rng {
  constructor(tag) {
    const sm = splitmix32((Math.imul(SEED, 0x9e3779b1) ^ hashStr(tag)) | 0);
    this.u = sfc32(sm(), sm(), sm(), sm());
    for (let i = 0; i < 12; i++) this.u();
    this._n = null;
  }
  next() { return this.u(); }
  uni(a, b) { return a + (b - a) * this.u(); }
  int(a, b) { return a + Math.floor((b - a + 1) * this.u()); } // inclusive
  chance(p) { return this.u() < p; }
  normal() {
    if (this._n !== null) { const v = this._n; this._n = null; return v; }
    let u1; do { u1 = this.u(); } while (u1 <= 1e-12);
    const u2 = this.u(), r = Math.sqrt(-2 * Math.log(u1));
    this._n = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }
  lognormal(med, sigma) { return med * Math.exp(sigma * this.normal()); }
  exp(mean) { return -mean * Math.log(1 - this.u()); }
  gamma(k, theta) { // Marsaglia-Tsang
    if (k < 1) return this.gamma(k + 1, theta) * Math.pow(this.u(), 1 / k);
    const d = k - 1 / 3, c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x, v;
      do { x = this.normal(); v = 1 + c * x; } while (v <= 0);
      v = v * v * v;
      const u = this.u();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * theta;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * theta;
    }
  }
  poisson(l) {
    if (l <= 0) return 0;
    if (l > 40) return Math.max(0, Math.round(l + Math.sqrt(l) * this.normal()));
    const L = Math.exp(-l); let k = 0, p = 1;
    do { k++; p *= this.u(); } while (p > L);
    return k - 1;
  }
  pick(arr) { return arr[Math.floor(this.u() * arr.length)]; }
  weighted(items, weights) {
    let s = 0; for (const w of weights) s += w;
    let x = this.u() * s;
    for (let i = 0; i < items.length; i++) { x -= weights[i]; if (x < 0) return items[i]; }
    return items[items.length - 1];
  }
  shuffle(a) {
    for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(this.u() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
    return a;
  }
}
const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));

// ------------------------------------------------------------------ time (Europe/Stockholm, own DST rule)
const S = 1000, MIN = 60 * S, H = 60 * MIN, D = 24 * H;
function lastSundayUtc(y, m) { // m 0-based; 00:00 UTC of that date
  const last = new Date(Date.UTC(y, m + 1, 0));
  return Date.UTC(y, m, last.getUTCDate() - last.getUTCDay());
}
const dstCache = new Map();
function offsetAt(utc) { // +01:00 winter, +02:00 summer (EU rule: last Sun Mar / Oct, 01:00 UTC)
  const y = new Date(utc).getUTCFullYear();
  let r = dstCache.get(y);
  if (!r) { r = [lastSundayUtc(y, 2) + H, lastSundayUtc(y, 9) + H]; dstCache.set(y, r); }
  return utc >= r[0] && utc < r[1] ? 2 * H : H;
}
const toLocal = (utc) => utc + offsetAt(utc); // "wall clock as if UTC"
function fromLocal(wall) { // wall-clock -> utc; non-existent 02:xx on switch day maps to 03:xx
  const c = wall - 2 * H;
  if (offsetAt(c) === 2 * H) return c;
  return wall - H;
}

const [SY, SM, SD] = START.split('-').map(Number);
const START_WALL = Date.UTC(SY, SM - 1, SD);
if (new Date(START_WALL).getUTCDay() !== 1) throw new Error(`--start ${START} is not a Monday`);
const NDAYS = WEEKS * 7;
const FROM = fromLocal(START_WALL);
const TO = fromLocal(START_WALL + NDAYS * D);
const LEARNED = FROM + 14 * D;
const atLocal = (d, hours) => fromLocal(START_WALL + d * D + Math.round(hours * H)); // hours may be >= 24
const wallOf = (utc) => toLocal(utc) - START_WALL;

// Swedish public holidays (+ de-facto holidays) -> Sunday rhythm
function easterUtc(y) {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 114);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(y, month - 1, day);
}
function swedishHolidays(y) {
  const E = easterUtc(y), m = new Map();
  m.set(Date.UTC(y, 0, 1), 'Nyårsdagen'); m.set(Date.UTC(y, 0, 6), 'Trettondedag jul');
  m.set(E - 2 * D, 'Långfredagen'); m.set(E, 'Påskdagen'); m.set(E + D, 'Annandag påsk');
  m.set(Date.UTC(y, 4, 1), 'Första maj'); m.set(E + 39 * D, 'Kristi himmelsfärds dag');
  m.set(E + 49 * D, 'Pingstdagen'); m.set(Date.UTC(y, 5, 6), 'Sveriges nationaldag');
  for (let dd = 19; dd <= 25; dd++) if (new Date(Date.UTC(y, 5, dd)).getUTCDay() === 5) {
    m.set(Date.UTC(y, 5, dd), 'Midsommarafton'); m.set(Date.UTC(y, 5, dd + 1), 'Midsommardagen');
  }
  m.set(Date.UTC(y, 11, 24), 'Julafton'); m.set(Date.UTC(y, 11, 25), 'Juldagen');
  m.set(Date.UTC(y, 11, 26), 'Annandag jul'); m.set(Date.UTC(y, 11, 31), 'Nyårsafton');
  return m;
}
const HOL = new Map([...swedishHolidays(SY), ...swedishHolidays(SY + 1)]);
const DAYS = [];
for (let d = 0; d < NDAYS; d++) {
  const wall = START_WALL + d * D;
  const dow = new Date(wall).getUTCDay();
  const hol = HOL.get(wall) ?? null;
  const bridge = !hol && dow === 5 && HOL.get(wall - D) === 'Kristi himmelsfärds dag'; // klämdag
  const dt = hol || dow === 0 ? 'sun' : dow === 6 || bridge ? 'sat' : 'wd';
  DAYS.push({ d, wall, dow, hol, bridge, dt, date: new Date(wall).toISOString().slice(0, 10) });
}

// ------------------------------------------------------------------ spaces, profiles
// Hourly arrival shapes (relative; normalised per day type); perApt = arrivals/day per apartment.
const PROFILE = {
  entrance: {
    perApt: 2.3,
    wd: [1.0, 0.6, 0.4, 0.3, 0.5, 1.4, 4.0, 8.5, 7.0, 4.0, 3.5, 3.8, 4.3, 4.0, 4.3, 5.8, 8.0, 9.0, 7.8, 6.2, 4.8, 3.6, 2.6, 1.7],
    we: [2.2, 1.7, 1.2, 0.8, 0.5, 0.4, 0.7, 1.3, 2.4, 4.0, 5.6, 6.6, 7.0, 7.0, 6.8, 6.8, 6.8, 6.4, 6.0, 5.2, 4.4, 3.8, 3.2, 2.6],
  },
  stairwell: {
    perApt: 0.9, // own traffic; entrance passages and cellar trips add coupled passages
    wd: [0.9, 0.5, 0.35, 0.3, 0.45, 1.2, 3.6, 7.0, 6.0, 3.8, 3.4, 3.6, 4.2, 4.0, 4.2, 5.4, 7.2, 8.4, 7.8, 6.6, 5.2, 4.0, 2.9, 1.8],
    we: [2.0, 1.6, 1.1, 0.7, 0.45, 0.4, 0.7, 1.4, 2.6, 4.2, 5.6, 6.4, 6.8, 6.8, 6.6, 6.6, 6.6, 6.4, 6.2, 5.6, 4.8, 4.0, 3.3, 2.6],
  },
  basement: {
    perApt: 0.16,
    wd: [0.1, 0.05, 0.03, 0.02, 0.02, 0.05, 0.3, 0.6, 0.6, 0.6, 0.8, 0.9, 1.0, 1.0, 1.0, 1.2, 1.8, 2.6, 3.2, 3.3, 2.8, 1.8, 0.8, 0.3],
    we: [0.2, 0.1, 0.05, 0.03, 0.02, 0.03, 0.1, 0.3, 0.8, 1.6, 2.6, 3.0, 3.0, 3.0, 3.0, 2.8, 2.6, 2.4, 2.2, 1.8, 1.4, 0.9, 0.5, 0.3],
  },
  storage: {
    perApt: 0.12,
    wd: [0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.2, 0.5, 0.5, 0.5, 0.6, 0.7, 0.8, 0.8, 0.9, 1.1, 1.6, 2.4, 3.0, 3.0, 2.4, 1.5, 0.6, 0.2],
    we: [0.1, 0.05, 0.03, 0.02, 0.02, 0.02, 0.1, 0.3, 0.9, 1.8, 2.8, 3.2, 3.2, 3.2, 3.2, 3.0, 2.6, 2.2, 1.8, 1.4, 1.0, 0.6, 0.3, 0.15],
  },
  attic: {
    perApt: 0.06,
    wd: [0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.7, 0.8, 1.0, 1.4, 1.8, 2.0, 1.8, 1.4, 0.8, 0.3, 0.1],
    we: [0.05, 0.02, 0.01, 0.01, 0.01, 0.01, 0.05, 0.1, 0.5, 1.2, 2.0, 2.6, 2.8, 2.8, 2.8, 2.6, 2.2, 1.8, 1.4, 1.0, 0.6, 0.3, 0.15, 0.08],
  },
  'garbage-room': {
    perApt: 0.35,
    wd: [0.1, 0.05, 0.03, 0.02, 0.05, 0.2, 1.2, 2.2, 1.4, 0.7, 0.6, 0.7, 0.8, 0.8, 0.9, 1.2, 1.8, 2.6, 3.2, 3.4, 3.0, 2.2, 1.2, 0.4],
    we: [0.3, 0.15, 0.05, 0.03, 0.03, 0.05, 0.2, 0.5, 1.0, 1.6, 2.2, 2.6, 2.6, 2.4, 2.4, 2.4, 2.6, 2.8, 2.8, 2.6, 2.2, 1.6, 1.0, 0.5],
  },
  'bike-room': {
    perApt: 0.25,
    wd: [0.1, 0.05, 0.02, 0.02, 0.05, 0.3, 1.6, 4.0, 2.6, 0.8, 0.6, 0.7, 0.8, 0.8, 1.0, 1.8, 3.2, 3.6, 2.4, 1.6, 1.2, 0.9, 0.5, 0.2],
    we: [0.15, 0.08, 0.03, 0.02, 0.02, 0.05, 0.2, 0.5, 1.2, 2.4, 3.2, 3.4, 3.2, 3.0, 3.0, 3.0, 2.8, 2.4, 1.8, 1.3, 0.9, 0.6, 0.3, 0.15],
  },
  laundry: { // only unbooked drop-ins (board check, forgotten sock); booked slots are separate
    perApt: 0.06,
    wd: [0, 0, 0, 0, 0, 0, 0.1, 0.6, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.4, 1.4, 1.3, 1.1, 0.8, 0.2, 0.05],
    we: [0, 0, 0, 0, 0, 0, 0.05, 0.3, 1, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.1, 1, 1, 0.9, 0.8, 0.6, 0.2, 0.05],
  },
};
for (const p of Object.values(PROFILE)) for (const k of ['wd', 'we']) {
  const s = p[k].reduce((a, b) => a + b, 0); p[k] = p[k].map((v) => v / s);
}
const NIGHT_HOURS = new Set([23, 0, 1, 2, 3, 4]);

// motion classes
const TRANSIT = 0, CHAT = 1, TASK = 2, LOITER = 3, ROWDY = 4, CLEAN = 5;

// ------------------------------------------------------------------ addresses & sensors
const STREETS = ['Rinkebysvängen', 'Tensta allé', 'Husbygårdsvägen', 'Trondheimsgatan', 'Fittjavägen',
  'Bredängsvägen', 'Skärholmsvägen', 'Hagsätravägen', 'Rågsvedsvägen', 'Vårbergsvägen', 'Bagarmossvägen',
  'Farstagången', 'Hökarängsplan', 'Kärrtorpsvägen', 'Hjulsta backar', 'Akallalänken', 'Sätra torg',
  'Västertorpsvägen', 'Bredbyplan', 'Spångavägen'];
const rA = new Rng('addresses');
const nAddr = rA.int(8, 10);
const streets = rA.shuffle(STREETS.slice()).slice(0, nAddr);
const addresses = [], sensors = [];
const usedIds = new Set();
function hex(r, n) { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r.next() * 16)]; return s; }
for (let ai = 0; ai < nAddr; ai++) {
  const addr = {
    idx: ai, name: `${streets[ai]} ${rA.int(1, 58)}`, apts: rA.int(18, 64),
    nightOwl: rA.lognormal(1, 0.45), hotspot: rA.lognormal(1, 0.8), sensors: [],
  };
  const n = rA.int(5, 9);
  const list = [];
  if (rA.chance(0.9)) list.push(['entrance', 0]);
  const nst = 1 + (n >= 6 && rA.chance(0.5) ? 1 : 0) + (n >= 8 && rA.chance(0.35) ? 1 : 0);
  for (let k = 0; k < nst; k++) list.push(['stairwell', k]);
  if (list.length && list[0][0] === 'entrance' && n >= 7 && rA.chance(0.3)) list.push(['entrance', 1]); // courtyard door
  const caps = { basement: 2, storage: 2, attic: 1, laundry: 1, 'bike-room': 1, 'garbage-room': 1 };
  const w = { basement: 3, storage: 3, attic: 1.5, laundry: 2, 'bike-room': 2, 'garbage-room': 2 };
  while (list.length < n) {
    const opts = Object.keys(caps).filter((k) => caps[k] > 0);
    if (!opts.length) break;
    const s = rA.weighted(opts, opts.map((k) => w[k]));
    caps[s]--; w[s] *= 0.35;
    list.push([s, list.filter((x) => x[0] === s).length]);
  }
  for (const [space, k] of list) {
    let scale = rA.lognormal(1, 0.35);
    if (space === 'stairwell' && k > 0) scale *= Math.pow(rA.uni(0.4, 0.75), k); // upper floors quieter
    if (space === 'entrance' && k > 0) scale *= rA.uni(0.25, 0.6); // courtyard door
    const s = { i: sensors.length, addr: ai, space, k, scale, kind: 'pir' };
    addr.sensors.push(s.i); sensors.push(s);
  }
  addresses.push(addr);
}
{ // ~20 % radars
  const nR = Math.max(1, Math.round(sensors.length * rA.uni(0.17, 0.23)));
  const idx = rA.shuffle(sensors.map((s) => s.i)).slice(0, nR);
  for (const i of idx) sensors[i].kind = 'mmwave';
}
for (const s of sensors) {
  let id;
  do { id = s.kind === 'pir' ? `0x00158d00${hex(rA, 8)}` : `0xa4c138${hex(rA, 10)}`; } while (usedIds.has(id));
  usedIds.add(id); s.id = id;
  if (s.kind === 'pir') {
    s.timeout = rA.weighted([30, 60, 90, 120, 180], [0.15, 0.3, 0.25, 0.2, 0.1]) * S; // installer setting
    s.repeat = rA.chance(0.3) ? rA.pick([30, 60]) * S : 0; // firmware re-reports occupied=1 on retrigger
    s.falseRate = rA.uni(0, 0.25) * (s.space === 'entrance' ? 2 : 1); // spurious triggers / day
  } else {
    s.hold = rA.uni(2, 6) * S;             // absence confirmation delay
    s.dropMean = rA.uni(6, 14) * MIN;      // mean time between dropouts while present
    s.ghostRate = rA.uni(1.5, 6);          // ghost blips / day
  }
}
const A = (s) => addresses[s.addr];
const stairsOf = (addr) => addr.sensors.map((i) => sensors[i]).filter((s) => s.space === 'stairwell').sort((a, b) => a.k - b.k);
const entrancesOf = (addr) => addr.sensors.map((i) => sensors[i]).filter((s) => s.space === 'entrance').sort((a, b) => a.k - b.k);

// ------------------------------------------------------------------ global day factors
const rW = new Rng('weather');
const bikeDay = DAYS.map((x) => (0.55 + 0.85 * (x.d / Math.max(1, NDAYS - 1))) * (rW.chance(0.35) ? 0.5 : 1));
const addrDay = addresses.map(() => DAYS.map((x) => rW.lognormal(1, 0.1) * (x.hol ? 0.88 : 1)));

// ------------------------------------------------------------------ presence intervals
const IV = sensors.map(() => []); // {a,b,c,lab}
function addIv(si, a, b, c, lab = false) {
  if (b <= a + 500) b = a + 500 + 1000;
  IV[si].push({ a, b, c, lab });
}

// outages (sensor offline, e.g. battery) -- chosen first, nothing labelled is placed inside
const rO = new Rng('outage');
const OUTAGES = [];
for (let k = 0, n = rO.chance(0.6) ? 2 : 1; k < n; k++) {
  const s = rO.pick(sensors);
  const a = FROM + rO.uni(3, NDAYS - 3) * D;
  OUTAGES.push({ si: s.i, a, b: a + rO.uni(4, 30) * H });
}

const labels = [];
const LBS = sensors.map(() => []);
function free(si, a, b, margin) {
  for (const o of OUTAGES) if (o.si === si && a < o.b + 30 * MIN && b > o.a - 30 * MIN) return false;
  for (const l of LBS[si]) if (a < l.end + margin && b > l.start - margin) return false;
  return true;
}
function addLabel(si, type, start, end) {
  const l = { sensor: sensors[si].id, type, start: Math.round(start), end: Math.round(end) };
  labels.push(l); LBS[si].push(l);
}

// ---- residents: non-homogeneous Poisson arrivals by thinning over UTC hours
function hourValFn(s, daily, dayExtra) {
  const prof = PROFILE[s.space], addr = A(s);
  return (d, h) => {
    if (h < 0) { d -= 1; h += 24; } else if (h > 23) { d += 1; h -= 24; }
    d = clamp(d, 0, NDAYS - 1);
    const info = DAYS[d];
    let v = prof[info.dt === 'wd' ? 'wd' : 'we'][h] * daily * addrDay[addr.idx][d];
    if (info.dt === 'sun') v *= 0.92;
    if (info.dow === 5 && h >= 19 && info.dt === 'wd') v *= 1.15; // Friday evening
    if (NIGHT_HOURS.has(h)) v *= addr.nightOwl;
    if (dayExtra) v *= dayExtra[d];
    return v;
  };
}
function arrivals(r, hv) {
  const rate = (utc) => {
    const w = wallOf(utc); const d = Math.floor(w / D);
    const x = (w - d * D) / H - 0.5; const h0 = Math.floor(x), f = x - h0;
    return (1 - f) * hv(d, h0) + f * hv(d, h0 + 1);
  };
  const out = [];
  for (let t0 = FROM; t0 < TO; t0 += H) {
    const rmax = Math.max(rate(t0), rate(t0 + H / 2), rate(t0 + H)) * 1.0001;
    const n = r.poisson(rmax);
    for (let j = 0; j < n; j++) {
      const t = t0 + r.next() * H;
      if (r.next() * rmax < rate(t)) out.push(t);
    }
  }
  return out.sort((a, b) => a - b);
}
function drawVisit(space, r) { // -> [seconds, class]
  const x = r.next();
  switch (space) {
    case 'entrance':
      if (x < 0.9) return [clamp(r.lognormal(12, 0.45), 5, 60), TRANSIT];
      if (x < 0.97) return [clamp(r.lognormal(60, 0.5), 25, 240), CHAT]; // mail, pram, holding the door
      return [60 + r.gamma(2, 100), CHAT];
    case 'stairwell':
      if (x < 0.88) return [clamp(r.lognormal(24, 0.5), 8, 90), TRANSIT];
      if (x < 0.96) return [clamp(r.lognormal(75, 0.5), 30, 300), TRANSIT]; // groceries, slow walkers
      return [60 + r.gamma(2.2, 110), CHAT]; // neighbours chatting
    case 'basement':
      if (x < 0.75) return [clamp(r.lognormal(150, 0.7), 20, 1500), TASK];
      if (x < 0.95) return [r.lognormal(540, 0.5), TASK];
      return [300 + r.gamma(3, 600), TASK];
    case 'storage':
      if (x < 0.6) return [clamp(r.lognormal(240, 0.7), 30, 1800), TASK];
      if (x < 0.9) return [r.lognormal(720, 0.5), TASK];
      return [600 + r.gamma(3, 700), TASK]; // sorting the storage, ~45 min
    case 'attic':
      if (x < 0.55) return [clamp(r.lognormal(300, 0.7), 30, 2000), TASK];
      if (x < 0.9) return [r.lognormal(900, 0.5), TASK];
      return [600 + r.gamma(3, 800), TASK];
    case 'garbage-room':
      if (x < 0.85) return [clamp(r.lognormal(35, 0.5), 10, 150), TRANSIT];
      return [clamp(r.lognormal(150, 0.5), 40, 600), TASK]; // sorting recycling
    case 'bike-room':
      if (x < 0.85) return [clamp(r.lognormal(50, 0.5), 15, 200), TRANSIT];
      if (x < 0.97) return [clamp(r.lognormal(240, 0.5), 60, 900), TASK];
      return [120 + r.gamma(2, 600), TASK]; // fixing a puncture
    case 'laundry':
    default:
      return [clamp(r.lognormal(50, 0.6), 10, 400), TASK];
  }
}
function stairPassage(r) { return clamp(r.lognormal(22, 0.45), 8, 70); }
function pickStair(r, addr, top = false) {
  const st = stairsOf(addr);
  if (!st.length) return null;
  if (top) return st[st.length - 1];
  return r.weighted(st, st.map((s) => [1, 0.5, 0.3][s.k] ?? 0.2));
}
const COUPLE_P = { basement: 0.45, storage: 0.45, laundry: 0.45, attic: 0.6, 'bike-room': 0.35, 'garbage-room': 0.25 };

for (const s of sensors) {
  const r = new Rng('res:' + s.id);
  const addr = A(s);
  const daily = PROFILE[s.space].perApt * addr.apts * s.scale;
  const hv = hourValFn(s, daily, s.space === 'bike-room' ? bikeDay : null);
  const times = arrivals(r, hv);
  const smallSpace = s.space !== 'entrance' && s.space !== 'stairwell';
  for (const t of times) {
    const [dur, cls] = drawVisit(s.space, r);
    const party = smallSpace ? r.weighted([1, 2, 3], [0.88, 0.1, 0.02]) : r.weighted([1, 2, 3], [0.84, 0.13, 0.03]);
    const spanStart = t; let spanEnd = t + dur * S;
    for (let p = 0; p < party; p++) {
      const a = t + (p ? r.uni(0, 6) * S : 0);
      const b = a + dur * S * (p ? r.uni(0.9, 1.1) : 1);
      addIv(s.i, a, b, cls); spanEnd = Math.max(spanEnd, b);
    }
    // coupling: entering/leaving the building passes a stairwell; cellar trips pass one too
    if (s.space === 'entrance') {
      if (r.chance(0.55)) {
        const st = pickStair(r, addr);
        if (st) {
          const pd = stairPassage(r) * S;
          const a2 = r.chance(0.5) ? spanEnd + r.uni(2, 12) * S : spanStart - r.uni(5, 25) * S - pd;
          for (let p = 0; p < party; p++) addIv(st.i, a2 + p * r.uni(0, 3) * S, a2 + pd + p * r.uni(0, 4) * S, TRANSIT);
        }
      }
    } else if (smallSpace && r.chance(COUPLE_P[s.space])) {
      const st = pickStair(r, addr, s.space === 'attic');
      if (st) {
        const p1 = stairPassage(r) * S, p2 = stairPassage(r) * S;
        const a1 = spanStart - r.uni(8, 40) * S - p1, a2 = spanEnd + r.uni(3, 20) * S;
        addIv(st.i, a1, a1 + p1, TRANSIT); addIv(st.i, a2, a2 + p2, TRANSIT);
      }
    }
  }
}

// ---- laundry: booked 3-hour passes 07-22, load / move to dryer / unload+fold
{
  const SLOTS = [7, 10, 13, 16, 19];
  const PB = { wd: [0.35, 0.35, 0.45, 0.7, 0.75], sat: [0.6, 0.8, 0.8, 0.7, 0.5], sun: [0.5, 0.75, 0.8, 0.7, 0.45] };
  for (const s of sensors.filter((x) => x.space === 'laundry')) {
    const r = new Rng('laundry:' + s.id);
    const addr = A(s);
    const busy = clamp(Math.sqrt(s.scale) * Math.sqrt(addr.apts / 40), 0.5, 1.3);
    for (const day of DAYS) {
      SLOTS.forEach((h, j) => {
        if (!r.chance(Math.min(0.95, PB[day.dt][j] * busy))) return;
        const slotEnd = atLocal(day.d, h + 3) + 15 * MIN;
        let t = atLocal(day.d, h) + r.uni(0, 25) * MIN;
        const ivs = [];
        const load = clamp(r.lognormal(300, 0.35), 150, 600) * S; ivs.push([t, t + load]);
        t += load + r.uni(38, 60) * MIN;
        const mv = clamp(r.lognormal(240, 0.35), 90, 480) * S; ivs.push([t, t + mv]);
        t += mv + r.uni(45, 70) * MIN;
        const fold = r.chance(0.15) ? r.uni(25, 45) * MIN : clamp(r.lognormal(540, 0.4), 240, 1000) * S;
        ivs.push([t, Math.min(t + fold, slotEnd + 20 * MIN)]);
        for (const [a, b] of ivs) {
          if (b <= a || a >= slotEnd + 10 * MIN) continue;
          addIv(s.i, a, b, TASK);
          if (r.chance(0.45)) {
            const st = pickStair(r, addr);
            if (st) { const p1 = stairPassage(r) * S; addIv(st.i, a - 20 * S - p1, a - 20 * S, TRANSIT); addIv(st.i, b + 8 * S, b + 8 * S + stairPassage(r) * S, TRANSIT); }
          }
        }
      });
    }
  }
}

// ---- shift workers: regular night / early-morning passages (stairwell + entrance), not labelled
{
  for (const addr of addresses) {
    const r = new Rng('shift:' + addr.idx);
    const st = stairsOf(addr)[0], en = entrancesOf(addr)[0];
    if (!st && !en) continue;
    const nW = Math.min(3, r.poisson(1.4));
    for (let w = 0; w < nW; w++) {
      const type = r.weighted(['early', 'night', 'late'], [0.45, 0.3, 0.25]);
      const leaveH = type === 'early' ? r.uni(4.8, 5.7) : type === 'night' ? r.uni(21, 22.25) : r.uni(13, 14.5);
      const backH = type === 'early' ? r.uni(13.5, 15.5) : type === 'night' ? r.uni(30.25, 31.5) : r.uni(22.5, 24.75);
      const workDays = type === 'night' ? new Set(r.shuffle([0, 1, 2, 3, 4, 5, 6]).slice(0, r.int(3, 4))) : new Set([1, 2, 3, 4, 5]);
      for (const day of DAYS) {
        if (!workDays.has(day.dow) || (type !== 'night' && day.dt !== 'wd') || r.chance(0.1)) continue;
        const out = atLocal(day.d, leaveH + r.normal() * 0.1), back = atLocal(day.d, backH + r.normal() * 0.25);
        // leaving: stairwell then entrance; returning: entrance then stairwell
        let t = out;
        if (st) { const p = stairPassage(r) * S; addIv(st.i, t, t + p, TRANSIT); t += p + r.uni(3, 10) * S; }
        if (en) addIv(en.i, t, t + clamp(r.lognormal(11, 0.3), 6, 25) * S, TRANSIT);
        t = back;
        if (en) { const p = clamp(r.lognormal(11, 0.3), 6, 25) * S; addIv(en.i, t, t + p, TRANSIT); t += p + r.uni(3, 10) * S; }
        if (st) addIv(st.i, t, t + stairPassage(r) * S, TRANSIT);
      }
    }
  }
}

// ------------------------------------------------------------------ benign labelled deviations
const rB = new Rng('benign');
// moving days
{
  const nMoves = rB.int(3, 5);
  let placed = 0;
  for (let tries = 0; placed < nMoves && tries < 200; tries++) {
    const addr = rB.pick(addresses);
    const sts = stairsOf(addr); if (!sts.length) continue;
    const floor = rB.int(0, sts.length - 1);
    const en = entrancesOf(addr)[0];
    const involved = [...(en ? [en] : []), ...sts.slice(0, floor + 1)];
    const dayCands = DAYS.map((x) => x.d), dayW = DAYS.map((x) => (x.dow === 6 ? 5 : x.dow === 0 ? 2.5 : 0.35));
    const d = rB.weighted(dayCands, dayW);
    const S0 = atLocal(d, rB.uni(8.5, 13.5)), E0 = S0 + rB.uni(3, 6) * H;
    if (E0 > TO - H) continue;
    if (!involved.every((s) => free(s.i, S0, E0 + 10 * MIN, 30 * MIN))) continue;
    const per = new Map(involved.map((s) => [s.i, []]));
    const movers = rB.int(2, 5);
    const lunchA = S0 + rB.uni(0.4, 0.6) * (E0 - S0), lunchB = lunchA + rB.uni(20, 40) * MIN, lunch = rB.chance(0.6);
    for (let m = 0; m < movers; m++) {
      let t = S0 + (m ? rB.uni(0, 10) * MIN : 0);
      while (t < E0 - 3 * MIN) {
        if (lunch && t > lunchA && t < lunchB) { t = lunchB + rB.uni(0, 5) * MIN; continue; }
        const path = involved; // truck -> entrance -> stairs up -> flat -> down -> truck
        for (const s of path) { const dd = (s.space === 'entrance' ? rB.uni(15, 60) : rB.uni(20, 70)) * S; per.get(s.i).push([t, t + dd]); t += dd + rB.uni(1, 6) * S; }
        t += rB.uni(1, 4) * MIN;
        for (const s of [...path].reverse()) { const dd = (s.space === 'entrance' ? rB.uni(8, 25) : rB.uni(10, 30)) * S; per.get(s.i).push([t, t + dd]); t += dd + rB.uni(1, 5) * S; }
        t += rB.uni(1, 6) * MIN;
      }
    }
    for (const [si, ivs] of per) {
      if (!ivs.length) continue;
      let a = Infinity, b = -Infinity;
      for (const [x, y] of ivs) { addIv(si, x, y, ROWDY, true); a = Math.min(a, x); b = Math.max(b, y); }
      addLabel(si, 'moving', a, b);
    }
    placed++;
  }
}
// weekly cleaner: same weekday & hour per address, stairwells top->down then entrance(s)
for (const addr of addresses) {
  const order = [...stairsOf(addr).reverse(), ...entrancesOf(addr)];
  if (!order.length) continue;
  const r = new Rng('cleaner:' + addr.idx);
  const wd = r.int(1, 5), startH = r.uni(8, 13);
  for (let w = 0; w < WEEKS; w++) {
    let d = w * 7 + (wd - 1);
    while (d < NDAYS && d < w * 7 + 7 && DAYS[d].dt !== 'wd') d++; // holiday -> next working day
    if (d >= NDAYS || d >= w * 7 + 7 || r.chance(0.04)) continue;
    let t = atLocal(d, startH + r.normal() * 0.2);
    for (const s of order) {
      const dur = (s.space === 'entrance' ? r.uni(10, 20) : r.chance(0.15) ? r.uni(30, 40) : r.uni(10, 30)) * MIN;
      if (free(s.i, t, t + dur, 0)) {
        // cleaner sometimes steps out to fetch water / the machine: 1-2 sub-stints
        if (dur > 15 * MIN && r.chance(0.3)) {
          const g = t + r.uni(0.3, 0.7) * dur, gap = r.uni(20, 90) * S;
          addIv(s.i, t, g, CLEAN, true); addIv(s.i, g + gap, t + dur, CLEAN, true);
        } else addIv(s.i, t, t + dur, CLEAN, true);
        addLabel(s.i, 'cleaner', t, t + dur);
      }
      t += dur + r.uni(0.5, 3) * MIN;
    }
  }
}
// morning newspaper round (DN/SvD): entrance then stairwells, 04:30-06:00
for (const addr of addresses) {
  const r = new Rng('paper:' + addr.idx);
  if (!r.chance(0.85)) continue;
  const en = entrancesOf(addr)[0];
  const order = [...(en ? [en] : []), ...stairsOf(addr)];
  if (!order.length) continue;
  const base = r.uni(4.6, 5.75);
  for (const day of DAYS) {
    if (r.chance(0.02)) continue;
    let h = base + r.normal() * (7 / 60) + (day.dt === 'sun' ? 0.25 : 0);
    if (r.chance(0.06)) h = base + r.uni(-0.5, 0.4); // substitute carrier
    h = clamp(h, 4.5, 5.9);
    let t = atLocal(day.d, h);
    for (const s of order) {
      const dur = clamp(r.lognormal(17, 0.35), 10, 30) * S;
      if (free(s.i, t, t + dur, 0)) { addIv(s.i, t, t + dur, TRANSIT, true); addLabel(s.i, 'newspaper', t, t + dur); }
      t += dur + r.uni(3, 12) * S;
    }
  }
}

// ------------------------------------------------------------------ anomalies
const rN = new Rng('anomalies');
const TGT = {
  stash: rN.int(37, 43), stashPre: rN.int(2, 4),
  loit: rN.int(37, 43), loitPre: rN.int(2, 4),
  nd: rN.int(23, 27), ndPre: rN.int(1, 3),
};
const POST = { lo: LEARNED, hi: TO - 30 * MIN, dLo: 14, dHi: NDAYS - 2 };
const PRE = { lo: FROM + H, hi: LEARNED - 30 * MIN, dLo: 0, dHi: 12 };
function pickSensorFor(r, spaceW) {
  const c = [], w = [];
  for (const s of sensors) { const sw = spaceW[s.space]; if (sw) { c.push(s); w.push(sw * A(s).hotspot); } }
  return r.weighted(c, w);
}
const inWin = (win, a, b) => a >= win.lo && b <= win.hi;
const H24 = Array.from({ length: 24 }, (_, i) => i);

// stash: campaigns of 1-4 nights within a week at the same place, 3-8 brief visits within 1-4 h
const STASH_SPACES = { basement: 3, storage: 3, attic: 1.2, 'bike-room': 1.5, 'garbage-room': 1.2 };
function stashCampaign(r, win, maxBursts) {
  const s = pickSensorFor(r, STASH_SPACES);
  const k = Math.min(maxBursts, r.weighted([1, 2, 3, 4], [0.35, 0.3, 0.2, 0.15]));
  const night = r.chance(0.8);
  const baseH = night ? r.weighted([21, 22, 23, 24, 25, 26, 27, 28], [1, 1.5, 2, 2, 1.8, 1.4, 1, 0.6]) + r.next() : r.uni(9.5, 18.5);
  const d0 = r.int(win.dLo, Math.max(win.dLo, win.dHi - 3));
  const cand = []; for (let d = d0; d <= Math.min(d0 + 6, win.dHi); d++) cand.push(d);
  const days = r.shuffle(cand).slice(0, k).sort((a, b) => a - b);
  let placed = 0;
  for (const d of days) {
    for (let tries = 0; tries < 12; tries++) {
      const h = night ? clamp(baseH + r.normal() * 0.6, 21, 28.9) : clamp(baseH + r.normal() * 1.0, 8, 19.5);
      const span = r.uni(60, 240) * MIN;
      let nv = r.int(3, 8), offs = null;
      for (let g = 0; g < 30 && !offs; g++) {
        const o = [0, span]; for (let j = 0; j < nv - 2; j++) o.push(r.next() * span);
        o.sort((a, b) => a - b);
        let ok = true; for (let j = 1; j < o.length; j++) if (o[j] - o[j - 1] < 3 * MIN) ok = false;
        if (ok) offs = o; else if (g % 10 === 9 && nv > 3) nv--;
      }
      if (!offs) continue;
      const S0 = atLocal(d, h);
      const durs = offs.map(() => clamp(r.lognormal(55, 0.55), 20, 180) * S);
      const E0 = S0 + offs[offs.length - 1] + durs[durs.length - 1];
      if (!inWin(win, S0, E0) || !free(s.i, S0, E0, 45 * MIN)) continue;
      offs.forEach((o, j) => {
        addIv(s.i, S0 + o, S0 + o + durs[j], TRANSIT, true);
        if (r.chance(0.15)) addIv(s.i, S0 + o + r.uni(1, 5) * S, S0 + o + durs[j] - r.uni(0, 5) * S, TRANSIT, true);
      });
      addLabel(s.i, 'stash', S0, E0);
      placed++;
      break;
    }
  }
  return placed;
}
function fillStash(win, target) {
  let n = 0;
  for (let guard = 0; n < target && guard < 500; guard++) n += stashCampaign(rN, win, target - n);
  return n;
}

// loitering: 1-3 people, 18-120 min (gamma-skewed to 20-45), afternoon/evening/night
const LOIT_SPACES = { stairwell: 3, entrance: 1.5, basement: 2, storage: 1, attic: 1, 'bike-room': 1, laundry: 0.8 };
const LOIT_HOURS = [2.0, 1.8, 1.4, 1.0, 0.5, 0.3, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 0.9, 1.0, 1.5, 1.8, 2.2, 2.4, 2.6, 2.8, 3.0, 3.0, 2.8, 2.4];
function loiter(r, win) {
  for (let tries = 0; tries < 100; tries++) {
    const s = pickSensorFor(r, LOIT_SPACES);
    const dc = [], dw = []; for (let d = win.dLo; d <= win.dHi; d++) { dc.push(d); dw.push(DAYS[d].dow === 5 || DAYS[d].dow === 6 ? 1.3 : 1); }
    const d = r.weighted(dc, dw);
    const S0 = atLocal(d, r.weighted(H24, LOIT_HOURS) + r.next());
    const Dm = Math.min(120, 18 + r.gamma(2, 10));
    const E0 = S0 + Dm * MIN;
    if (!inWin(win, S0, E0) || !free(s.i, S0, E0, 30 * MIN)) continue;
    const n = r.weighted([1, 2, 3], [0.45, 0.35, 0.2]);
    const lastP = r.int(0, n - 1);
    for (let p = 0; p < n; p++) {
      const a = p === 0 ? S0 : S0 + r.uni(0, Math.min(6, Dm / 4)) * MIN;
      const b = p === lastP ? E0 : E0 - r.uni(0, Math.min(5, Dm / 4)) * MIN;
      if (b - a > 12 * MIN && r.chance(0.2)) { // steps out (smoke, shop) and comes back
        const g = a + r.uni(0.3, 0.7) * (b - a), gap = r.uni(1, 4) * MIN;
        addIv(s.i, a, g, LOITER, true); addIv(s.i, g + gap, b, LOITER, true);
      } else addIv(s.i, a, b, LOITER, true);
    }
    addLabel(s.i, 'loitering', S0, E0);
    return true;
  }
  return false;
}

// night disturbance: 23-04 start, 10-50 min, 3-7 people drifting in and out, lots of motion
const ND_SPACES = { stairwell: 3, entrance: 2, basement: 1.5 };
function nightDist(r, win) {
  for (let tries = 0; tries < 100; tries++) {
    const s = pickSensorFor(r, ND_SPACES);
    const dc = [], dw = [];
    for (let d = win.dLo; d <= win.dHi; d++) {
      const fri = DAYS[d].dow === 5 || DAYS[d].dow === 6, eve = d + 1 < NDAYS && DAYS[d + 1].hol;
      dc.push(d); dw.push(fri ? 2.5 : eve ? 2 : 1);
    }
    const d = r.weighted(dc, dw);
    const hh = r.weighted([23, 24, 25, 26, 27], [1.5, 2, 2, 1.5, 0.8]);
    const S0 = atLocal(d, hh + r.next() * (hh === 27 ? 0.5 : 1));
    const Dm = r.uni(10, 50), E0 = S0 + Dm * MIN;
    if (!inWin(win, S0, E0) || !free(s.i, S0, E0, 30 * MIN)) continue;
    const n = r.int(3, 7);
    for (let p = 0; p < n; p++) {
      const k = r.int(1, 3);
      for (let j = 0; j < k; j++) {
        const len = r.uni(0.5, Math.min(8, Dm * 0.4)) * MIN;
        let a = S0 + r.next() * (Dm * MIN - len), b = a + len;
        if (p === 0 && j === 0) { a = S0; b = S0 + len; }
        if (p === 1 && j === k - 1) { b = E0; a = E0 - len; }
        addIv(s.i, a, b, ROWDY, true);
      }
    }
    addLabel(s.i, 'night-disturbance', S0, E0);
    return true;
  }
  return false;
}

fillStash(POST, TGT.stash); fillStash(PRE, TGT.stashPre);
for (let i = 0; i < TGT.loit; i++) loiter(rN, POST);
for (let i = 0; i < TGT.loitPre; i++) loiter(rN, PRE);
for (let i = 0; i < TGT.nd; i++) nightDist(rN, POST);
for (let i = 0; i < TGT.ndPre; i++) nightDist(rN, PRE);

// ------------------------------------------------------------------ sensor models -> events
function motionGap(c, r) { // ms between detectable motions
  switch (c) {
    case TRANSIT: return r.uni(1500, 5000);
    case CHAT: return r.chance(0.06) ? r.uni(30, 150) * S : r.exp(12 * S) + 800;
    case TASK: return r.chance(0.05) ? r.uni(40, 240) * S : r.exp(14 * S) + 800;
    case LOITER: return r.chance(0.02) ? r.uni(25, 90) * S : r.exp(7 * S) + 600;
    case ROWDY: return r.exp(2500) + 400;
    case CLEAN: return r.chance(0.03) ? r.uni(15, 40) * S : r.uni(2, 9) * S;
    default: return 5 * S;
  }
}
function inOutage(si, a, b) {
  for (const o of OUTAGES) if (o.si === si && a < o.b && b + 5 * MIN > o.a) return true;
  return false;
}
function pirEvents(s, ivs, r) {
  const mot = [];
  for (const iv of ivs) {
    if (iv.c === TRANSIT && !iv.lab && iv.b - iv.a < 20 * S && r.chance(0.015)) continue; // missed fast pass
    let t = iv.a + r.uni(200, 1500);
    const end = iv.b - r.uni(0, 1500);
    if (t >= end) { mot.push(iv.a + 300); continue; }
    while (t < end) { mot.push(t); t += motionGap(iv.c, r); }
    mot.push(end);
  }
  const nf = r.poisson(s.falseRate * NDAYS); // spurious triggers (sun, heating draughts)
  for (let j = 0; j < nf; j++) { const t = FROM + r.next() * (TO - FROM); if (!inOutage(s.i, t, t)) mot.push(t); }
  mot.sort((a, b) => a - b);
  const ev = [];
  let occ = false, last = -Infinity, lastRep = -Infinity;
  for (const m of mot) {
    if (occ && m - last > s.timeout) { ev.push([last + s.timeout + r.uni(0, 900), 0]); occ = false; }
    if (!occ) { ev.push([m + r.uni(20, 400), 1]); occ = true; lastRep = m; }
    else if (s.repeat && m - lastRep >= s.repeat) { ev.push([m + r.uni(20, 400), 1]); lastRep = m; }
    last = m;
  }
  if (occ) ev.push([last + s.timeout + r.uni(0, 900), 0]);
  return ev;
}
function mmwaveEvents(s, ivs, r) {
  const seg = ivs.map((iv) => [iv.a + r.uni(400, 2500), iv.b + s.hold + r.uni(0, 1500)]).sort((x, y) => x[0] - y[0]);
  const merged = [];
  for (const g of seg) {
    const l = merged[merged.length - 1];
    if (l && g[0] <= l[1] + 500) l[1] = Math.max(l[1], g[1]); else merged.push([g[0], g[1]]);
  }
  const on = [];
  for (const [a, b] of merged) { // dropouts while someone is present
    const L = b - a;
    const drops = [];
    if (L > 40 * S) {
      const k = r.poisson(L / s.dropMean);
      for (let j = 0; j < k; j++) { const t = a + 15 * S + r.next() * (L - 30 * S); drops.push([t, t + r.uni(1.5, 8) * S]); }
      drops.sort((x, y) => x[0] - y[0]);
    }
    let cur = a;
    for (const [x, y] of drops) { if (x - cur < 2 * S || y > b - 2 * S) continue; on.push([cur, x]); cur = y; }
    on.push([cur, b]);
  }
  const ng = r.poisson(s.ghostRate * NDAYS); // ghost blips
  const starts = merged.map((m) => m[0]);
  for (let j = 0; j < ng; j++) {
    const t = FROM + r.next() * (TO - FROM), dur = r.uni(2, 15) * S;
    // reject if near any real presence
    let lo = 0, hi = merged.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (starts[mid] < t) lo = mid + 1; else hi = mid; }
    const near = (i) => i >= 0 && i < merged.length && t < merged[i][1] + 30 * S && t + dur > merged[i][0] - 30 * S;
    if (near(lo - 1) || near(lo) || inOutage(s.i, t, t + dur)) continue;
    on.push([t, t + dur]);
  }
  on.sort((x, y) => x[0] - y[0]);
  const ev = [];
  let pe = -Infinity;
  for (const [a, b] of on) {
    if (a <= pe + 500) { // overlap (ghost next to ghost): extend previous
      ev[ev.length - 1][0] = Math.max(ev[ev.length - 1][0], b); pe = Math.max(pe, b); continue;
    }
    ev.push([a, 1]); ev.push([b, 0]); pe = b;
  }
  return ev;
}

const allEv = [];
const perSensorCount = new Array(sensors.length).fill(0);
for (const s of sensors) {
  const r = new Rng('sensor:' + s.id);
  const ivs = IV[s.i].filter((iv) => !inOutage(s.i, iv.a, iv.b) && iv.b > FROM && iv.a < TO);
  let ev = s.kind === 'pir' ? pirEvents(s, ivs, r) : mmwaveEvents(s, ivs, r);
  // integer ms, strictly increasing per sensor, inside [FROM, TO)
  let prev = -Infinity;
  const clean = [];
  for (const [t0, o] of ev) {
    let t = Math.round(t0);
    if (t <= prev) t = prev + 1;
    prev = t;
    if (t < FROM || t >= TO) continue;
    if (clean.length && clean[clean.length - 1][1] === o && o === 0) continue; // never 0 after 0
    clean.push([t, o]);
  }
  for (const [t, o] of clean) allEv.push([t, s.i, o]);
  perSensorCount[s.i] = clean.length;
}
const rank = new Array(sensors.length);
sensors.map((s) => s.i).sort((a, b) => (sensors[a].id < sensors[b].id ? -1 : 1)).forEach((si, j) => { rank[si] = j; });
allEv.sort((x, y) => x[0] - y[0] || rank[x[1]] - rank[y[1]]);

// ------------------------------------------------------------------ write
fs.mkdirSync(OUT, { recursive: true });
{
  const chunks = ['ts,sensor,occupied\n'];
  let buf = [];
  for (const [t, si, o] of allEv) {
    buf.push(`${t},${sensors[si].id},${o}`);
    if (buf.length >= 50000) { chunks.push(buf.join('\n') + '\n'); buf = []; }
  }
  if (buf.length) chunks.push(buf.join('\n') + '\n');
  fs.writeFileSync(path.join(OUT, 'events.csv'), chunks.join(''));
}
{
  const obj = {};
  for (const s of [...sensors].sort((a, b) => (a.id < b.id ? -1 : 1))) obj[s.id] = { space: s.space, kind: s.kind, address: A(s).name };
  fs.writeFileSync(path.join(OUT, 'sensors.json'), JSON.stringify(obj, null, 1) + '\n');
}
labels.sort((a, b) => a.start - b.start || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0));
fs.writeFileSync(path.join(OUT, 'labels.json'), JSON.stringify(labels, null, 0).replace(/\},\{/g, '},\n{') + '\n');
fs.writeFileSync(path.join(OUT, 'meta.json'), JSON.stringify({ from: FROM, to: TO, learnedFrom: LEARNED }, null, 1) + '\n');

if (!QUIET) {
  const byType = {};
  for (const l of labels) byType[l.type] = (byType[l.type] ?? 0) + 1;
  console.log(`seed ${SEED}: ${addresses.length} addresses, ${sensors.length} sensors (${sensors.filter((s) => s.kind === 'mmwave').length} mmwave), ${allEv.length} events -> ${OUT}`);
  console.log('labels:', JSON.stringify(byType));
  console.log('outages:', OUTAGES.map((o) => `${sensors[o.si].id} ${new Date(o.a).toISOString()} +${((o.b - o.a) / H).toFixed(1)}h`).join('; '));
}
