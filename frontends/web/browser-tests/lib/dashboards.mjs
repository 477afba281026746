// Stakeholder dashboards: the ministry's live count and exports, one dashboard per
// organisation, each saved as a screenshot.
import assert from "node:assert/strict";
import { accessible, downloaded, screenshot, signedIn, visit } from "./browser.mjs";

export async function acceptedCount(page) {
  return Number(await page.locator('tr[data-track="TVET"] .accepted').textContent());
}

export async function ministryDashboard(browser) {
  const ministry = await signedIn(browser, "demo-mineduc");
  await visit(ministry, "#/dashboard", 'tr[data-track="TVET"]');
  await accessible(ministry, "dashboard");
  return ministry;
}

export async function dashboardRises(ministry, expected) {
  // The dashboard polls; the accepted count goes up once the event reaches reporting.
  await ministry.waitForFunction(
    (count) => Number(document.querySelector('tr[data-track="TVET"] .accepted')?.textContent) === count,
    expected,
    { timeout: 60_000 },
  );
  await screenshot(ministry, "dashboard-mineduc");
  const csv = await downloaded(ministry, ministry.locator('button[data-export="csv"]'), "report.csv");
  assert.ok(csv.length > 0, "CSV export is empty");
}

const ORGANISATIONS = [
  ["demo-mineduc", "MINEDUC"],
  ["demo-moh", "MOH"],
  ["demo-iprc-kigali", "IPRC-KGL"],
  ["demo-pilot-project-1", "PILOT-01"],
  ["demo-officer", "IOM-RW"],
];

export async function organisationDashboards(browser) {
  for (const [subject, organisation] of ORGANISATIONS) {
    const page = await signedIn(browser, subject);
    await visit(page, "#/indicators", "table.indicators");
    assert.equal(await page.locator("h1 .organisation").textContent(), organisation);
    assert.match(await page.locator(".as-of").textContent(), /As of/);
    await accessible(page, `${organisation} dashboard`);
    await screenshot(page, `indicators-${organisation}`);
    const refused = page.locator('.export-outcome [role="alert"]');
    const download = page.waitForEvent("download", { timeout: 90_000 });
    await page.locator('button[data-export="xlsx"]').click();
    const answer = await Promise.race([download, refused.waitFor({ timeout: 90_000 }).then(() => null)]);
    assert.ok(answer, `${organisation} export: ${answer ? "" : await refused.textContent()}`);
    assert.equal(answer.suggestedFilename(), `${organisation}.xlsx`);
    await page.close();
  }
}

export async function officerSeesAnyOrganisation(officer) {
  await visit(officer, "#/indicators", "#organisation");
  await officer.locator("#organisation").selectOption("IPRC-KGL");
  await officer.locator("h1 .organisation", { hasText: "IPRC-KGL" }).waitFor();
}

export async function inFrench(ministry) {
  // French labels and formats follow the language choice (last: the choice is kept per browser).
  await visit(ministry, "#/dashboard", 'tr[data-track="TVET"]');
  await ministry.locator("#language").selectOption("fr");
  await ministry.getByRole("heading", { name: "Tableau de bord" }).waitFor();
  await screenshot(ministry, "dashboard-mineduc-fr");
}
