/**
 * In a browser (Debian chromium via playwright-core), against Node-RED as `npm start` runs it with
 * a test flow: the lägesbild page shows a known open incident with no console errors and nothing
 * loaded from elsewhere (its screenshot is docs/lagesbild.png); a caretaker submits the
 * observation form with a time in the future, sees the error at that field with what was typed
 * kept, corrects it, and finds the observation in the week's report, opened from the page.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, openNodeDialog } from "../support/browser";
import { tempUserDir } from "../support/node-red";
import { NodeRed, startNodeRed } from "../support/runtime";

const REPOSITORY = path.resolve(__dirname, "../..");
const SENSORS = [
  { sensor: "0x001788010b2c3d41", site: "Kv. Lärkan", address: "Storgatan 12", entrance: "A", space: "stairwell", floor: 0, district: "Skärholmen", policeArea: "LPO Skärholmen" },
  { sensor: "0x54ef44100a1b2c31", site: "Kv. Lärkan", address: "Storgatan 12", entrance: "A", space: "basement", floor: -1, district: "Skärholmen", policeArea: "LPO Skärholmen" },
  { sensor: "0xe0798dfffe4a5b61", site: "Kv. Lärkan", address: "Storgatan 14", space: "bike-room", floor: -1, district: "Skärholmen", policeArea: "LPO Skärholmen" },
];

/** A known open incident: loitering in the basement of Storgatan 12 for the last 25 minutes. */
const KNOWN = `{"type": "incident", "id": "known-loitering", "state": "open", "kind": "loitering", "sensor": "0x54ef44100a1b2c31",
  "location": {"site": "Kv. Lärkan", "address": "Storgatan 12", "entrance": "A", "space": "basement", "district": "Skärholmen", "policeArea": "LPO Skärholmen"},
  "start": $millis() - 25 * 60000, "detectedAt": $millis() - 10 * 60000, "severity": "high", "score": 0.9,
  "observed": {"minutes": 25}, "expected": {"thresholdMinutes": 15, "usualMinutes": 4}}`;

const FLOW = [
  { id: "tab", type: "tab", label: "Report test" },
  { id: "site", type: "trappan-site", name: "Kv. Lärkan", timezone: "Europe/Stockholm", language: "sv", sensors: SENSORS },
  { id: "access", type: "trappan-access", name: "Demo: this machine", mode: "local" },
  { id: "known", type: "inject", z: "tab", name: "a known incident", props: [{ p: "payload" }], repeat: "", crontab: "", once: true, onceDelay: "0.1", topic: "", payload: KNOWN, payloadType: "jsonata", x: 150, y: 60, wires: [["report"]] },
  { id: "observation", type: "trappan-observation", z: "tab", name: "", site: "site", access: "access", path: "/trappan/observation", language: "", x: 150, y: 120, wires: [["report"]] },
  // msg.now a week ahead: "the last whole week" is then this week.
  { id: "this-week", type: "inject", z: "tab", name: "this week's report", props: [{ p: "now", v: "$millis() + 7 * 86400000", vt: "jsonata" }], repeat: "", crontab: "", once: false, onceDelay: 0.1, topic: "", x: 150, y: 180, wires: [["report"]] },
  { id: "report", type: "trappan-report", z: "tab", name: "", site: "site", access: "access", language: "", title: "Kv. Lärkan", lagesbild: true, hotspots: "10", retentionWeeks: "8", x: 400, y: 120, wires: [[]] },
];

/** Node-RED's editor asks the internet for its flow library; this page must ask nothing of anyone. */
async function open(browser: Browser, url: string): Promise<{ page: Page; consoleErrors: string[]; elsewhere: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
  const consoleErrors: string[] = [];
  const elsewhere: string[] = [];
  const origin = new URL(url).origin;
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  page.on("request", (r) => !r.url().startsWith(origin) && !r.url().startsWith("data:") && elsewhere.push(r.url()));
  await page.goto(url);
  return { page, consoleErrors, elsewhere };
}

