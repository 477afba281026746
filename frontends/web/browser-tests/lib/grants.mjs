// A tranche's release takes two officers: the one who requested it cannot approve it.
import assert from "node:assert/strict";
import { accessible, signedIn, submitted, visit } from "./browser.mjs";

async function openGrant(page, grantId) {
  const form = page.locator("form.open-grant");
  await form.locator('[name="grant_id"]').fill(grantId);
  await form.locator('button[type="submit"]').click();
  await page.locator("table.tranches").waitFor();
}

export async function fourEyesRelease(officer, browser, grantId) {
  await visit(officer, "#/officer", "form.open-grant");
  await openGrant(officer, grantId);
  await officer.locator('button[data-release="1"]').click();
  await officer.locator('button[data-approve="1"]').click();
  const refused = officer.locator('.grant-view [role="alert"]');
  await refused.waitFor();
  assert.match(await refused.textContent(), /./, "the requester's own approval is refused");

  // The second officer finds the release in the queue of grants awaiting approval.
  const second = await signedIn(browser, "demo-iom-belgium");
  await visit(second, "#/officer", `button[data-queue-grant="${grantId}"]`);
  await second.locator(`button[data-queue-grant="${grantId}"]`).click();
  await second.locator("table.tranches").waitFor();
  await accessible(second, "four-eyes queue");
  await second.locator('button[data-approve="1"]').click();
  await second.locator('button[data-approve="1"]').waitFor({ state: "detached" });
  await second.close();
}

export async function pilotSeesItsGrant(browser, grantId) {
  // The pilot project finds its grant among its own.
  const pilot = await signedIn(browser, "demo-pilot-project-1");
  await visit(pilot, "#/pilot", `button[data-own-grant="${grantId}"]`);
  await pilot.locator(`button[data-own-grant="${grantId}"]`).click();
  await pilot.locator("table.tranches").waitFor();
  await accessible(pilot, "pilot project page");
  const first = pilot.locator("table.tranches tbody tr").first();
  assert.match(await first.textContent(), /yes.*yes/, "tranche 1 requested and approved");
  const jobs = pilot.locator("form.jobs");
  await jobs.locator('[name="total"]').fill("4");
  await jobs.locator('[name="women"]').fill("2");
  await jobs.locator('[name="youth"]').fill("3");
  await submitted(jobs, "reporting jobs");
  await pilot.close();
}
