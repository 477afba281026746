import { postJson } from "../api";
import { el, field, message } from "../dom";
import { t } from "../i18n";
import { tranchesSection } from "./officer-grants";
import { matchingSection } from "./officer-matching";
import { reviewsSection, selectionSection } from "./officer-selection";

export async function officerPage(main: HTMLElement): Promise<void> {
  const selection = await selectionSection();
  main.replaceChildren(
    el("h1", {}, t("officer")),
    el("h2", {}, t("acceptApplicant")),
    acceptForm(),
    reviewsSection(),
    selection,
    matchingSection(),
    tranchesSection(),
  );
}

function acceptForm(): HTMLElement {
  const id = el("input", { name: "application_id", id: "accept-application", required: true });
  const outcome = el("div", { "aria-live": "polite" });
  const form = el(
    "form",
    { class: "accept" },
    field(t("applicationId"), id),
    el("button", { type: "submit" }, t("accept")),
    outcome,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void accept((id as HTMLInputElement).value.trim(), outcome);
  });
  return form;
}

async function accept(applicationId: string, outcome: HTMLElement): Promise<void> {
  try {
    const path = `/api/recruitment/applications/${encodeURIComponent(applicationId)}/accept`;
    const answer = await postJson<{ status?: string }>(path, {});
    outcome.replaceChildren(message(`${t("status")}: ${answer.status ?? t("accepted")}`));
  } catch (error) {
    outcome.replaceChildren(message(`${t("failed")}: ${(error as Error).message}`, "alert"));
  }
}
