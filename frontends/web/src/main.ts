import "./style.css";
import { ApiError } from "./api";
import { el, message } from "./dom";
import { currentLocale, type Label, LOCALES, setLocale, t } from "./i18n";
import { applicantPage } from "./pages/applicant";
import { dashboardPage } from "./pages/dashboard";
import { officerPage } from "./pages/officer";
import { signInPage } from "./pages/signin";
import { currentSession, signOut } from "./session";

type Page = (main: HTMLElement) => void | Promise<void>;
const PAGES: Record<string, [Label, Page]> = {
  "#/applicant": ["applicant", applicantPage],
  "#/officer": ["officer", officerPage],
  "#/dashboard": ["dashboard", dashboardPage],
};

function header(): HTMLElement {
  const languages = el("select", { id: "language" }) as HTMLSelectElement;
  for (const locale of LOCALES) languages.append(el("option", { value: locale, selected: locale === currentLocale() }, locale.toUpperCase()));
  languages.addEventListener("change", () => {
    setLocale(languages.value as (typeof LOCALES)[number]);
    void route();
  });
  const links = Object.entries(PAGES).map(([hash, [label]]) => el("li", {}, el("a", { href: hash }, t(label))));
  const session = currentSession();
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

async function route(): Promise<void> {
  document.documentElement.lang = currentLocale();
  document.getElementById("top")!.replaceChildren(header());
  const main = document.getElementById("main")!;
  const page = currentSession() ? PAGES[location.hash] : undefined;
  try {
    await (page ? page[1](main) : signInPage(main));
  } catch (error) {
    const forbidden = error instanceof ApiError && error.status === 403;
    main.replaceChildren(message(forbidden ? t("notAllowed") : `${t("failed")}: ${(error as Error).message}`, "alert"));
  }
}

window.addEventListener("hashchange", () => void route());
void route();
