/** `__manifest__.py`, `__init__.py` and `README.rst`. */
import { moduleDepends, type CompileContext } from "./context";
import { pyStr, pyValue } from "./py";

export function manifestVersion(ctx: CompileContext): string {
  return `${ctx.version}.0.1.0.0`;
}

export function emitManifest(ctx: CompileContext, data: string[], demo: string[]): string {
  const m = ctx.bp.module;
  const entries: [string, string][] = [
    ["name", pyStr(m.title)],
    ["version", pyStr(manifestVersion(ctx))],
    ["summary", pyStr(m.summary)],
    ["description", pyStr(m.description)],
    ["category", pyStr(m.category)],
    ["author", pyStr(m.author)],
  ];
  if (m.website) entries.push(["website", pyStr(m.website)]);
  entries.push(["license", pyStr(m.license)]);
  const list = (items: string[]) => (items.length ? `[\n${items.map((item) => `        ${pyStr(item)},\n`).join("")}    ]` : "[]");
  entries.push(["depends", list(moduleDepends(ctx.bp))], ["data", list(data)], ["demo", list(demo)]);
  entries.push(["application", pyValue(m.application)], ["installable", "True"]);
  return `{\n${entries.map(([key, value]) => `    ${pyStr(key)}: ${value},\n`).join("")}}\n`;
}

export function emitRootInit(): string {
  return "from . import models\n";
}

function heading(text: string, char: string, over = false): string {
  const line = char.repeat([...text].length);
  return over ? `${line}\n${text}\n${line}` : `${text}\n${line}`;
}

/** RST needs a line of markup characters exactly as long as the (single-line) title. */
export function emitReadme(ctx: CompileContext): string {
  const { bp } = ctx;
  const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
  const parts = [heading(oneLine(bp.module.title), "=", true), ""];
  if (bp.module.summary) parts.push(oneLine(bp.module.summary), "");
  parts.push(`:Odoo version: ${ctx.version}.0`, `:Technical name: ${ctx.module}`, `:License: ${bp.module.license}`, "");
  if (bp.module.description.trim()) parts.push(heading("Description", "-"), "", bp.module.description.trim(), "");
  if (bp.models.length) {
    parts.push(heading("Models", "-"), "");
    for (const model of bp.models) {
      parts.push(`* \`\`${model.name}\`\` — ${oneLine(model.description)}${model.kind === "extend" ? " (extended)" : ""}`);
    }
    parts.push("");
  }
  parts.push(heading("Usage", "-"), "", `Install the module, then open the *${oneLine(bp.module.title)}* app.`, "");
  return `${parts.join("\n")}`;
}
