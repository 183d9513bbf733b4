/**
 * The human half of a drafted spec: Markdown written from the blueprint itself, so the two never
 * disagree. Plain Markdown (no raw HTML): it is rendered without HTML in the editor's preview.
 */
import type { Blueprint, Field, Model } from "@/server/odoo/blueprint/schema";

const TYPE_LABELS: Record<Field["type"], string> = {
  char: "Text (one line)",
  text: "Text (several lines)",
  html: "Formatted text",
  integer: "Whole number",
  float: "Decimal number",
  monetary: "Amount",
  boolean: "Yes/No",
  date: "Date",
  datetime: "Date and time",
  selection: "Choice",
  many2one: "Link to one",
  one2many: "List of",
  many2many: "Links to several",
  binary: "File",
  image: "Image",
};

/** `|` and newlines would break a table cell. */
const cell = (text: string) => escapeHtml(text).replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();

/** The preview renders no raw HTML anyway; escaping keeps the text readable as written. */
function escapeHtml(text: string): string {
  return text.replace(/[<>]/g, (c) => `\\${c}`);
}

export interface MarkdownInput {
  blueprint: Blueprint;
  description: string;
  notes: readonly string[];
  /** "Offline draft": written without AI. */
  offline: boolean;
}

export function specMarkdown({ blueprint, description, notes, offline }: MarkdownInput): string {
  const { module, models } = blueprint;
  const labelOf = (name: string) => models.find((m) => m.name === name)?.description ?? coreLabel(name);
  const top = models.filter((m) => !isLineModel(blueprint, m));
  const plural = (model: Model) => blueprint.menus.find((m) => m.model === model.name)?.name ?? pluralOf(model);
  const out: string[] = [];
  out.push(`# ${module.title}`, "");
  if (offline) {
    out.push(
      "> **Offline draft** — written without AI by the rule-based drafter from your description.",
      "> Review it: check every model and field below, and the assumptions at the end, before approving.",
      "",
    );
  }
  out.push(`Technical name: \`${module.name}\` · Odoo ${module.odooVersion} · depends on ${module.depends.map((d) => `\`${d}\``).join(", ")}`, "");

  out.push("## Purpose", "", description.trim() ? quote(description.trim()) : `_${module.title}: no description was given._`, "");
  out.push(
    `The module adds a **${module.title}** app with ${top.map((m) => `**${plural(m)}**`).join(", ")}${top.length ? "" : "its records"}.`,
    "",
  );

  out.push("## Users and user stories", "");
  out.push("- **User** (group *User*): records and updates the day-to-day data.");
  out.push("- **Manager** (group *Manager*): everything a user can do, plus deleting records; the administrator is a manager.", "");
  for (const model of top) {
    const keyFields = model.fields.filter((f) => f.name !== "name" && f.type !== "one2many").slice(0, 4).map((f) => f.string.toLowerCase());
    out.push(`- As a user, I can record ${plural(model).toLowerCase()}${keyFields.length ? ` with their ${joinWords(keyFields)}` : ""}, and find them again by name.`);
    for (const field of model.fields.filter((f) => f.type === "one2many")) {
      out.push(`- As a user, I can list the ${field.string.toLowerCase()} of a ${model.description.toLowerCase()} on its form.`);
    }
    if (model.workflow) {
      const states = model.workflow.states.map((s) => s.label);
      out.push(`- As a user, I can move a ${model.description.toLowerCase()} through ${states.join(" → ")} with buttons on its form.`);
    }
  }
  out.push("- As a manager, I can delete records that were entered by mistake.", "");

  out.push("## Data model", "");
  for (const model of models) {
    out.push(`### ${model.description} (\`${model.name}\`)`, "");
    out.push("| Field | Technical name | Type | Required | Notes |", "|---|---|---|---|---|");
    for (const field of model.fields) {
      out.push(`| ${cell(field.string)} | \`${field.name}\` | ${TYPE_LABELS[field.type]} | ${field.required ? "yes" : "no"} | ${cell(fieldNote(field, labelOf))} |`);
    }
    if (model.workflow) out.push(`| Status | \`${model.workflow.field}\` | Choice | yes | ${cell(model.workflow.states.map((s) => s.label).join(", "))} |`);
    if (model.currency) out.push("| Currency | `currency_id` | Link to one | yes | The company's currency |");
    out.push("");
  }

  out.push("## Workflow", "");
  const withWorkflow = models.filter((m) => m.workflow);
  if (withWorkflow.length === 0) out.push("No status workflow: records are created and edited freely.", "");
  for (const model of withWorkflow) {
    const wf = model.workflow!;
    out.push(`**${model.description}**: ${wf.states.map((s) => s.label).join(" → ")}`, "");
    for (const t of wf.transitions) {
      out.push(`- **${t.label}**: from ${t.from.map((s) => stateLabel(model, s)).join(" or ")} to ${stateLabel(model, t.to)}.`);
    }
    out.push("");
  }

  out.push("## Acceptance criteria", "");
  let n = 0;
  for (const model of models) {
    n += 1;
    const required = model.fields.filter((f) => f.required && f.name !== "name").map((f) => f.string.toLowerCase());
    out.push(
      `${n}. **Given** a user of the app, **when** they create a ${model.description.toLowerCase()} with a ${model.fields[0]?.string.toLowerCase() ?? "name"}${required.length ? ` and its ${joinWords(required)}` : ""}, **then** it is saved and appears in the ${plural(model).toLowerCase()} list and search.`,
    );
  }
  for (const model of withWorkflow) {
    const wf = model.workflow!;
    for (const t of wf.transitions) {
      n += 1;
      out.push(
        `${n}. **Given** a ${model.description.toLowerCase()} in ${t.from.map((s) => stateLabel(model, s)).join(" or ")}, **when** the user clicks **${t.label}**, **then** it is ${stateLabel(model, t.to)}.`,
      );
    }
    n += 1;
    out.push(`${n}. **Given** a new ${model.description.toLowerCase()}, **then** its status is ${wf.states[0]!.label}.`);
  }
  n += 1;
  out.push(`${n}. **Given** a user without the Manager group, **when** they try to delete a ${top[0]?.description.toLowerCase() ?? "record"}, **then** Odoo refuses.`, "");

  out.push("## Assumptions", "");
  if (notes.length === 0) out.push("- None beyond what the description says.");
  for (const note of notes) out.push(`- ${note}`);
  out.push(
    "- Access: users may create and edit every record; only managers may delete (line records may be deleted by users).",
    "- Views: every model gets a list, a form and a search view; workflows get a kanban board, dated records a calendar.",
    "",
  );
  return out.join("\n");
}

