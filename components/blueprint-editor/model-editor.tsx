"use client";

import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { mixins, type Model, type Workflow } from "@/server/odoo/blueprint/schema";
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
  removeAt,
  replaceAt,
} from "./controls";
import { newField } from "./factories";
import { FieldEditor } from "./field-editor";
import { ModelLogicEditor } from "./logic-editor";
import { domIdFor } from "./paths";

type ModelPatch = Partial<Model>;

export function ModelEditor({
  path,
  model,
  models,
  targets,
  onChange,
}: {
  path: string;
  model: Model;
  models: readonly Model[];
  targets: readonly string[];
  onChange: (model: Model) => void;
}) {
  const set = (patch: ModelPatch) => {
    const next = { ...model, ...patch } as Record<string, unknown>;
    for (const key of Object.keys(patch)) if (patch[key as keyof Model] === undefined) delete next[key];
    onChange(next as Model);
  };
  const fieldNames = model.fields.map((f) => f.name);
  const isNew = model.kind === "new";

  return (
    <div className="grid gap-6 outline-none" id={domIdFor(path)} tabIndex={-1} data-testid="model-editor">
      <IssueMessages path={path} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          path={`${path}.name`}
          label="Technical name"
          value={model.name}
          onChange={(name) => set({ name })}
          mono
          placeholder="fleet.maintenance.log"
          hint="Dotted lower-case words. Renaming updates views, menus and access rights."
          testId="model-name"
        />
        <TextField
          path={`${path}.description`}
          label="Description"
          value={model.description}
          onChange={(description) => set({ description })}
          placeholder="Maintenance Log"
          testId="model-description"
        />
        <SelectField
          path={`${path}.kind`}
          label="Kind"
          value={model.kind}
          options={[
            { value: "new", label: "New model" },
            { value: "extend", label: "Extend an existing model (_inherit)" },
          ]}
          onChange={(kind) => set({ kind: kind as Model["kind"] })}
          testId="model-kind"
        />
        <div className="grid grid-cols-2 gap-3">
          <TextField
            path={`${path}.order`}
            label="Default order"
            value={model.order}
            onChange={(order) => set({ order: order || undefined })}
            mono
            placeholder="date desc, id"
          />
          <SelectField
            path={`${path}.recName`}
            label="Record name field"
            value={model.recName}
            options={fieldNames}
            allowEmpty="Default (name)"
            onChange={(recName) => set({ recName: recName || undefined })}
          />
        </div>
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {mixins.map((mixin) => (
          <CheckField
            key={mixin}
            path={`${path}.mixins.${mixin}`}
            label={mixin === "mail.thread" ? "Chatter (mail.thread)" : "Activities (mail.activity.mixin)"}
            checked={model.mixins.includes(mixin)}
            onChange={(on) => set({ mixins: on ? [...model.mixins, mixin] : model.mixins.filter((m) => m !== mixin) })}
          />
        ))}
        <CheckField
          path={`${path}.companyAware`}
          label="Multi-company"
          checked={model.companyAware}
          onChange={(companyAware) => set({ companyAware })}
          disabled={!isNew}
        />
        <CheckField path={`${path}.currency`} label="Currency" checked={model.currency} onChange={(currency) => set({ currency })} />
      </div>
      <IssueMessages path={`${path}.mixins`} />

      <SubSection
        title={`Fields (${model.fields.length})`}
        description="Open a field for its help, flags, type settings and formula."
        action={
          <Button type="button" size="sm" variant="outline" onClick={() => set({ fields: [...model.fields, newField(model)] })} data-testid="field-add">
            <Plus /> Add field
          </Button>
        }
      >
        <IssueMessages path={`${path}.fields`} />
        {model.fields.length === 0 ? (
          <EmptyHint>No fields yet. Add the first one.</EmptyHint>
        ) : (
          <ol className="grid gap-2" data-testid="field-list">
            {model.fields.map((field, i) => (
              <FieldEditor
                key={i}
                path={`${path}.fields[${i}]`}
                field={field}
                index={i}
                count={model.fields.length}
                model={model}
                models={models}
                targets={targets}
                onChange={(next) => set({ fields: replaceAt(model.fields, i, next) })}
                onMove={(from, to) => set({ fields: move(model.fields, from, to) })}
                onRemove={(index) => set({ fields: removeAt(model.fields, index) })}
              />
            ))}
          </ol>
        )}
      </SubSection>

      {isNew ? (
        <>
          <WorkflowEditor path={`${path}.workflow`} workflow={model.workflow} onChange={(workflow) => set({ workflow })} />
          <SequenceEditor path={`${path}.sequence`} sequence={model.sequence} onChange={(sequence) => set({ sequence })} />
        </>
      ) : null}
      <ModelLogicEditor path={path} model={model} onChange={set} />
    </div>
  );
}

