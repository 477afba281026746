// Recruitment in the browser: apply, reviewers assigned and scoring, the selection confirmed,
// the offer accepted.
import assert from "node:assert/strict";
import { accessible, signedIn, submitted, visit } from "./browser.mjs";

export async function applies(browser, callId) {
  const page = await signedIn(browser, "demo-applicant-1");
  await visit(page, "#/applicant", "h2");
  await accessible(page, "applicant portal");
  const form = page.locator(`section[data-call="${callId}"] form`);
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
  return { page, id };
}

export async function reviewed(officer, browser, applicationId) {
  const form = officer.locator("form.assign-reviewer");
  for (const reviewer of ["demo-reviewer-1", "demo-reviewer-2"]) {
    await form.locator('[name="application_id"]').fill(applicationId);
    await form.locator('[name="reviewer_subject"]').fill(reviewer);
    await submitted(form, `assigning ${reviewer}`);
  }
  for (const reviewer of ["demo-reviewer-1", "demo-reviewer-2"]) {
    const page = await signedIn(browser, reviewer);
    await visit(page, "#/reviewer", `section[data-assignment="${applicationId}"]`);
    await accessible(page, "reviewer page");
    const section = page.locator(`section[data-assignment="${applicationId}"]`);
    assert.equal(await section.getByText("aline@example.org").count(), 0, "a reviewer sees no contact details");
    await submitted(section.locator("form.scoring"), `${reviewer} scoring`);
    await page.close();
  }
  const progress = officer.locator("form.review-progress");
  await progress.locator('[name="application_id"]').fill(applicationId);
  const shown = await submitted(progress, "review progress");
  assert.match(shown, /2\/2/);
}

export async function selectionConfirmed(officer, callId, applicationId) {
  await officer.locator("#selection-call").selectOption(callId);
  await officer.locator('button[data-action="show-proposal"]').click();
  const row = officer.locator("table.placements tr", { hasText: applicationId });
  await row.waitFor();
  assert.equal(await row.locator('[data-status="selected"]').count(), 1, await row.textContent());
  assert.match(await officer.locator(".proposal .goal").textContent(), /%/);
  await accessible(officer, "selection proposal");
  await submitted(officer.locator("form.confirm-selection"), "confirming the selection");
}

export async function offerAccepted(applicant, applicationId) {
  await visit(applicant, "#/applicant", `.mine [data-application="${applicationId}"]`);
  const status = applicant.locator(`.mine [data-application="${applicationId}"]`);
  assert.equal(await status.getAttribute("data-status"), "offered");
  await accessible(applicant, "applicant's offer");
  await applicant.locator('.mine button[data-offer="accept"]').click();
  await applicant.waitForFunction(
    (id) => document.querySelector(`.mine [data-application="${id}"]`)?.getAttribute("data-status") === "accepted",
    applicationId,
  );
}
