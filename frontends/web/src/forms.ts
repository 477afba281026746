// Building blocks the pages share: labelled inputs with unique ids, tables, and forms that
// show their outcome (or the API's refusal) next to themselves.
import { el, field, message } from "./dom";
import { statusText, t } from "./i18n";

export function input(name: string, type = "text", value = "", required = true): HTMLInputElement {
  const attributes = { name, type, required, id: `${name}-${crypto.randomUUID()}`, value };
  return el("input", attributes) as HTMLInputElement;
}

export function choice(name: string, options: [string, string][], chosen = ""): HTMLSelectElement {
  const items = options.map(([value, label]) => el("option", { value, selected: value === chosen }, label));
  return el("select", { name, id: `${name}-${crypto.randomUUID()}` }, ...items) as HTMLSelectElement;
}

export function checkbox(name: string, label: string, checked = false): HTMLElement {
  const box = el("input", { type: "checkbox", name, checked, id: `${name}-${crypto.randomUUID()}` });
  return el("div", { class: "consent" }, box, el("label", { for: box.id }, label));
}

export function table(headers: string[], rows: (Node | string)[][], attributes = {}): HTMLElement {
  const head = el("tr", {}, ...headers.map((name) => el("th", { scope: "col" }, name)));
  const body = rows.map((cells) => el("tr", {}, ...cells.map((value) => el("td", {}, value))));
  return el("table", attributes, el("thead", {}, head), el("tbody", {}, ...body));
}

export function button(label: string, onClick: () => Promise<unknown> | void, attributes = {}): HTMLElement {
  const node = el("button", { type: "button", ...attributes }, label);
  node.addEventListener("click", () => void onClick());
  return node;
}

/** Runs ``work`` and shows what it answered, or why it failed, in ``outcome``. */
export async function attempt(outcome: HTMLElement, work: () => Promise<Node | string>): Promise<boolean> {
  try {
    const shown = await work();
    outcome.replaceChildren(typeof shown === "string" ? message(shown) : shown);
    return true;
  } catch (error) {
    outcome.replaceChildren(message(`${t("failed")}: ${(error as Error).message}`, "alert"));
    return false;
  }
}

/** A form whose submit runs ``work`` with its data; the outcome appears under the button. */
export function actionForm(
  name: string,
  fields: [string, HTMLElement][],
  submit: string,
  work: (data: FormData) => Promise<Node | string>,
): HTMLFormElement {
  const outcome = el("div", { class: "outcome", "aria-live": "polite" });
  const rows = fields.map(([label, node]) => (label ? field(label, node) : node));
  const form = el("form", { class: name }, ...rows, el("button", { type: "submit" }, submit), outcome);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(outcome, () => work(new FormData(form as HTMLFormElement)));
  });
  return form as HTMLFormElement;
}

export function text(data: FormData, name: string): string {
  return String(data.get(name) ?? "").trim();
}

export function output(name: string, value: string): HTMLElement {
  return el("output", { class: name }, value);
}

export function yesNo(value: boolean): string {
  return value ? t("yes") : t("no");
}

/** A state, named in the reader's language, with the API's value kept for scripts and tests. */
export function status(value: string, name = "status"): HTMLElement {
  return el("output", { class: name, "data-status": value }, statusText(value));
}