function WorkflowEditor({
  path,
  workflow,
  onChange,
}: {
  path: string;
  workflow: Workflow | undefined;
  onChange: (workflow: Workflow | undefined) => void;
}) {
  if (!workflow) {
    return (
      <SubSection
        title="Workflow"
        description="States in a status bar, with buttons to move between them."
        action={
          <Button
            type="button"
            size="sm"
            variant="outline"
            data-testid="workflow-add"
            onClick={() =>
              onChange({
                field: "state",
                states: [
                  { value: "draft", label: "Draft" },
                  { value: "done", label: "Done" },
                ],
                transitions: [{ name: "done", label: "Mark as done", from: ["draft"], to: "done", primary: true, groups: [] }],
              })
            }
          >
            <Plus /> Add workflow
          </Button>
        }
      >
        <IssueMessages path={path} />
      </SubSection>
    );
  }
  const stateValues = workflow.states.map((s) => s.value);
  const set = (patch: Partial<Workflow>) => onChange({ ...workflow, ...patch });
  return (
    <SubSection
      title="Workflow"
      description="States in a status bar, with buttons to move between them."
      action={
        <Button type="button" size="sm" variant="ghost" className="text-destructive" onClick={() => onChange(undefined)} data-testid="workflow-remove">
          Remove workflow
        </Button>
      }
    >
      <IssueMessages path={path} />
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField path={`${path}.field`} label="State field" value={workflow.field} onChange={(field) => set({ field })} mono />
      </div>
      <div className="grid gap-2">
        <div className="flex items-center justify-between">
          <h5 className="text-xs font-medium">States</h5>
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={() => set({ states: [...workflow.states, { value: `state_${workflow.states.length + 1}`, label: `State ${workflow.states.length + 1}` }] })}
          >
            <Plus /> Add state
          </Button>
        </div>
        <IssueMessages path={`${path}.states`} />
        <ol className="grid gap-2">
          {workflow.states.map((state, i) => (
            <li key={i} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-start gap-2">
              <TextField path={`${path}.states[${i}].value`} label="Key" value={state.value} mono onChange={(value) => set({ states: replaceAt(workflow.states, i, { ...state, value }) })} />
              <TextField path={`${path}.states[${i}].label`} label="Label" value={state.label} onChange={(label) => set({ states: replaceAt(workflow.states, i, { ...state, label }) })} />
              <div className="mt-5">
                <RowActions
                  index={i}
                  count={workflow.states.length}
                  label={`state ${state.value}`}
                  onMove={(from, to) => set({ states: move(workflow.states, from, to) })}
                  onRemove={(index) => set({ states: removeAt(workflow.states, index) })}
                />
              </div>
            </li>
          ))}
        </ol>
      </div>
      <div className="grid gap-2">
        <div className="flex items-center justify-between">
          <h5 className="text-xs font-medium">Transitions (header buttons)</h5>
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={() =>
              set({
                transitions: [
                  ...workflow.transitions,
                  { name: `action_${workflow.transitions.length + 1}`, label: "New action", from: stateValues.slice(0, 1), to: stateValues.at(-1) ?? "", primary: false, groups: [] },
                ],
              })
            }
          >
            <Plus /> Add transition
          </Button>
        </div>
        <IssueMessages path={`${path}.transitions`} />
        <ol className="grid gap-2">
          {workflow.transitions.map((transition, i) => {
            const at = `${path}.transitions[${i}]`;
            const update = (patch: Partial<typeof transition>) => set({ transitions: replaceAt(workflow.transitions, i, { ...transition, ...patch }) });
            return (
              <li key={i} className="grid items-start gap-2 rounded-md border p-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.3fr)_minmax(0,1fr)_auto_auto]">
                <TextField path={`${at}.name`} label="Name" value={transition.name} mono onChange={(name) => update({ name })} />
                <TextField path={`${at}.label`} label="Button label" value={transition.label} onChange={(label) => update({ label })} />
                <TagsField path={`${at}.from`} label="From states" values={transition.from} suggestions={stateValues} onChange={(from) => update({ from })} />
                <SelectField path={`${at}.to`} label="To state" value={transition.to} options={stateValues} onChange={(to) => update({ to })} />
                <div className="sm:mt-6">
                  <CheckField path={`${at}.primary`} label="Primary" checked={transition.primary} onChange={(primary) => update({ primary })} />
                </div>
                <div className="sm:mt-4">
                  <RowActions
                    index={i}
                    count={workflow.transitions.length}
                    label={`transition ${transition.name}`}
                    onMove={(from, to) => set({ transitions: move(workflow.transitions, from, to) })}
                    onRemove={(index) => set({ transitions: removeAt(workflow.transitions, index) })}
                  />
                </div>
                {transition.body === undefined ? (
                  <div className="sm:col-span-full">
                    <Button type="button" size="sm" variant="ghost" onClick={() => update({ body: "" })} data-testid="transition-body-add">
                      <Plus /> Python to run on this button
                    </Button>
                  </div>
                ) : (
                  <TextField
                    path={`${at}.body`}
                    label="Also do, for each record before its status changes (Python on rec)"
                    value={transition.body}
                    onChange={(body) => update({ body })}
                    multiline
                    mono
                    className="sm:col-span-full"
                    placeholder="rec.done_date = fields.Date.context_today(rec)"
                    testId="transition-body"
                  />
                )}
              </li>
            );
          })}
        </ol>
      </div>
    </SubSection>
  );
}

