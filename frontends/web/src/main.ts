import "./style.css";
import { ApiError } from "./api";
import { el, message } from "./dom";
import { currentLocale, LOCALES, setLocale, t } from "./i18n";
import { signInPage } from "./pages/signin";
import { menu, resolve } from "./routes";
import { currentSession, signOut } from "./session";

function header(): HTMLElement {
  const languages = el("select", { id: "language" }) as HTMLSelectElement;
  for (const locale of LOCALES) languages.append(el("option", { value: locale, selected: locale === currentLocale() }, locale.toUpperCase()));
  languages.addEventListener("change", () => {
    setLocale(languages.value as (typeof LOCALES)[number]);
    void route();
  });
  const session = currentSession();
  const links = menu(session?.role ?? "").map(([hash, label]) => el("li", {}, el("a", { href: hash }, t(label))));
  const out = el("button", { type: "button", id: "sign-out" }, t("signOut"));
  out.addEventListener("click", () => {
    signOut();
    location.hash = "#/sign-in";
  });
  return el(
    "div",
    { class: "bar" },
    el("p", { class: "brand" }, t("title")),
    el("nav", { "aria-label": t("title") }, el("ul", {}, ...(session ? links : []))),
    el("label", { for: "language" }, t("language")),
    languages,
    ...(session ? [el("span", { class: "who" }, session.subject), out] : []),
  );
}

// Counts navigations: a page still loading when the reader moves on must not replace the next.
let navigation = 0;

async function route(): Promise<void> {
  const current = ++navigation;
  document.documentElement.lang = currentLocale();
  document.getElementById("top")!.replaceChildren(header());
  const main = document.getElementById("main")!;
  const session = currentSession();
  const [page, parameter] = session ? resolve(location.hash) : [undefined, undefined];
  // Each page renders into a view of its own, shown once it is ready if it is still wanted.
  const view = el("div", { class: "view" });
  try {
    if (page && !page.roles.includes(session!.role)) throw new ApiError(403, "", "");
    await (page ? page.page(view, parameter) : signInPage(view));
    if (current === navigation) main.replaceChildren(view);
  } catch (error) {
    if (current === navigation) main.replaceChildren(message(refusal(error), "alert"));
  }
}

function refusal(error: unknown): string {
  const status = error instanceof ApiError ? error.status : 0;
  if (status === 403) return t("notAllowed");
  // Another organisation's record is answered as absent, so its existence does not leak.
  if (status === 404) return t("notFound");
  return `${t("failed")}: ${(error as Error).message}`;
}

window.addEventListener("hashchange", () => void route());
void route();
