// A tiny helper to build elements without innerHTML, so no text is ever read as markup.
type Attributes = Record<string, string | boolean | EventListener>;

export function el(tag: string, attributes: Attributes = {}, ...children: (Node | string)[]) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") element.addEventListener(name, value);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== false) element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

export function field(label: string, input: HTMLElement): HTMLElement {
  const id = input.id || `field-${label.replace(/\W+/g, "-").toLowerCase()}`;
  input.id = id;
  return el("div", { class: "field" }, el("label", { for: id }, label), input);
}

export function message(text: string, kind: "status" | "alert" = "status"): HTMLElement {
  return el("p", { role: kind, class: kind }, text);
}
