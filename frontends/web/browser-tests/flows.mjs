// Browser flows against a running stack: WEB_URL is the gateway, CALL_ID an open TVET call,
// GRANT_ID an awarded grant whose first tranche may be released.
// Run by tests/e2e/test_web_browser.py, which starts the services and the gateway.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { accessible, downloaded, launch, signedIn, visit } from "./lib/browser.mjs";
import {
  acceptedCount, dashboardRises, inFrench, ministryDashboard, officerSeesAnyOrganisation, organisationDashboards,
} from "./lib/dashboards.mjs";
import { fourEyesRelease, pilotSeesItsGrant } from "./lib/grants.mjs";
import { hostRequests, hostRuns, matched, otherHostKeptOut } from "./lib/deployment.mjs";
import { applies, offerAccepted, reviewed, selectionConfirmed } from "./lib/recruitment.mjs";

const CALL_ID = process.env.CALL_ID;
const GRANT_ID = process.env.GRANT_ID;

async function applicantKeepsTrack(applicant, applicationId, missionId) {
  await visit(applicant, "#/applicant", `.my-missions a[href="#/mission/${missionId}"]`);
  const data = await downloaded(applicant, applicant.locator('button[data-action="export"]'), "personal-data.json");
  assert.match(await certificate(applicant, missionId), /^%PDF/);
  assert.ok(JSON.parse(data).applications.some((item) => item.application_id === applicationId));
}

/** Recruitment learns of the completion from deployment's event: until it has, the download
 * is refused and the page says so; each try waits for one of the two answers. */
async function certificate(applicant, missionId) {
  const button = applicant.locator(`button[data-certificate="${missionId}"]`);
  const refusal = applicant.locator('.my-missions [role="alert"]');
  for (let attempt = 0; attempt < 60; attempt += 1) {
    await refusal.evaluateAll((nodes) => nodes.forEach((node) => node.remove()));
    const download = applicant.waitForEvent("download").catch(() => null);
    await button.click();
    const answer = await Promise.race([download, refusal.first().waitFor().then(() => null)]);
    if (answer) {
      assert.equal(answer.suggestedFilename(), `certificate-${missionId}.pdf`);
      return readFileSync(await answer.path(), "latin1");
    }
  }
  assert.fail("the certificate was never available");
}

async function anotherApplicantErases(browser) {
  const page = await signedIn(browser, "demo-applicant-2");
  await visit(page, "#/applicant", ".my-data");
  await page.locator('.my-data button[data-action="erase"]').click();
  await page.locator('.my-data [role="alert"]').waitFor();
  await page.locator('.my-data [name="erase-confirm"]').check();
  await page.locator('.my-data button[data-action="erase"]').click();
  await page.locator('.my-data [role="status"]').waitFor();
}

async function main() {
  const browser = await launch();
  try {
    const ministry = await ministryDashboard(browser);
    const before = await acceptedCount(ministry);

    const { page: applicant, id: applicationId } = await applies(browser, CALL_ID);
    const officer = await signedIn(browser, "demo-officer");
    await visit(officer, "#/officer", "form.assign-reviewer");
    await accessible(officer, "officer console");
    await reviewed(officer, browser, applicationId);
    await selectionConfirmed(officer, CALL_ID, applicationId);
    await offerAccepted(applicant, applicationId);
    await dashboardRises(ministry, before + 1);

    const { host, requestId } = await hostRequests(browser);
    const missionId = await matched(officer, requestId, applicationId);
    await hostRuns(host, missionId);
    await applicantKeepsTrack(applicant, applicationId, missionId);
    await otherHostKeptOut(browser, missionId);
    await anotherApplicantErases(browser);

    await fourEyesRelease(officer, browser, GRANT_ID);
    await pilotSeesItsGrant(browser, GRANT_ID);
    await organisationDashboards(browser);
    await officerSeesAnyOrganisation(officer);

    // A host institution has no business with applicants' calls: the page says so.
    await visit(host, "#/applicant", '[role="alert"]');
    await inFrench(ministry);
  } finally {
    await browser.close();
  }
}

await main();
console.log("browser flows passed");
