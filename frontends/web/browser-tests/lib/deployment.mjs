// Deployment in the browser: a host's request, the officer's match and logistics, the host's
// arrival confirmation and training session; another host kept out.
import assert from "node:assert/strict";
import { accessible, signedIn, submitted, visit } from "./browser.mjs";

export async function hostRequests(browser) {
  const host = await signedIn(browser, "demo-iprc-kigali");
  await visit(host, "#/host", "form.host-request");
  await accessible(host, "host institution page");
  const form = host.locator("form.host-request");
  const course = form.locator('[name="course"]');
  // The course is a choice when the institution lists its priority courses, free text otherwise.
  if ((await course.evaluate((node) => node.tagName)) === "INPUT") await course.fill("Energy");
  await form.locator('[name="expertise"]').fill("Solar mini-grid maintenance");
  await form.locator('[name="starts_on"]').fill("2027-02-15");
  await form.locator('[name="ends_on"]').fill("2027-03-15");
  await submitted(form, "submitting a request");
  return { host, requestId: (await form.locator(".request-id").textContent()).trim() };
}

/** The professional reaches deployment through Kafka: the officer reopens the request until
 * the accepted applicant is among its candidates (each reopening waits for its answer). */
export async function matched(officer, requestId, professionalId) {
  const form = officer.locator("form.open-request");
  await form.locator('[name="request_id"]').fill(requestId);
  await form.locator('button[type="submit"]').click();
  await officer.locator('button[data-action="approve-request"]').click();
  await officer.locator('.request-view .request-status[data-status="approved"]').waitFor();
  const candidate = officer.locator(`button[data-professional="${professionalId}"]`);
  for (let attempt = 0; attempt < 120 && !(await candidate.count()); attempt += 1) {
    await officer.locator(".request-view").evaluate((node) => node.replaceChildren());
    await form.locator('button[type="submit"]').click();
    await officer.locator(".request-view .request-status").waitFor();
  }
  await accessible(officer, "matching");
  await candidate.click();
  const missionId = (await officer.locator(".match-outcome .mission-id").textContent()).trim();
  const logistics = officer.locator("form.logistics");
  for (const name of ["travel_booked", "accommodation_booked", "insured"]) {
    await logistics.locator(`[name="${name}"]`).check();
  }
  assert.match(await submitted(logistics, "confirming logistics"), /confirmed/i);
  return missionId;
}

export async function hostRuns(host, missionId) {
  await visit(host, "#/host", `a[data-mission="${missionId}"]`);
  await host.locator(`a[data-mission="${missionId}"]`).click();
  await host.locator('button[data-action="arrival"]').click();
  await host.locator('.mission-status[data-status="started"]').waitFor();
  await accessible(host, "mission page");
  const session = host.locator("form.session");
  await session.locator('[name="topic"]').fill("Inverter faults");
  await session.locator('[name="trainers_female"]').fill("3");
  await session.locator('[name="students_male"]').fill("12");
  await session.locator('button[type="submit"]').click();
  await host.locator("table.activities tbody tr").first().waitFor();
  await host.locator('button[data-action="complete"]').click();
  await host.locator('.mission-status[data-status="completed"]').waitFor();
}

export async function otherHostKeptOut(browser, missionId) {
  const other = await signedIn(browser, "demo-iprc-huye");
  await visit(other, `#/mission/${missionId}`, '[role="alert"]');
  await visit(other, "#/indicators/IPRC-KGL", '[role="alert"]');
  await visit(other, "#/host", "form.host-request");
  assert.equal(await other.locator(`a[data-mission="${missionId}"]`).count(), 0);
  await other.close();
}
