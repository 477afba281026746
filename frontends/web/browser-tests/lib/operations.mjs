// The officer's operations page: each service's dead letters and parked outbox rows, read-only,
// never showing a record's personal data.
import assert from "node:assert/strict";
import { accessible, visit } from "./browser.mjs";

const SERVICES = ["recruitment", "deployment", "grants", "reporting"];

/** The poison record reaches deployment's consumer through Kafka: the officer reopens the page
 * until its dead letter is listed (each reopening waits for every list's answer). */
export async function deadLettersShown(officer, poisonEmail) {
  const letters = officer.locator('section[data-service="deployment"] [data-view="admin/dead-letters"] table tbody tr');
  for (let attempt = 0; attempt < 60 && !(await letters.count()); attempt += 1) {
    await visit(officer, "#/operations", 'section[data-service="deployment"] [data-view="admin/dead-letters"] [data-total]');
  }
  assert.ok(await letters.count(), "the dead letter was never listed");
  for (const service of SERVICES) {
    for (const view of ["admin/dead-letters", "admin/outbox/parked"]) {
      await officer.locator(`section[data-service="${service}"] [data-view="${view}"] [data-total]`).waitFor();
    }
  }
  const text = await officer.locator("main").textContent();
  assert.ok(text.includes("recruitment.applications"), "the dead letter names its original topic");
  assert.ok(!text.includes(poisonEmail), "no personal data on the operations page");
  await accessible(officer, "operations page");
}