function SequenceEditor({
  path,
  sequence,
  onChange,
}: {
  path: string;
  sequence: Model["sequence"];
  onChange: (sequence: Model["sequence"]) => void;
}) {
  return (
    <SubSection
      title="Numbering"
      description="Give each new record a reference like MNT/2025/0001."
      action={
        sequence ? (
          <Button type="button" size="sm" variant="ghost" className="text-destructive" onClick={() => onChange(undefined)}>
            Remove numbering
          </Button>
        ) : (
          <Button type="button" size="sm" variant="outline" onClick={() => onChange({ field: "name", prefix: "REF/%(year)s/", padding: 4 })}>
            <Plus /> Add numbering
          </Button>
        )
      }
    >
      <IssueMessages path={path} />
      {sequence ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField path={`${path}.field`} label="Field" value={sequence.field} mono onChange={(field) => onChange({ ...sequence, field })} />
          <TextField path={`${path}.prefix`} label="Prefix" value={sequence.prefix} mono onChange={(prefix) => onChange({ ...sequence, prefix })} />
          <TextField
            path={`${path}.padding`}
            label="Digits"
            type="number"
            value={sequence.padding}
            onChange={(padding) => onChange({ ...sequence, padding: Number(padding) || 4 })}
          />
        </div>
      ) : null}
    </SubSection>
  );
}
