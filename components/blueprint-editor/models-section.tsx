"use client";

import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { Blueprint, Model, View } from "@/server/odoo/blueprint/schema";
import { cn } from "@/lib/utils";
import { EmptyHint, IssueMessages, RowActions, move, removeAt, replaceAt } from "./controls";
import { coreModels, newModel, newView, uniqueName } from "./factories";
import { useIssuesContext } from "./issues";
import { ModelEditor } from "./model-editor";

/** Every place a blueprint names a model, renamed together so a rename keeps the blueprint coherent. */
export function renameModel(blueprint: Blueprint, from: string, to: string): Blueprint {
  if (!from || from === to) return blueprint;
  const swap = (name: string) => (name === from ? to : name);
  return {
    ...blueprint,
    models: blueprint.models.map((model) => ({
      ...model,
      fields: model.fields.map((field) => ("comodel" in field ? { ...field, comodel: swap(field.comodel) } : field)),
    })),
    views: blueprint.views.map((view) => ({ ...view, model: swap(view.model) })),
    menus: blueprint.menus.map((menu) => (menu.model ? { ...menu, model: swap(menu.model) } : menu)),
    security: {
      ...blueprint.security,
      acls: blueprint.security.acls.map((acl) => ({ ...acl, model: swap(acl.model) })),
      rules: blueprint.security.rules.map((rule) => ({ ...rule, model: swap(rule.model) })),
    },
    demo: blueprint.demo.map((record) => ({ ...record, model: swap(record.model) })),
    crons: blueprint.crons.map((cron) => ({ ...cron, model: swap(cron.model) })),
    mailTemplates: blueprint.mailTemplates.map((template) => ({ ...template, model: swap(template.model) })),
  };
}

/** Renames a field of `model` wherever views and the model itself name it. */
export function renameField(blueprint: Blueprint, model: string, from: string, to: string): Blueprint {
  if (!from || from === to) return blueprint;
  const swap = (name: string) => (name === from ? to : name);
  const swapOpt = (name: string | undefined) => (name === undefined ? undefined : swap(name));
  const swapEntries = <T extends string | { name: string }>(entries: readonly T[]): T[] =>
    entries.map((entry) => (typeof entry === "string" ? swap(entry) : { ...(entry as { name: string }), name: swap((entry as { name: string }).name) }) as T);
  const views = blueprint.views.map((view): View => {
    if (view.model !== model) return view;
    switch (view.type) {
      case "list":
        return { ...view, fields: swapEntries(view.fields) };
      case "form":
        return {
          ...view,
          title: swapOpt(view.title),
          groups: view.groups.map((g) => ({ ...g, fields: swapEntries(g.fields) })),
          pages: view.pages.map((p) => ({ ...p, fields: swapEntries(p.fields) })),
        };
      case "search":
        return { ...view, fields: swapEntries(view.fields), groupBy: view.groupBy.map(swap) };
      case "kanban":
        return { ...view, title: swap(view.title), groupBy: swapOpt(view.groupBy), fields: view.fields.map(swap) };
      case "calendar":
        return { ...view, dateStart: swap(view.dateStart), dateStop: swapOpt(view.dateStop), color: swapOpt(view.color) };
      case "pivot":
        return { ...view, rows: view.rows.map(swap), cols: view.cols.map(swap), measures: view.measures.map(swap) };
      case "graph":
        return { ...view, groupBy: swap(view.groupBy), measures: view.measures.map(swap) };
      case "inherit":
        return { ...view, fields: swapEntries(view.fields) };
    }
  });
  const models = blueprint.models.map((m) => ({
    ...m,
    ...(m.name === model
      ? {
          recName: swapOpt(m.recName),
          sqlConstraints: m.sqlConstraints.map((c) =>
            c.kind === "unique"
              ? { ...c, fields: c.fields.map(swap) }
              : { ...c, field: swap(c.field), value: typeof c.value === "string" ? swap(c.value) : c.value },
          ),
          constraints: m.constraints.map((c) =>
            c.kind === "lte"
              ? { ...c, field: swap(c.field), other: swap(c.other) }
              : c.kind === "required_if"
                ? { ...c, field: swap(c.field), when: { ...c.when, field: swap(c.when.field) } }
                : c.kind === "custom"
                  ? { ...c, fields: c.fields.map(swap) }
                  : { ...c, field: swap(c.field) },
          ),
          onchanges: m.onchanges.map((o) => ({ ...o, fields: o.fields.map(swap) })),
        }
      : {}),
    // one2many fields elsewhere whose inverse is this (many2one) field.
    fields: m.fields.map((f) => (f.type === "one2many" && f.comodel === model ? { ...f, inverse: swap(f.inverse) } : f)),
  }));
  const demo = blueprint.demo.map((record) =>
    record.model === model && from in record.values
      ? { ...record, values: Object.fromEntries(Object.entries(record.values).map(([key, value]) => [swap(key), value])) }
      : record,
  );
  return { ...blueprint, views, models, demo };
}

/** The one field renamed between two versions of a field list, if that is all that changed. */
function renamedField(before: Model["fields"], after: Model["fields"]): { index: number; from: string; to: string } | null {
  if (before.length !== after.length) return null;
  const changed = before.flatMap((field, index) => (field.name !== after[index]!.name ? [{ index, from: field.name, to: after[index]!.name }] : []));
  return changed.length === 1 ? changed[0]! : null;
}