function fieldNote(field: Field, labelOf: (model: string) => string): string {
  switch (field.type) {
    case "many2one":
      return `→ ${labelOf(field.comodel)}${field.ondelete === "cascade" ? " (deleted with it)" : ""}`;
    case "one2many":
      return `${labelOf(field.comodel)} records pointing here`;
    case "many2many":
      return `→ ${labelOf(field.comodel)} (several)`;
    case "selection":
      return field.options.map((o) => o.label).join(", ");
    case "monetary":
      return "In the company's currency";
    default:
      return field.default !== undefined && typeof field.default !== "object" ? `Default: ${String(field.default)}` : "";
  }
}

function stateLabel(model: Model, value: string): string {
  return model.workflow?.states.find((s) => s.value === value)?.label ?? value;
}

function isLineModel(blueprint: Blueprint, model: Model): boolean {
  return blueprint.menus.some((m) => m.model === model.name && m.configuration);
}

function pluralOf(model: Model): string {
  const d = model.description;
  if (/[^aeiou]y$/i.test(d)) return `${d.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(d)) return `${d}es`;
  return `${d}s`;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => `> ${escapeHtml(line)}`)
    .join("\n");
}

const CORE_LABELS: Record<string, string> = {
  "res.partner": "Contact",
  "res.users": "User",
  "res.company": "Company",
  "res.currency": "Currency",
  "res.country": "Country",
  "hr.employee": "Employee",
  "hr.department": "Department",
  "product.product": "Product",
  "fleet.vehicle": "Vehicle",
  "project.task": "Task",
  "project.project": "Project",
  "crm.lead": "Lead",
  "sale.order": "Sales Order",
  "purchase.order": "Purchase Order",
  "account.move": "Invoice",
  "calendar.event": "Meeting",
};

function coreLabel(model: string): string {
  return CORE_LABELS[model] ? `${CORE_LABELS[model]} (\`${model}\`)` : `\`${model}\``;
}
