"use client";

import { FolderOpen, Plus, SquareArrowOutUpRight, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import { cn } from "@/lib/utils";
import { domIdFor } from "./paths";
import { CheckField, EmptyHint, IssueMessages, SelectField, TextField, removeAt, replaceAt } from "./controls";
import { uniqueName } from "./factories";
import { useFlagged } from "./issues";

type Menu = Blueprint["menus"][number];

/** Menus in tree order (parents first, siblings by sequence), with their depth and original index. */
export function menuTree(menus: readonly Menu[]): Array<{ menu: Menu; index: number; depth: number }> {
  const ids = new Set(menus.map((m) => m.id));
  const children = new Map<string | undefined, Array<{ menu: Menu; index: number }>>();
  menus.forEach((menu, index) => {
    // An unknown parent (a typo, or one being typed) keeps the menu visible at the top level.
    const parent = menu.parent && ids.has(menu.parent) && menu.parent !== menu.id ? menu.parent : undefined;
    children.set(parent, [...(children.get(parent) ?? []), { menu, index }]);
  });
  const out: Array<{ menu: Menu; index: number; depth: number }> = [];
  const seen = new Set<number>();
  const walk = (parent: string | undefined, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.menu.sequence - b.menu.sequence || a.index - b.index);
    for (const item of list) {
      if (seen.has(item.index)) continue; // parent cycles
      seen.add(item.index);
      out.push({ ...item, depth });
      walk(item.menu.id, depth + 1);
    }
  };
  walk(undefined, 0);
  // Menus caught in a cycle never hang off the root: show them anyway.
  menus.forEach((menu, index) => {
    if (!seen.has(index)) out.push({ menu, index, depth: 0 });
  });
  return out;
}

function MenuRow({
  menu,
  index,
  depth,
  menus,
  modelNames,
  onChange,
  onRemove,
}: {
  menu: Menu;
  index: number;
  depth: number;
  menus: readonly Menu[];
  modelNames: readonly string[];
  onChange: (menu: Menu) => void;
  onRemove: () => void;
}) {
  const path = `menus[${index}]`;
  const flagged = useFlagged(path);
  const set = (patch: Partial<Menu>) => {
    const next = { ...menu, ...patch } as Record<string, unknown>;
    for (const key of Object.keys(patch)) if (patch[key as keyof Menu] === undefined) delete next[key];
    onChange(next as Menu);
  };
  return (
    <li
      id={domIdFor(path)}
      tabIndex={-1}
      className={cn("grid gap-2 rounded-lg border p-3 outline-none", flagged && "border-destructive/50")}
      style={{ marginLeft: `${Math.min(depth, 4) * 1.5}rem` }}
      data-testid="menu-row"
    >
      <div className="flex items-center gap-2 text-sm font-medium">
        {menu.model ? <SquareArrowOutUpRight className="text-muted-foreground size-4" aria-hidden="true" /> : <FolderOpen className="text-muted-foreground size-4" aria-hidden="true" />}
        <span className="truncate">{menu.name || "Untitled menu"}</span>
        <span className="text-muted-foreground text-xs">{menu.model ? `opens ${menu.model}` : "folder"}</span>
        <span className="flex-1" />
        <Button
          type="button"
          size="icon"
          variant="ghost"
          className="text-destructive hover:text-destructive size-7"
          onClick={onRemove}
          aria-label={`Remove menu ${menu.name}`}
          data-testid="menu-remove"
        >
          <Trash2 />
        </Button>
      </div>
      <IssueMessages path={path} />
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_6rem]">
        <TextField path={`${path}.name`} label="Label" value={menu.name} onChange={(name) => set({ name })} testId="menu-name" />
        <TextField path={`${path}.id`} label="Id" value={menu.id} mono onChange={(id) => set({ id })} />
        <SelectField
          path={`${path}.parent`}
          label="Parent"
          value={menu.parent}
          options={menus.filter((m) => m.id !== menu.id).map((m) => ({ value: m.id, label: m.name || m.id }))}
          allowEmpty="App root"
          onChange={(parent) => set({ parent: parent || undefined })}
        />
        <SelectField
          path={`${path}.model`}
          label="Opens"
          value={menu.model}
          options={modelNames}
          allowEmpty="Nothing (folder)"
          onChange={(model) => set({ model: model || undefined })}
          testId="menu-model"
        />
        <TextField
          path={`${path}.sequence`}
          label="Order"
          type="number"
          value={menu.sequence}
          onChange={(sequence) => set({ sequence: Number(sequence) || 0 })}
        />
      </div>
      <CheckField
        path={`${path}.configuration`}
        label="Under Configuration"
        checked={menu.configuration}
        onChange={(configuration) => set({ configuration })}
      />
    </li>
  );
}

export function MenusSection({ blueprint, onChange }: { blueprint: Blueprint; onChange: (blueprint: Blueprint) => void }) {
  const menus = blueprint.menus;
  const setMenus = (next: Menu[]) => onChange({ ...blueprint, menus: next });
  const modelNames = blueprint.models.map((m) => m.name);
  const add = () => {
    const model = blueprint.models.find((m) => !menus.some((menu) => menu.model === m.name));
    const base = model ? `menu_${model.name.split(".").at(-1)}` : "menu_folder";
    setMenus([
      ...menus,
      {
        id: uniqueName(base, menus.map((m) => m.id)),
        name: model?.description ?? "New menu",
        model: model?.name,
        configuration: false,
        sequence: (Math.max(0, ...menus.map((m) => m.sequence)) || 0) + 10,
        groups: [],
      },
    ]);
  };
  return (
    <div className="grid gap-3" data-testid="menus-section">
      <div className="flex items-center justify-between">
        <p className="text-muted-foreground text-sm">The app menu: folders group entries; an entry opens a model’s records.</p>
        <Button type="button" size="sm" variant="outline" onClick={add} data-testid="menu-add">
          <Plus /> Add menu
        </Button>
      </div>
      <IssueMessages path="menus" />
      {menus.length === 0 ? (
        <EmptyHint>No menus: users could not reach the module’s records. Add one per main model.</EmptyHint>
      ) : (
        <ol className="grid gap-2" data-testid="menu-tree">
          {menuTree(menus).map(({ menu, index, depth }) => (
            <MenuRow
              key={index}
              menu={menu}
              index={index}
              depth={depth}
              menus={menus}
              modelNames={modelNames}
              onChange={(next) => {
                // Renaming an id keeps children attached.
                const renamed = next.id !== menu.id ? menus.map((m) => (m.parent === menu.id ? { ...m, parent: next.id } : m)) : menus;
                setMenus(replaceAt(renamed, index, next));
              }}
              onRemove={() => setMenus(removeAt(menus, index).map((m) => (m.parent === menu.id ? { ...m, parent: menu.parent } : m)))}
            />
          ))}
        </ol>
      )}
    </div>
  );
}
