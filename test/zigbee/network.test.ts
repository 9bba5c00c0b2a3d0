import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NetworkSettingError, resolveNetwork } from "../../zigbee/network";

describe("network identity", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trappan-network-"));
  const backup = path.join(dir, "coordinator_backup.json");

  it("makes new random values, never the well-known defaults, when there is nothing to go on", () => {
    const a = resolveNetwork({}, backup);
    const b = resolveNetwork({}, backup);
    assert.deepEqual(a.sources, { panId: "new", extendedPanId: "new", networkKey: "new" });
    assert.notDeepEqual(a.networkKey, b.networkKey);
    assert.notDeepEqual(a.networkKey, [1, 3, 5, 7, 9, 11, 13, 15, 0, 2, 4, 6, 8, 10, 12, 13], "not herdsman's default key");
    assert.ok(a.panID >= 1 && a.panID <= 0xfffe);
  });

  it("takes what the settings give, in the forms people type", () => {
    const r = resolveNetwork({ panId: "0x1a62", extendedPanId: "DD:DD:DD:DD:DD:DD:DD:01", networkKey: "0x0102030405060708090a0b0c0d0e0f10" }, backup);
    assert.equal(r.panID, 0x1a62);
    assert.deepEqual(r.extendedPanID, [0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0x01]);
    assert.deepEqual(r.networkKey.slice(0, 3), [1, 2, 3]);
    assert.deepEqual(r.sources, { panId: "settings", extendedPanId: "settings", networkKey: "settings" });
  });

  it("falls back to the coordinator's backup, so a lost credential does not form a new network", () => {
    fs.writeFileSync(backup, JSON.stringify({ pan_id: "6754", extended_pan_id: "0011223344556677", network_key: { key: "ffeeddccbbaa99887766554433221100" } }));
    const r = resolveNetwork({ panId: "" }, backup);
    assert.equal(r.panID, 0x6754);
    assert.deepEqual(r.networkKey.slice(0, 2), [0xff, 0xee]);
    assert.deepEqual(r.sources, { panId: "backup", extendedPanId: "backup", networkKey: "backup" });
  });

  it("refuses values that are not a PAN id or a key, saying why", () => {
    assert.throws(() => resolveNetwork({ panId: "0xffff" }, backup), (e: NetworkSettingError) => e.code === "panIdRange" && /between 0x0001 and 0xFFFE/.test(e.message));
    assert.throws(() => resolveNetwork({ networkKey: "abc" }, backup), (e: NetworkSettingError) => e.code === "networkKeyHex" && /32 hex digits/.test(e.message));
    assert.throws(() => resolveNetwork({ extendedPanId: "xyz" }, backup), (e: NetworkSettingError) => e.code === "extendedPanIdHex" && /16 hex digits/.test(e.message));
  });
});
