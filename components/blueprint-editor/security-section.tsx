"use client";

import { Plus } from "lucide-react";
import { Checkbox } from "@/components/ui/checkbox";
import { Button } from "@/components/ui/button";
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import { cn } from "@/lib/utils";
import {
  CheckField,
  EmptyHint,
  IssueMessages,
  RowActions,
  SelectField,
  SubSection,
  TagsField,
  TextField,
  move,
  nativeSelectClass,
  removeAt,
  replaceAt,
} from "./controls";
import { uniqueName } from "./factories";

type Security = Blueprint["security"];
type Acl = Security["acls"][number];
const rights = ["read", "write", "create", "unlink"] as const;
const rightLabels: Record<(typeof rights)[number], string> = { read: "Read", write: "Write", create: "Create", unlink: "Delete" };
const EVERYONE = "";
const coreGroups = [
  { value: "base.group_user", label: "Internal users (base.group_user)" },
  { value: "base.group_system", label: "Settings admins (base.group_system)" },
  { value: "base.group_portal", label: "Portal users (base.group_portal)" },
];

/** One model's access rights as a group × right grid; an all-unticked row removes its ACL. */
function AclMatrix({
  model,
  security,
  onChange,
}: {
  model: string;
  security: Security;
  onChange: (acls: Acl[]) => void;
}) {
  const acls = security.acls;
  const rowsFromAcls = acls.filter((acl) => acl.model === model).map((acl) => acl.group ?? EVERYONE);
  const rows = [...new Set([...security.groups.map((g) => g.id), ...rowsFromAcls])];
  const indexOf = (group: string) => acls.findIndex((acl) => acl.model === model && (acl.group ?? EVERYONE) === group);
  const toggle = (group: string, right: (typeof rights)[number], on: boolean) => {
    const index = indexOf(group);
    if (index === -1) {
      const created: Acl = { model, read: false, write: false, create: false, unlink: false, [right]: on };
      if (group) created.group = group;
      onChange([...acls, created]);
      return;
    }
    const next = { ...acls[index]!, [right]: on };
    onChange(rights.some((r) => next[r]) ? replaceAt(acls, index, next) : removeAt(acls, index));
  };
  const groupName = (id: string) => (id === EVERYONE ? "Everyone" : (security.groups.find((g) => g.id === id)?.name ?? id));
  const extra = [{ value: EVERYONE, label: "Everyone (no group)" }, ...coreGroups].filter((g) => !rows.includes(g.value));

  return (
    <div className="grid gap-2" data-testid="acl-matrix" data-model={model}>
      <div className="overflow-x-auto rounded-md border">
        <table className="w-full text-sm">
          <thead className="bg-muted/50">
            <tr>
              <th scope="col" className="px-3 py-2 text-left font-medium">
                Group
              </th>
              {rights.map((right) => (
                <th key={right} scope="col" className="w-20 px-2 py-2 text-center font-medium">
                  {rightLabels[right]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="text-muted-foreground px-3 py-3 text-center">
                  No access yet: nobody but the superuser can open these records.
                </td>
              </tr>
            ) : null}
            {rows.map((group) => {
              const index = indexOf(group);
              const acl = index === -1 ? undefined : acls[index];
              return (
                <tr key={group || "everyone"} className="border-t">
                  <th scope="row" className="px-3 py-1.5 text-left font-normal">
                    <span>{groupName(group)}</span>
                    {group && group !== groupName(group) ? <span className="text-muted-foreground ml-2 font-mono text-xs">{group}</span> : null}
                    {index !== -1 ? <IssueMessages path={`security.acls[${index}]`} /> : null}
                  </th>
                  {rights.map((right) => (
                    <td key={right} className="px-2 py-1.5 text-center">
                      <Checkbox
                        checked={Boolean(acl?.[right])}
                        onCheckedChange={(on) => toggle(group, right, on === true)}
                        aria-label={`${rightLabels[right]} ${model} for ${groupName(group)}`}
                        data-testid={`acl-${right}`}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {extra.length ? (
        <select
          aria-label={`Add a group to the access rights of ${model}`}
          className={cn(nativeSelectClass, "w-64")}
          value=""
          onChange={(e) => {
            const group = e.target.value === "__everyone" ? EVERYONE : e.target.value;
            if (!e.target.value) return;
            toggle(group, "read", true);
          }}
        >
          <option value="">+ Give another group access…</option>
          {extra.map((g) => (
            <option key={g.value || "everyone"} value={g.value || "__everyone"}>
              {g.label}
            </option>
          ))}
        </select>
      ) : null}
    </div>
  );
}

export function SecuritySection({ blueprint, onChange }: { blueprint: Blueprint; onChange: (blueprint: Blueprint) => void }) {
  const security = blueprint.security;
  const set = (patch: Partial<Security>) => onChange({ ...blueprint, security: { ...security, ...patch } });
  const groupIds = security.groups.map((g) => g.id);
  const modelNames = blueprint.models.map((m) => m.name);

  return (
    <div className="grid gap-8" data-testid="security-section">
      <SubSection
        title="Groups"
        description="Roles users can be given; a group can imply another (a manager is also a user)."
        action={
          <Button
            type="button"
            size="sm"
            variant="outline"
            data-testid="group-add"
            onClick={() =>
              set({
                groups: [
                  ...security.groups,
                  { id: uniqueName(security.groups.length ? "group_manager" : "group_user", groupIds), name: security.groups.length ? "Manager" : "User", implied: security.groups.length ? [security.groups[0]!.id] : ["base.group_user"], addAdmin: true },
                ],
              })
            }
          >
            <Plus /> Add group
          </Button>
        }
      >
        <IssueMessages path="security.groups" />
        {security.groups.length === 0 ? (
          <EmptyHint>No groups: access rights apply to everyone or to core groups.</EmptyHint>
        ) : (
          <ol className="grid gap-2">
            {security.groups.map((group, i) => {
              const path = `security.groups[${i}]`;
              const update = (patch: Partial<typeof group>) => {
                const next = { ...group, ...patch };
                let acls = security.acls;
                let groups = replaceAt(security.groups, i, next);
                // A renamed id keeps its access rights and implications.
                if (patch.id !== undefined && patch.id !== group.id) {
                  acls = acls.map((acl) => (acl.group === group.id ? { ...acl, group: patch.id } : acl));
                  groups = groups.map((g) => ({ ...g, implied: g.implied.map((id) => (id === group.id ? patch.id! : id)) }));
                }
                set({ groups, acls });
              };
              return (
                <li key={i} className="grid items-start gap-2 rounded-lg border p-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.4fr)_auto_auto]" data-testid="group-row">
                  <TextField path={`${path}.name`} label="Name" value={group.name} onChange={(name) => update({ name })} />
                  <TextField path={`${path}.id`} label="Id" value={group.id} mono onChange={(id) => update({ id })} />
                  <TagsField
                    path={`${path}.implied`}
                    label="Implies"
                    values={group.implied}
                    suggestions={[...groupIds.filter((id) => id !== group.id), ...coreGroups.map((g) => g.value)]}
                    onChange={(implied) => update({ implied })}
                  />
                  <div className="sm:mt-6">
                    <CheckField path={`${path}.addAdmin`} label="Admin is member" checked={group.addAdmin} onChange={(addAdmin) => update({ addAdmin })} />
                  </div>
                  <div className="sm:mt-4">
                    <RowActions
                      index={i}
                      count={security.groups.length}
                      label={`group ${group.name}`}
                      onMove={(from, to) => set({ groups: move(security.groups, from, to) })}
                      onRemove={(index) =>
                        set({ groups: removeAt(security.groups, index), acls: security.acls.filter((acl) => acl.group !== group.id) })
                      }
                    />
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </SubSection>

      <SubSection title="Access rights" description="What each group may do with each model’s records.">
        <IssueMessages path="security.acls" />
        {blueprint.models.length === 0 ? <EmptyHint>Add a model first.</EmptyHint> : null}
        {blueprint.models.map((model, mi) => (
          <div key={mi} className="grid gap-1.5">
            <h5 className="text-sm font-medium">
              {model.description || model.name} <span className="text-muted-foreground font-mono text-xs">{model.name}</span>
            </h5>
            <AclMatrix model={model.name} security={security} onChange={(acls) => set({ acls })} />
          </div>
        ))}
      </SubSection>

      <SubSection
        title="Record rules"
        description="Limit which records a group sees: only their own, or only their companies’."
        action={
          <Button
            type="button"
            size="sm"
            variant="outline"
            disabled={modelNames.length === 0}
            onClick={() =>
              set({
                rules: [
                  ...security.rules,
                  {
                    id: uniqueName("rule_own", security.rules.map((r) => r.id)),
                    name: "Users see their own records",
                    model: modelNames[0]!,
                    kind: "own",
                    groups: groupIds.slice(0, 1),
                  },
                ],
              })
            }
          >
            <Plus /> Add rule
          </Button>
        }
      >
        <IssueMessages path="security.rules" />
        {security.rules.length === 0 ? null : (
          <ol className="grid gap-2">
            {security.rules.map((rule, i) => {
              const path = `security.rules[${i}]`;
              const update = (patch: Partial<typeof rule>) => set({ rules: replaceAt(security.rules, i, { ...rule, ...patch }) });
              return (
                <li key={i} className="grid items-start gap-2 rounded-lg border p-3 sm:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_auto]">
                  <TextField path={`${path}.name`} label="Name" value={rule.name} onChange={(name) => update({ name })} />
                  <TextField path={`${path}.id`} label="Id" value={rule.id} mono onChange={(id) => update({ id })} />
                  <SelectField path={`${path}.model`} label="Model" value={rule.model} options={modelNames} onChange={(model) => update({ model })} />
                  <SelectField
                    path={`${path}.kind`}
                    label="Sees"
                    value={rule.kind}
                    options={[
                      { value: "own", label: "Own records" },
                      { value: "company", label: "Their companies" },
                    ]}
                    onChange={(kind) => update({ kind: kind as typeof rule.kind })}
                  />
                  <TagsField path={`${path}.groups`} label="For groups" values={rule.groups} suggestions={groupIds} onChange={(groups) => update({ groups })} />
                  <div className="sm:mt-4">
                    <RowActions
                      index={i}
                      count={security.rules.length}
                      label={`rule ${rule.name}`}
                      onMove={(from, to) => set({ rules: move(security.rules, from, to) })}
                      onRemove={(index) => set({ rules: removeAt(security.rules, index) })}
                    />
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </SubSection>
    </div>
  );
}
