// Shared steps of the browser flows: the browser itself, keyboard sign-in, the axe check.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const WEB_URL = process.env.WEB_URL;
export const RESULTS = new URL("../../test-results/", import.meta.url).pathname;
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export async function launch() {
  mkdirSync(RESULTS, { recursive: true });
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "web-")), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    acceptDownloads: true,
  });
}

export async function accessible(page, where) {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run()).violations);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help}`), [], `accessibility on ${where}`);
}

/** A fresh browser context per user, so each keeps its own session storage. */
export async function signedIn(browser, subject) {
  const page = await browser.newPage();
  await page.goto(`${WEB_URL}/#/sign-in`);
  const button = page.locator(`button[data-subject="${subject}"]`);
  await button.waitFor();
  // Keyboard only: tab until the user's button has focus, then press Enter.
  for (let presses = 0; presses < 40; presses += 1) {
    if (await button.evaluate((node) => node === document.activeElement)) break;
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Enter");
  await page.locator("#sign-out").waitFor();
  return page;
}

/** Opens ``hash`` and waits for what proves the page rendered (an alert is an answer too). */
export async function visit(page, hash, selector) {
  const target = `${WEB_URL}/${hash}`;
  // The page shown before must not be mistaken for the next one's answer.
  await page.evaluate(() => document.getElementById("main")?.replaceChildren()).catch(() => {});
  // Going to the address already shown changes nothing: reload it for a fresh render.
  await (page.url() === target ? page.reload() : page.goto(target));
  await page.locator(`${selector}, main [role="alert"]`).first().waitFor();
  const alert = page.locator('main > [role="alert"]');
  if (selector !== '[role="alert"]' && (await alert.count())) {
    assert.fail(`${hash}: ${await alert.textContent()}`);
  }
}

/** The outcome a form shows: its status text, or a failure naming what the page said. */
export async function submitted(form, where) {
  await form.locator('button[type="submit"]').click();
  const shown = form.locator(".outcome [role]");
  await shown.first().waitFor();
  const role = await shown.first().getAttribute("role");
  const text = await shown.first().textContent();
  assert.equal(role, "status", `${where}: ${text}`);
  return text;
}

export async function downloaded(page, trigger, name) {
  const [download] = await Promise.all([page.waitForEvent("download"), trigger.click()]);
  assert.equal(download.suggestedFilename(), name);
  return readFileSync(await download.path(), "utf8");
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}
