/**
 * The notify node's test flow: recipient groups, trappan-notify (nothing waits, nothing sent until
 * a test chooses a channel), helpers on both outputs and a Catch node. Plain data, imported by the
 * tests and by bench/notify.bench.ts; `suffix` makes ids of their own for a runtime loaded again.
 */
export function notifyFlow(notify: Record<string, unknown>, groups: Record<string, unknown>[] = [{}], credentials: Record<string, Record<string, string>> = {}, suffix = "") {
  const id = (name: string) => `${name}${suffix}`;
  const recipients = groups.map((g, i) => ({
    id: id(`group${i}`),
    type: "trappan-recipients",
    name: i === 0 ? "Polisen Skärholmen" : `Grupp ${i}`,
    emails: "",
    phones: "",
    kinds: [],
    minSeverity: "low",
    districts: "",
    policeAreas: "",
    sites: "",
    quiet: false,
    quietFrom: "22:00",
    quietTo: "07:00",
    quietUnless: "high",
    escalateTo: "",
    escalateAfterMinutes: "60",
    language: "sv",
    escalationOnly: false,
    ...g,
  }));
  return {
    flow: [
      { id: id("tab"), type: "tab", label: "notify" },
      ...recipients,
      {
        id: id("notify"),
        type: "trappan-notify",
        z: id("tab"),
        x: 0,
        y: 0,
        name: "",
        groups: recipients.filter((r) => !r.escalationOnly).map((r) => r.id),
        timezone: "Europe/Stockholm",
        emailVia: "off",
        smtpHost: "127.0.0.1",
        smtpPort: "25",
        smtpSecurity: "none",
        smtpSelfSigned: false,
        emailFrom: "Trygga Trappan <trappan@bostadsbolaget.example>",
        smsVia: "off",
        smsFrom: "Trappan",
        smsApiUrl: "",
        publicUrl: "",
        link: "",
        groupWaitSeconds: "0",
        groupIntervalMinutes: "0",
        repeatHours: "0",
        sendClosed: false,
        ratePerHour: "0",
        maxAgeMinutes: "60",
        smsMaxSegments: "3",
        retrySeconds: "0.1",
        giveUpHours: "24",
        wires: [[id("made")], [id("deliveries")]],
        ...notify,
      },
      { id: id("made"), type: "helper", z: id("tab"), x: 0, y: 0, wires: [] },
      { id: id("deliveries"), type: "helper", z: id("tab"), x: 0, y: 0, wires: [] },
      { id: id("catch"), type: "catch", z: id("tab"), x: 0, y: 0, scope: null, uncaught: false, wires: [[id("caught")]] },
      { id: id("caught"), type: "helper", z: id("tab"), x: 0, y: 0, wires: [] },
    ],
    credentials: Object.fromEntries(Object.entries(credentials).map(([node, values]) => [id(node), values])),
  };
}
