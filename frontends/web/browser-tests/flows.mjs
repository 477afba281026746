// Browser flows against a running stack: WEB_URL is the gateway, CALL_ID an open TVET call.
// Run by tests/e2e/test_web_browser.py, which starts the services and the gateway.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WEB_URL = process.env.WEB_URL;
const CALL_ID = process.env.CALL_ID;
const RESULTS = new URL("../test-results/", import.meta.url).pathname;
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

async function accessible(page, where) {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run()).violations);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help}`), [], `accessibility on ${where}`);
}

async function signedIn(context, subject) {
  const page = await context.newPage();
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

async function applies(context) {
  const page = await signedIn(context, "demo-applicant-1");
  await accessible(page, "applicant portal");
  const form = page.locator(`section[data-call="${CALL_ID}"] form`);
  await form.locator('[name="given_name"]').fill("Aline");
  await form.locator('[name="family_name"]').fill("Uwase");
  await form.locator('[name="email"]').fill("aline@example.org");
  await form.locator('[name="phone"]').fill("+32 470 12 34 56");
  await form.locator('[name="sex"]').selectOption("female");
  await form.locator('[name="country_of_residence"]').fill("BE");
  await form.locator('[name="qualification"]').fill("MSc Electrical Engineering");
  await form.locator('[name="years_of_experience"]').fill("8");
  await form.locator('[name="available_from"]').fill("2027-02-01");
  await form.locator('[name="available_until"]').fill("2027-05-01");
  await form.locator('[name="consent"]').check();
  await form.locator('button[type="submit"]').click();
  const outcome = await form.locator(".outcome [role]").textContent();
  assert.equal(await form.locator(".application-id").count(), 1, `applying: ${outcome}`);
  const id = (await form.locator(".application-id").textContent()).trim();
  assert.match(id, /^[0-9a-f-]{36}$/);
  return id;
}

async function acceptedCount(page) {
  return Number(await page.locator('tr[data-track="TVET"] .accepted').textContent());
}

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "web-")), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    acceptDownloads: true,
  });
  try {
    const ministry = await signedIn(context, "demo-mineduc");
    await ministry.goto(`${WEB_URL}/#/dashboard`);
    await ministry.locator('tr[data-track="TVET"]').waitFor();
    await accessible(ministry, "dashboard");
    const before = await acceptedCount(ministry);

    const applicationId = await applies(context);
    const officer = await signedIn(context, "demo-officer");
    await accessible(officer, "officer console");
    await officer.locator("#accept-application").fill(applicationId);
    await officer.getByRole("button", { name: "Accept" }).click();
    const accepted = await officer.locator("form.accept [role]").textContent();
    assert.equal(await officer.locator('form.accept [role="status"]').count(), 1, accepted);

    // The dashboard polls; the accepted count goes up once the event reaches reporting.
    await ministry.waitForFunction(
      (expected) => Number(document.querySelector('tr[data-track="TVET"] .accepted')?.textContent) === expected,
      before + 1,
      { timeout: 60_000 },
    );
    await ministry.screenshot({ path: join(RESULTS, "dashboard-mineduc.png"), fullPage: true });
    const [download] = await Promise.all([
      ministry.waitForEvent("download"),
      ministry.locator('button[data-export="csv"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), "report.csv");
    assert.ok(readFileSync(await download.path(), "utf8").length > 0, "CSV export is empty");

    // French labels and formats follow the language choice.
    await ministry.locator("#language").selectOption("fr");
    await ministry.getByRole("heading", { name: "Tableau de bord" }).waitFor();
    await ministry.screenshot({ path: join(RESULTS, "dashboard-mineduc-fr.png"), fullPage: true });

    // A host institution has no business with applicants' calls: the page says so.
    const host = await signedIn(context, "demo-iprc-kigali");
    await host.goto(`${WEB_URL}/#/applicant`);
    await host.locator('[role="alert"]').waitFor();
  } finally {
    await context.close();
  }
}

await main();
console.log("browser flows passed");
