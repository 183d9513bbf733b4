"use client";

import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { Blueprint, View, ViewField, ViewType } from "@/server/odoo/blueprint/schema";
import { cn } from "@/lib/utils";
import { domIdFor } from "./paths";
import {
  CheckField,
  EmptyHint,
  IssueMessages,
  RowActions,
  SelectField,
  TagsField,
  TextField,
  move,
  nativeSelectClass,
  removeAt,
  replaceAt,
} from "./controls";
import { newView, viewTypes } from "./factories";
import { useFlagged } from "./issues";

type ViewEntry = string | ViewField;
const nameOf = (entry: ViewEntry) => (typeof entry === "string" ? entry : entry.name);

/**
 * An ordered list of a view's fields (columns of a list, rows of a form group). Entries with
 * options (widget, conditions) keep them; only their place in the list is edited here.
 */
function FieldOrder({
  path,
  label,
  entries,
  available,
  onChange,
  testId,
}: {
  path: string;
  label: string;
  entries: readonly ViewEntry[];
  available: readonly string[];
  onChange: (entries: ViewEntry[]) => void;
  testId?: string;
}) {
  const used = new Set(entries.map(nameOf));
  const remaining = available.filter((name) => !used.has(name));
  return (
    <div className="grid gap-1.5" data-testid={testId}>
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-medium">{label}</span>
        <select
          aria-label={`Add a field to ${label}`}
          className={cn(nativeSelectClass, "w-44")}
          value=""
          onChange={(e) => e.target.value && onChange([...entries, e.target.value])}
          disabled={remaining.length === 0}
          data-testid={testId ? `${testId}-add` : undefined}
        >
          <option value="">{remaining.length ? "+ Add field…" : "All fields added"}</option>
          {remaining.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <IssueMessages path={path} />
      {entries.length === 0 ? (
        <p className="text-muted-foreground text-xs">No fields.</p>
      ) : (
        <ol className="grid gap-1">
          {entries.map((entry, i) => (
            <li key={`${nameOf(entry)}-${i}`} className="bg-muted/40 grid gap-0.5 rounded px-2 py-0.5">
              <div className="flex items-center justify-between gap-2">
                <span className="font-mono text-xs">
                  {i + 1}. {nameOf(entry)}
                  {typeof entry !== "string" && (entry.widget || entry.invisible || entry.readonly || entry.required) ? (
                    <span className="text-muted-foreground ml-2">(options in JSON)</span>
                  ) : null}
                </span>
                <RowActions
                  index={i}
                  count={entries.length}
                  label={nameOf(entry)}
                  onMove={(from, to) => onChange(move(entries, from, to))}
                  onRemove={(index) => onChange(removeAt(entries, index))}
                />
              </div>
              <IssueMessages path={`${path}[${i}]`} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function ViewEditor({
  path,
  view,
  fieldNames,
  onChange,
}: {
  path: string;
  view: View;
  fieldNames: readonly string[];
  onChange: (view: View) => void;
}) {
  const set = (patch: Record<string, unknown>) => onChange({ ...view, ...patch } as View);
  const pick = (key: string, label: string, value: string | undefined, allowEmpty?: string) => (
    <SelectField
      path={`${path}.${key}`}
      label={label}
      value={value}
      options={fieldNames}
      allowEmpty={allowEmpty}
      onChange={(v) => set({ [key]: v || undefined })}
    />
  );
  const tags = (key: string, label: string, values: readonly string[]) => (
    <TagsField path={`${path}.${key}`} label={label} values={values} suggestions={fieldNames} onChange={(v) => set({ [key]: v })} />
  );
  switch (view.type) {
    case "list":
      return (
        <div className="grid gap-3">
          <FieldOrder path={`${path}.fields`} label="Columns" entries={view.fields} available={fieldNames} onChange={(fields) => set({ fields })} testId="view-columns" />
          <div className="grid gap-3 sm:grid-cols-3">
            <SelectField
              path={`${path}.editable`}
              label="Edit in place"
              value={view.editable}
              options={[
                { value: "bottom", label: "New lines at the bottom" },
                { value: "top", label: "New lines at the top" },
              ]}
              allowEmpty="No (open a form)"
              onChange={(editable) => set({ editable: editable || undefined })}
            />
          </div>
        </div>
      );
    case "form":
      return (
        <div className="grid gap-3">
          <div className="grid gap-3 sm:grid-cols-3">
            {pick("title", "Title field", view.title, "None")}
            <div className="sm:mt-6">
              <CheckField path={`${path}.chatter`} label="Chatter" checked={view.chatter} onChange={(chatter) => set({ chatter })} />
            </div>
          </div>
          {(["groups", "pages"] as const).map((kind) => (
            <div key={kind} className="grid gap-2">
              <div className="flex items-center justify-between">
                <span className="text-xs font-semibold">{kind === "groups" ? "Groups (columns of the sheet)" : "Notebook pages"}</span>
                <Button
                  type="button"
                  size="sm"
                  variant="outline"
                  onClick={() =>
                    set({ [kind]: [...view[kind], { title: kind === "pages" ? "New page" : undefined, fields: fieldNames.slice(0, 1) }] })
                  }
                >
                  <Plus /> Add {kind === "groups" ? "group" : "page"}
                </Button>
              </div>
              <IssueMessages path={`${path}.${kind}`} />
              {view[kind].map((block, i) => (
                <div key={i} className="grid gap-2 rounded-md border p-2">
                  <div className="flex items-end gap-2">
                    <TextField
                      path={`${path}.${kind}[${i}].title`}
                      label="Title"
                      value={block.title}
                      className="flex-1"
                      onChange={(title) => set({ [kind]: replaceAt(view[kind], i, { ...block, title: title || (kind === "pages" ? "" : undefined) }) })}
                    />
                    <RowActions
                      index={i}
                      count={view[kind].length}
                      label={`${kind === "groups" ? "group" : "page"} ${i + 1}`}
                      onMove={(from, to) => set({ [kind]: move(view[kind], from, to) })}
                      onRemove={(index) => set({ [kind]: removeAt(view[kind], index) })}
                    />
                  </div>
                  <FieldOrder
                    path={`${path}.${kind}[${i}].fields`}
                    label="Fields"
                    entries={block.fields}
                    available={fieldNames}
                    onChange={(fields) => set({ [kind]: replaceAt(view[kind], i, { ...block, fields }) })}
                  />
                </div>
              ))}
            </div>
          ))}
        </div>
      );
    case "search":
      return (
        <div className="grid gap-3">
          <FieldOrder path={`${path}.fields`} label="Search in" entries={view.fields} available={fieldNames} onChange={(fields) => set({ fields })} />
          {tags("groupBy", "Group by", view.groupBy)}
          {view.filters.length ? <p className="text-muted-foreground text-xs">{view.filters.length} filter(s) — edit them in the JSON tab.</p> : null}
          <IssueMessages path={`${path}.filters`} />
        </div>
      );
    case "kanban":
      return (
        <div className="grid gap-3 sm:grid-cols-2">
          {pick("title", "Card title", view.title)}
          {pick("groupBy", "Columns by", view.groupBy, "No grouping")}
          <div className="sm:col-span-2">{tags("fields", "Fields on the card", view.fields)}</div>
        </div>
      );
    case "calendar":
      return (
        <div className="grid gap-3 sm:grid-cols-2">
          {pick("dateStart", "Start date", view.dateStart)}
          {pick("dateStop", "End date", view.dateStop, "None")}
          {pick("color", "Colour by", view.color, "None")}
          <SelectField path={`${path}.mode`} label="Default scale" value={view.mode} options={["day", "week", "month"]} onChange={(mode) => set({ mode })} />
        </div>
      );
    case "pivot":
      return (
        <div className="grid gap-3 sm:grid-cols-3">
          {tags("rows", "Rows", view.rows)}
          {tags("cols", "Columns", view.cols)}
          {tags("measures", "Measures", view.measures)}
        </div>
      );
    case "graph":
      return (
        <div className="grid gap-3 sm:grid-cols-3">
          <SelectField path={`${path}.chart`} label="Chart" value={view.chart} options={["bar", "line", "pie"]} onChange={(chart) => set({ chart })} />
          {pick("groupBy", "Group by", view.groupBy)}
          {tags("measures", "Measures", view.measures)}
        </div>
      );
    case "inherit":
      return (
        <div className="grid gap-3">
          <div className="grid gap-3 sm:grid-cols-3">
            <TextField path={`${path}.inheritId`} label="Core view (xml id)" value={view.inheritId} mono placeholder="base.view_partner_form" onChange={(inheritId) => set({ inheritId })} />
            <TextField path={`${path}.anchor`} label="Next to field" value={view.anchor} mono onChange={(anchor) => set({ anchor })} />
            <SelectField
              path={`${path}.position`}
              label="Position"
              value={view.position}
              options={["after", "before", "inside", "replace"]}
              onChange={(position) => set({ position })}
            />
          </div>
          <FieldOrder path={`${path}.fields`} label="Fields to add" entries={view.fields} available={fieldNames} onChange={(fields) => set({ fields })} />
        </div>
      );
  }
}

function ViewCard({
  index,
  view,
  fieldNames,
  onChange,
  onRemove,
}: {
  index: number;
  view: View;
  fieldNames: readonly string[];
  onChange: (view: View) => void;
  onRemove: () => void;
}) {
  const path = `views[${index}]`;
  const flagged = useFlagged(path);
  const label = viewTypes.find((t) => t.value === view.type)?.label ?? view.type;
  return (
    <li
      id={domIdFor(path)}
      tabIndex={-1}
      className={cn("grid gap-3 rounded-lg border p-3 outline-none", flagged && "border-destructive/50")}
      data-testid="view-card" data-view-type={view.type}>
      <div className="flex items-center justify-between gap-2">
        <Badge variant="secondary">{label}</Badge>
        <Button type="button" size="icon" variant="ghost" className="text-destructive size-7" onClick={onRemove} aria-label={`Remove ${label} view`}>
          <Trash2 />
        </Button>
      </div>
      <IssueMessages path={path} />
      <ViewEditor path={path} view={view} fieldNames={fieldNames} onChange={onChange} />
    </li>
  );
}

export function ViewsSection({ blueprint, onChange }: { blueprint: Blueprint; onChange: (blueprint: Blueprint) => void }) {
  const [addType, setAddType] = useState<Record<string, ViewType>>({});
  const setViews = (views: View[]) => onChange({ ...blueprint, views });
  const modelNames = new Set(blueprint.models.map((m) => m.name));
  const orphans = blueprint.views.map((view, index) => ({ view, index })).filter(({ view }) => !modelNames.has(view.model));

  if (blueprint.models.length === 0) return <EmptyHint>Add a model first; views show its records.</EmptyHint>;
  return (
    <div className="grid gap-6" data-testid="views-section">
      <IssueMessages path="views" />
      {blueprint.models.map((model, mi) => {
        const fieldNames = model.fields.map((f) => f.name);
        const views = blueprint.views.map((view, index) => ({ view, index })).filter(({ view }) => view.model === model.name);
        const type = addType[model.name] ?? viewTypes.find((t) => !views.some(({ view }) => view.type === t.value))?.value ?? "list";
        return (
          <section key={mi} className="grid gap-3" aria-label={`Views of ${model.name}`}>
            <div className="flex flex-wrap items-end justify-between gap-2">
              <div>
                <h3 className="text-sm font-semibold">{model.description || model.name}</h3>
                <p className="text-muted-foreground font-mono text-xs">{model.name}</p>
              </div>
              <div className="flex items-center gap-2">
                <select
                  aria-label={`View type to add to ${model.name}`}
                  className={cn(nativeSelectClass, "w-40")}
                  value={type}
                  onChange={(e) => setAddType({ ...addType, [model.name]: e.target.value as ViewType })}
                  data-testid="view-type"
                >
                  {viewTypes.map((t) => (
                    <option key={t.value} value={t.value}>
                      {t.label}
                    </option>
                  ))}
                </select>
                <Button type="button" size="sm" variant="outline" onClick={() => setViews([...blueprint.views, newView(type, model)])} data-testid="view-add">
                  <Plus /> Add view
                </Button>
              </div>
            </div>
            {views.length === 0 ? (
              <EmptyHint>No views: Odoo generates bare ones. Add a list and a form at least.</EmptyHint>
            ) : (
              <ol className="grid gap-3 xl:grid-cols-2">
                {views.map(({ view, index }) => (
                  <ViewCard
                    key={index}
                    index={index}
                    view={view}
                    fieldNames={fieldNames}
                    onChange={(next) => setViews(replaceAt(blueprint.views, index, next))}
                    onRemove={() => setViews(removeAt(blueprint.views, index))}
                  />
                ))}
              </ol>
            )}
          </section>
        );
      })}
      {orphans.length ? (
        <section className="grid gap-2">
          <h3 className="text-sm font-semibold">Views of unknown models</h3>
          <ol className="grid gap-3">
            {orphans.map(({ view, index }) => (
              <ViewCard
                key={index}
                index={index}
                view={view}
                fieldNames={[]}
                onChange={(next) => setViews(replaceAt(blueprint.views, index, next))}
                onRemove={() => setViews(removeAt(blueprint.views, index))}
              />
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
