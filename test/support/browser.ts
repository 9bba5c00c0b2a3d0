/** Debian's Chromium driven by playwright-core: never a downloaded browser. */
import { Browser, Page, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/**
 * Opens a node's edit dialog and waits until the tray has finished opening. The editor moves the
 * focus to the dialog's first field 150 ms after the tray slides in; keys typed before that land in
 * whatever field the focus moves from.
 */
export async function openNodeDialog(page: Page, nodeId: string): Promise<void> {
  await page.dblclick(`#${nodeId} rect.red-ui-flow-node`);
  await page.waitForFunction(() => {
    const focused = document.activeElement;
    return !!focused && focused !== document.body && !!focused.closest(".red-ui-tray");
  });
}