describe("the lägesbild page and the observation form in a browser", function () {
  this.timeout(120_000);
  let browser: Browser;
  let runtime: NodeRed;

  before(async () => {
    browser = await launchChromium();
    const userDir = tempUserDir();
    fs.writeFileSync(path.join(userDir, "flows.json"), JSON.stringify(FLOW));
    runtime = await startNodeRed(userDir);
  });

  after(async () => {
    await runtime?.stop();
    await browser?.close();
  });

  it("the editor: the report, observation and access dialogs open with their settings, and no console errors", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const consoleErrors: string[] = [];
    // Node-RED's editor asks the internet for its flow library's catalogue; this machine has none.
    const offline = (text: string) => /ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|catalogue\.nodered\.org/.test(text);
    page.on("console", (m) => m.type() === "error" && !offline(m.text()) && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    await page.goto(runtime.url);
    await page.waitForSelector("#red-ui-workspace-chart g.red-ui-flow-node", { timeout: 30_000 });

    await openNodeDialog(page, "report");
    await page.locator("#node-input-lagesbild").waitFor();
    assert.equal(await page.isChecked("#node-input-lagesbild"), true);
    assert.equal(await page.getAttribute("#trappan-report-open", "href"), "/trappan/lagesbild");
    assert.equal(await page.inputValue("#node-input-title"), "Kv. Lärkan");
    await page.screenshot({ path: path.join(REPOSITORY, "test-results", "report-dialog.png") });

    // The access node, opened from the report's dialog: this machine only, no secret shown.
    await page.click("#node-input-btn-access-edit");
    await page.locator("#node-config-input-mode").waitFor();
    assert.equal(await page.inputValue("#node-config-input-mode"), "local");
    assert.equal(await page.isVisible("#trappan-access-local-tip"), true);
    await page.selectOption("#node-config-input-mode", "token");
    await page.click("#trappan-access-new-token");
    assert.match(await page.inputValue("#node-config-input-token"), /^[\w-]{43}$/, "a random 32-byte token, URL-safe");
    await page.click("#node-config-dialog-cancel");
    await page.click("#node-dialog-cancel");

    await openNodeDialog(page, "observation");
    await page.locator("#trappan-observation-open").waitFor();
    assert.equal(await page.textContent("#trappan-observation-open"), "/trappan/observation");
    await page.click("#node-dialog-cancel");
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });

  it("shows the known open incident, loads nothing from elsewhere, logs no errors", async () => {
    const { page, consoleErrors, elsewhere } = await open(browser, `${runtime.url}/trappan/lagesbild`);
    const row = page.locator('[data-incident="known-loitering"]');
    await row.waitFor();
    const text = (await row.textContent()) ?? "";
    assert.match(text, /Uppehåll/);
    assert.match(text, /Storgatan 12 A/);
    assert.match(text, /Källare/);
    assert.match(text, /Hög/);
    assert.match(text, /2[5-7] min/);
    assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 1);
    await page.screenshot({ path: path.join(REPOSITORY, "docs", "lagesbild.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(elsewhere, []);
    await page.close();
  });

  it("the observation form: a time in the future is shown at its field with the note kept; corrected, the observation is in the week's report", async () => {
    const { page, consoleErrors, elsewhere } = await open(browser, `${runtime.url}/trappan/observation`);
    await page.locator('input[name="category"][value="narkotikafynd"]').check();
    const basement = await page.locator('select[name="place"] option', { hasText: "Källare" }).first().getAttribute("value");
    await page.selectOption('select[name="place"]', basement!);
    const now = (await page.inputValue('input[name="time"]')) || "";
    assert.match(now, /^\d{4}-\d\d-\d\dT\d\d:\d\d$/, "the time is filled in with now");
    await page.fill('input[name="time"]', `${Number(now.slice(0, 4)) + 1}${now.slice(4)}`);
    await page.fill('textarea[name="note"]', "Påse med tabletter bakom elskåpet");
    await Promise.all([page.waitForNavigation(), page.locator('form [type="submit"]').click()]);

    const error = page.locator("#error-time");
    await error.waitFor();
    assert.match((await error.textContent()) ?? "", /framtiden/);
    assert.equal(await page.getAttribute('input[name="time"]', "aria-invalid"), "true");
    assert.equal(await page.inputValue('textarea[name="note"]'), "Påse med tabletter bakom elskåpet", "the note is kept");
    assert.equal(await page.locator('input[name="category"][value="narkotikafynd"]').isChecked(), true, "the category is kept");
    await page.screenshot({ path: path.join(REPOSITORY, "test-results", "observation-error.png"), fullPage: true });

    await page.fill('input[name="time"]', now);
    await Promise.all([page.waitForNavigation(), page.locator('form [type="submit"]').click()]);
    await page.locator("text=Tack!").waitFor();
    assert.equal(await page.locator(".error").count(), 0);

    // This week's report, made on request and opened from the lägesbild page's link.
    const made = await fetch(`${runtime.url}/inject/this-week`, { method: "POST" });
    assert.equal(made.status, 200);
    const lagesbild = `${runtime.url}/trappan/lagesbild`;
    let link: string | null = null;
    for (let i = 0; i < 50 && !link; i++) {
      await page.goto(lagesbild);
      link = await page.locator('a[href$=".html"]', { hasText: /html/i }).first().getAttribute("href", { timeout: 200 }).catch(() => null);
    }
    assert.ok(link, "the page links this week's report");
    await page.goto(new URL(link, lagesbild).toString());
    const body = (await page.textContent("body")) ?? "";
    assert.match(body, /Narkotikafynd/);
    assert.match(body, /Påse med tabletter bakom elskåpet/);
    assert.match(body, /Storgatan 12 A/);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(elsewhere, []);
    await page.close();
  });
});
