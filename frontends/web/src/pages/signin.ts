import { getJson, postJson } from "../api";
import { el } from "../dom";
import { t } from "../i18n";
import { HOME } from "../routes";
import { signIn } from "../session";

interface DemoUser {
  subject: string;
  role: string;
  org: string | null;
}

export async function signInPage(main: HTMLElement): Promise<void> {
  const users = await getJson<DemoUser[]>("/auth/dev/users");
  const list = el("ul", { class: "users" });
  for (const user of users) {
    const label = `${user.subject} (${user.role}${user.org ? `, ${user.org}` : ""})`;
    const button = el("button", { type: "button", "data-subject": user.subject }, label);
    button.addEventListener("click", () => void choose(user));
    list.append(el("li", {}, button));
  }
  main.replaceChildren(el("h1", {}, t("signIn")), el("h2", {}, t("chooseUser")), list);
}

async function choose(user: DemoUser): Promise<void> {
  const answer = await postJson<{ token: string }>("/auth/dev/sign-in", { subject: user.subject });
  signIn({ token: answer.token, subject: user.subject, role: user.role, org: user.org });
  location.hash = HOME[user.role] ?? "#/dashboard";
}
