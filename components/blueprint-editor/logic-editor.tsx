"use client";

/**
 * A model's rules and reactions: Python constraints (the custom kind edited here, with its body;
 * the formula kinds summarised and left to the JSON tab) and onchanges. SQL constraints are only
 * counted: the JSON tab edits them.
 */
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { Model } from "@/server/odoo/blueprint/schema";
import { EmptyHint, IssueMessages, RowActions, SubSection, TagsField, TextField, move, removeAt, replaceAt } from "./controls";
import { newCustomConstraint, newOnchange } from "./factories";

type Constraint = Model["constraints"][number];
type Onchange = Model["onchanges"][number];

/** One line for a formula constraint (those are edited in the JSON tab). */
export function constraintSummary(c: Constraint): string {
  switch (c.kind) {
    case "lte":
      return `${c.field} ≤ ${c.other}`;
    case "positive":
      return `${c.field} ${c.allowZero ? "≥" : ">"} 0`;
    case "required_if":
      return `${c.field} required when ${c.when.field} ${c.when.op} ${JSON.stringify(c.when.value)}`;
    case "custom":
      return `${c.method}(${c.fields.join(", ")})`;
  }
}

export function ModelLogicEditor({ path, model, onChange }: { path: string; model: Model; onChange: (patch: Partial<Model>) => void }) {
  const fieldNames = model.fields.map((f) => f.name);
  const setConstraint = (i: number, next: Constraint) => onChange({ constraints: replaceAt(model.constraints, i, next) });
  const setOnchange = (i: number, next: Onchange) => onChange({ onchanges: replaceAt(model.onchanges, i, next) });
  return (
    <>
      <SubSection
        title={`Constraints (${model.constraints.length + model.sqlConstraints.length})`}
        description="Rules every saved record must follow. Custom ones run the Python below and raise ValidationError; the others are edited in the JSON tab."
        action={
          <Button type="button" size="sm" variant="outline" onClick={() => onChange({ constraints: [...model.constraints, newCustomConstraint(model)] })} data-testid="constraint-add">
            <Plus /> Add custom constraint
          </Button>
        }
      >
        <IssueMessages path={`${path}.constraints`} />
        <IssueMessages path={`${path}.sqlConstraints`} />
        {model.constraints.length === 0 && model.sqlConstraints.length === 0 ? <EmptyHint>No constraints.</EmptyHint> : null}
        {model.sqlConstraints.length ? (
          <p className="text-muted-foreground text-xs">{model.sqlConstraints.length} SQL constraint(s) — edit them in the JSON tab.</p>
        ) : null}
        <ol className="grid gap-2" data-testid="constraint-list">
          {model.constraints.map((c, i) => {
            const at = `${path}.constraints[${i}]`;
            const actions = (
              <RowActions
                index={i}
                count={model.constraints.length}
                label={`constraint ${c.kind === "custom" ? c.method : constraintSummary(c)}`}
                onMove={(from, to) => onChange({ constraints: move(model.constraints, from, to) })}
                onRemove={(index) => onChange({ constraints: removeAt(model.constraints, index) })}
              />
            );
            if (c.kind !== "custom") {
              return (
                <li key={i} className="grid gap-1 rounded-md border px-3 py-2 text-sm" data-testid="constraint-item">
                  <div className="flex items-center justify-between gap-2">
                    <span>
                      <span className="font-mono">{constraintSummary(c)}</span> <span className="text-muted-foreground">— {c.message}</span>
                    </span>
                    {actions}
                  </div>
                  <IssueMessages path={at} />
                </li>
              );
            }
            return (
              <li key={i} className="grid gap-2 rounded-md border p-2" data-testid="constraint-item">
                <div className="grid items-start gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)_minmax(0,1.5fr)_auto]">
                  <TextField path={`${at}.method`} label="Method" value={c.method} mono onChange={(method) => setConstraint(i, { ...c, method })} />
                  <TagsField path={`${at}.fields`} label="Checked when these change" values={c.fields} suggestions={fieldNames} onChange={(fields) => setConstraint(i, { ...c, fields })} />
                  <TextField path={`${at}.message`} label="Error message" value={c.message} onChange={(message) => setConstraint(i, { ...c, message })} />
                  <div className="sm:mt-5">{actions}</div>
                </div>
                <TextField
                  path={`${at}.body`}
                  label="Method body (Python, optional; the AI coder writes it when empty)"
                  value={c.body}
                  onChange={(body) => setConstraint(i, { ...c, body: body || undefined })}
                  multiline
                  mono
                  placeholder={'for rec in self:\n    if rec.end_date and rec.start_date and rec.end_date < rec.start_date:\n        raise ValidationError(_("…"))'}
                  testId="constraint-body"
                />
              </li>
            );
          })}
        </ol>
      </SubSection>

      <SubSection
        title={`Onchanges (${model.onchanges.length})`}
        description="Form reactions: when these fields change on screen, the body updates other fields (nothing is saved until the user saves)."
        action={
          <Button type="button" size="sm" variant="outline" onClick={() => onChange({ onchanges: [...model.onchanges, newOnchange(model)] })} data-testid="onchange-add">
            <Plus /> Add onchange
          </Button>
        }
      >
        <IssueMessages path={`${path}.onchanges`} />
        <ol className="grid gap-2" data-testid="onchange-list">
          {model.onchanges.map((o, i) => {
            const at = `${path}.onchanges[${i}]`;
            return (
              <li key={i} className="grid gap-2 rounded-md border p-2" data-testid="onchange-item">
                <div className="grid items-start gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)_minmax(0,1.5fr)_auto]">
                  <TextField path={`${at}.method`} label="Method" value={o.method} mono onChange={(method) => setOnchange(i, { ...o, method })} />
                  <TagsField path={`${at}.fields`} label="When these change" values={o.fields} suggestions={fieldNames} onChange={(fields) => setOnchange(i, { ...o, fields })} />
                  <TextField path={`${at}.description`} label="What it does" value={o.description} onChange={(description) => setOnchange(i, { ...o, description })} />
                  <div className="sm:mt-5">
                    <RowActions
                      index={i}
                      count={model.onchanges.length}
                      label={`onchange ${o.method}`}
                      onMove={(from, to) => onChange({ onchanges: move(model.onchanges, from, to) })}
                      onRemove={(index) => onChange({ onchanges: removeAt(model.onchanges, index) })}
                    />
                  </div>
                </div>
                <TextField
                  path={`${at}.body`}
                  label="Method body (Python, optional)"
                  value={o.body}
                  onChange={(body) => setOnchange(i, { ...o, body: body || undefined })}
                  multiline
                  mono
                  placeholder={"for rec in self:\n    if rec.start_date and not rec.end_date:\n        rec.end_date = rec.start_date + timedelta(days=7)"}
                  testId="onchange-body"
                />
              </li>
            );
          })}
        </ol>
      </SubSection>
    </>
  );
}