/** Removing a model takes its views, access rights and rules along; menus opening it become folders. */
function removeModel(blueprint: Blueprint, index: number): Blueprint {
  const name = blueprint.models[index]?.name;
  return {
    ...blueprint,
    models: removeAt(blueprint.models, index),
    views: blueprint.views.filter((view) => view.model !== name),
    menus: blueprint.menus.map((menu) => (menu.model === name ? { ...menu, model: undefined } : menu)),
    security: {
      ...blueprint.security,
      acls: blueprint.security.acls.filter((acl) => acl.model !== name),
      rules: blueprint.security.rules.filter((rule) => rule.model !== name),
    },
  };
}

export function relationTargets(blueprint: Blueprint): string[] {
  const own = blueprint.models.map((m) => m.name).filter(Boolean);
  return [...own, ...coreModels.filter((name) => !own.includes(name))];
}

export function ModelsSection({
  blueprint,
  onChange,
  selected,
  onSelect,
}: {
  blueprint: Blueprint;
  onChange: (blueprint: Blueprint) => void;
  selected: number;
  onSelect: (index: number) => void;
}) {
  const { flagged } = useIssuesContext();
  const models = blueprint.models;
  const current = Math.min(selected, models.length - 1);
  const model = models[current];
  const targets = relationTargets(blueprint);

  /**
   * A new model comes with what makes it reachable in Odoo: full access rights (for the module's
   * groups, or everyone when it has none), a list and a form view, and a menu entry. All of them
   * follow the model when it is renamed, and each can be changed or removed.
   */
  const add = () => {
    const created = newModel(blueprint);
    const full = { read: true, write: true, create: true, unlink: true };
    const groups = blueprint.security.groups;
    const acls = groups.length ? groups.map((g) => ({ model: created.name, group: g.id, ...full })) : [{ model: created.name, ...full }];
    onChange({
      ...blueprint,
      models: [...models, created],
      views: [...blueprint.views, newView("list", created), newView("form", created)],
      menus: [
        ...blueprint.menus,
        {
          id: uniqueName("menu_records", blueprint.menus.map((m) => m.id)),
          name: "Records",
          model: created.name,
          configuration: false,
          sequence: Math.max(0, ...blueprint.menus.map((m) => m.sequence)) + 10,
          groups: [],
        },
      ],
      security: { ...blueprint.security, acls: [...blueprint.security.acls, ...acls] },
    });
    onSelect(models.length);
  };
  const update = (index: number, next: Model) => {
    const previous = models[index]!;
    const withModel = { ...blueprint, models: replaceAt(models, index, next) };
    // While typing, a name may pass through another model's name: references shared with that
    // model cannot be told apart, so they are left alone rather than merged.
    const clash = models.some((m, i) => i !== index && (m.name === previous.name || m.name === next.name));
    let result = clash ? withModel : renameModel(withModel, previous.name, next.name);
    const field = previous.name === next.name ? renamedField(previous.fields, next.fields) : null;
    // Same caution for fields: a name passing through a sibling's name renames nothing else.
    if (field && !previous.fields.some((f, i) => i !== field.index && (f.name === field.from || f.name === field.to))) {
      result = renameField(result, next.name, field.from, field.to);
    }
    onChange(result);
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[16rem_minmax(0,1fr)]" data-testid="models-section">
      <div className="grid content-start gap-2">
        <div className="flex items-center justify-between">
          <h3 className="text-sm font-semibold">Models</h3>
          <Button type="button" size="sm" variant="outline" onClick={add} data-testid="model-add">
            <Plus /> Add model
          </Button>
        </div>
        <IssueMessages path="models" />
        {models.length === 0 ? (
          <EmptyHint>No models yet. A module usually has at least one.</EmptyHint>
        ) : (
          <ol className="grid gap-1" aria-label="Models" data-testid="model-list">
            {models.map((m, i) => (
              <li key={i} className={cn("flex items-center gap-1 rounded-md border pl-1", i === current ? "border-primary bg-accent" : "border-transparent")}>
                <button
                  type="button"
                  onClick={() => onSelect(i)}
                  aria-current={i === current ? "true" : undefined}
                  className="focus-visible:ring-ring/50 min-w-0 flex-1 rounded px-2 py-1.5 text-left outline-none focus-visible:ring-2"
                  data-testid="model-select"
                >
                  <span className="flex items-center gap-1.5">
                    {flagged.has(`models[${i}]`) ? <span className="bg-destructive size-1.5 shrink-0 rounded-full" aria-label="has problems" /> : null}
                    <span className="truncate text-sm font-medium">{m.description || "Untitled"}</span>
                  </span>
                  <span className="text-muted-foreground block truncate font-mono text-xs">{m.name || "—"}</span>
                </button>
                <RowActions
                  index={i}
                  count={models.length}
                  label={`model ${m.name}`}
                  onMove={(from, to) => {
                    onChange({ ...blueprint, models: move(models, from, to) });
                    if (from === current) onSelect(to);
                  }}
                  onRemove={(index) => {
                    onChange(removeModel(blueprint, index));
                    onSelect(Math.max(0, index - 1));
                  }}
                  testIdPrefix="model"
                />
              </li>
            ))}
          </ol>
        )}
      </div>
      <div className="min-w-0">
        {model ? (
          <ModelEditor
            key={current}
            path={`models[${current}]`}
            model={model}
            models={models}
            targets={targets}
            onChange={(next) => update(current, next)}
          />
        ) : null}
      </div>
    </div>
  );
}
