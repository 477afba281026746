// Browser flows of a host hospital and of the officer's operations page, against a running
// stack whose demo deployment is seeded: WEB_URL is the gateway, MISSION_ID a started Health
// mission at CHUK. Run by tests/e2e/test_web_hospital.py.
import assert from "node:assert/strict";
import { accessible, launch, signedIn, visit } from "./lib/browser.mjs";

const MISSION_ID = process.env.MISSION_ID;

async function hospitalRecords(browser) {
  const host = await signedIn(browser, "demo-chuk");
  await visit(host, "#/host", `a[data-mission="${MISSION_ID}"]`);
  // The hospital's own requests are listed, approved by an officer in the seed.
  const requests = host.locator("table.requests tbody tr");
  assert.ok((await requests.count()) >= 1);
  assert.equal(await host.locator('table.requests [data-status="approved"]').count(), await requests.count());
  await host.locator(`a[data-mission="${MISSION_ID}"]`).click();
  await host.locator("form.health-services").waitFor();
  // A Health mission records health services and staff trained, not training sessions.
  assert.equal(await host.locator("form.session").count(), 0);
  await accessible(host, "hospital mission page");
  const rows = host.locator("table.activities tbody tr");
  const before = await rows.count();

  // Each record re-renders the page with the activity listed.
  const services = host.locator("form.health-services");
  await services.locator('[name="service_type"]').selectOption("surgery");
  await services.locator('[name="count"]').fill("7");
  await services.locator('button[type="submit"]').click();
  await host.locator(`table.activities tbody tr >> nth=${before}`).waitFor();
  const staff = host.locator("form.staff-trained");
  await staff.locator('[name="cadre"]').selectOption("nurse");
  await staff.locator('[name="female"]').fill("5");
  await staff.locator('[name="male"]').fill("2");
  await staff.locator('button[type="submit"]').click();
  await host.locator(`table.activities tbody tr >> nth=${before + 1}`).waitFor();
  assert.equal(await rows.count(), before + 2);
  assert.equal(await host.locator('main [role="alert"]').count(), 0);
  await host.close();
}

async function otherHostKeptOut(browser) {
  const other = await signedIn(browser, "demo-iprc-huye");
  await visit(other, `#/mission/${MISSION_ID}`, '[role="alert"]');
  await other.close();
}

async function officerSeesOperations(browser) {
  const officer = await signedIn(browser, "demo-officer");
  await visit(officer, "#/operations", 'section[data-service="reporting"]');
  for (const service of ["recruitment", "deployment", "grants", "reporting"]) {
    const section = officer.locator(`section[data-service="${service}"]`);
    // Each list answers: a table, or "nothing yet"; never the unavailable notice.
    assert.equal(await section.locator('[role="alert"]').count(), 0, `${service} operations`);
    assert.equal(await section.locator('table, [role="status"]').count(), 2, `${service} lists`);
  }
  await accessible(officer, "operations page");
  await officer.close();
}

async function main() {
  const browser = await launch();
  try {
    await hospitalRecords(browser);
    await otherHostKeptOut(browser);
    await officerSeesOperations(browser);
  } finally {
    await browser.close();
  }
}

await main();
console.log("hospital and operations flows passed");
