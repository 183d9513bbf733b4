"use client";

import { ChevronDown, ChevronRight, Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { Compute, Field, FieldType, Model } from "@/server/odoo/blueprint/schema";
import { cn } from "@/lib/utils";
import { domIdFor } from "./paths";
import {
  BpField,
  CheckField,
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
import { changeFieldType, computableTypes, fieldTypes } from "./factories";
import { useFlagged, useIssuesContext } from "./issues";

/** A loosely typed patch: the field is a discriminated union and the form edits one key at a time. */
type FieldPatch = Record<string, unknown>;

export interface FieldEditorProps {
  path: string;
  field: Field;
  index: number;
  count: number;
  model: Model;
  /** Models of the blueprint (for relation targets and inverse fields). */
  models: readonly Model[];
  /** Relation targets: the blueprint's models, then common core models. */
  targets: readonly string[];
  onChange: (field: Field) => void;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}

export function FieldEditor({ path, field, index, count, model, models, targets, onChange, onMove, onRemove }: FieldEditorProps) {
  const { isOpen, setOpen } = useIssuesContext();
  const open = isOpen(path);
  const flagged = useFlagged(path);
  const set = (patch: FieldPatch) => {
    const next: FieldPatch = { ...field, ...patch };
    // `undefined` means "not set": drop the key so the JSON stays tidy.
    for (const key of Object.keys(patch)) if (patch[key] === undefined) delete next[key];
    onChange(next as Field);
  };
  const label = field.name || `field ${index + 1}`;

  return (
    <li
      id={domIdFor(path)}
      tabIndex={-1}
      className={cn("bg-card rounded-lg border outline-none", flagged && "border-destructive/50")}
      data-testid="field-row"
      data-field-name={field.name}
    >
      <div className="grid gap-2 p-3 sm:grid-cols-[auto_minmax(0,1fr)_minmax(0,1fr)_minmax(0,11rem)_auto_auto] sm:items-start">
        <Button
          type="button"
          size="icon"
          variant="ghost"
          className="size-7 sm:mt-5"
          onClick={() => setOpen(path, !open)}
          aria-expanded={open}
          aria-label={open ? `Hide details of ${label}` : `Show details of ${label}`}
          data-testid="field-toggle"
        >
          {open ? <ChevronDown /> : <ChevronRight />}
        </Button>
        <TextField
          path={`${path}.name`}
          label="Technical name"
          value={field.name}
          onChange={(name) => set({ name })}
          mono
          placeholder="next_due_date"
          testId="field-name"
        />
        <TextField
          path={`${path}.string`}
          label="Label"
          value={field.string}
          onChange={(string) => set({ string })}
          placeholder="Next due date"
          testId="field-string"
        />
        <SelectField
          path={`${path}.type`}
          label="Type"
          value={field.type}
          options={fieldTypes}
          onChange={(type) => onChange(changeFieldType(field, type as FieldType, targets))}
          testId="field-type"
        />
        <div className="sm:mt-6">
          <CheckField path={`${path}.required`} label="Required" checked={field.required} onChange={(required) => set({ required })} testId="field-required" />
        </div>
        <div className="sm:mt-4">
          <RowActions index={index} count={count} onMove={onMove} onRemove={onRemove} label={`field ${label}`} testIdPrefix="field" />
        </div>
      </div>
      <div className="px-3 pb-1">
        <IssueMessages path={path} />
      </div>
      {open ? (
        <div className="grid gap-4 border-t p-3" data-testid="field-details">
          <TypeSpecific path={path} field={field} model={model} models={models} targets={targets} set={set} />
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField path={`${path}.help`} label="Help (tooltip)" value={field.help} onChange={(help) => set({ help: help || undefined })} />
            <TextField
              path={`${path}.related`}
              label="Related (optional)"
              value={field.related}
              onChange={(related) => set({ related: related || undefined })}
              mono
              placeholder="partner_id.email"
              hint="Read the value through a relation instead of storing it."
            />
          </div>
          <div className="flex flex-wrap gap-x-6 gap-y-2">
            <CheckField path={`${path}.readonly`} label="Read-only" checked={field.readonly} onChange={(readonly) => set({ readonly })} />
            <CheckField path={`${path}.index`} label="Indexed" checked={field.index} onChange={(index) => set({ index })} />
            <CheckField path={`${path}.tracking`} label="Tracked in chatter" checked={field.tracking} onChange={(tracking) => set({ tracking })} />
            <CheckField path={`${path}.store`} label="Stored" checked={field.store} onChange={(store) => set({ store: store || undefined })} />
          </div>
          {computableTypes.has(field.type) ? (
            <ComputeEditor
              path={`${path}.compute`}
              compute={"compute" in field ? field.compute : undefined}
              onChange={(compute) => set({ compute })}
              fieldNames={model.fields.map((f) => f.name).filter((n) => n !== field.name)}
            />
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function TypeSpecific({
  path,
  field,
  model,
  models,
  targets,
  set,
}: {
  path: string;
  field: Field;
  model: Model;
  models: readonly Model[];
  targets: readonly string[];
  set: (patch: FieldPatch) => void;
}) {
  switch (field.type) {
    case "char":
      return (
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField
            path={`${path}.size`}
            label="Max length"
            type="number"
            value={field.size}
            onChange={(size) => set({ size: size ? Number(size) : undefined })}
          />
          <div className="sm:mt-6">
            <CheckField path={`${path}.translate`} label="Translatable" checked={field.translate} onChange={(translate) => set({ translate })} />
          </div>
        </div>
      );
    case "text":
      return <CheckField path={`${path}.translate`} label="Translatable" checked={field.translate} onChange={(translate) => set({ translate })} />;
    case "html":
      return <CheckField path={`${path}.sanitize`} label="Sanitize HTML" checked={field.sanitize} onChange={(sanitize) => set({ sanitize })} />;
    case "float":
      return (
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField
            path={`${path}.digits`}
            label="Digits (total, decimals)"
            value={field.digits ? field.digits.join(", ") : ""}
            placeholder="16, 2"
            onChange={(text) => {
              const parts = text.split(/[\s,]+/).filter(Boolean).map(Number);
              set({ digits: parts.length === 2 && parts.every(Number.isFinite) ? parts : undefined });
            }}
          />
        </div>
      );
    case "monetary":
      return (
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField
            path={`${path}.currencyField`}
            label="Currency field"
            value={field.currencyField}
            onChange={(currencyField) => set({ currencyField })}
            mono
            hint={model.currency ? "The model adds currency_id." : "Tick “Currency” on the model to add currency_id."}
          />
        </div>
      );
    case "selection":
      return <OptionsEditor path={`${path}.options`} options={field.options} onChange={(options) => set({ options })} />;
    case "many2one":
    case "one2many":
    case "many2many": {
      const target = models.find((m) => m.name === field.comodel);
      // Inverse candidates: many2one fields of the target pointing back at this model.
      const inverseOptions = target?.fields.filter((f) => f.type === "many2one" && f.comodel === model.name).map((f) => f.name) ?? [];
      return (
        <div className="grid gap-3 sm:grid-cols-3">
          <SelectField
            path={`${path}.comodel`}
            label="Related model"
            value={field.comodel}
            options={targets}
            onChange={(comodel) => set({ comodel })}
            testId="field-comodel"
          />
          {field.type === "many2one" ? (
            <SelectField
              path={`${path}.ondelete`}
              label="When the target is deleted"
              value={field.ondelete}
              options={[
                { value: "set null", label: "Clear the link" },
                { value: "restrict", label: "Prevent deletion" },
                { value: "cascade", label: "Delete this record too" },
              ]}
              onChange={(ondelete) => set({ ondelete })}
            />
          ) : null}
          {field.type === "one2many" ? (
            target && target.kind === "new" ? (
              <SelectField
                path={`${path}.inverse`}
                label="Inverse field (on the related model)"
                value={field.inverse}
                options={inverseOptions}
                onChange={(inverse) => set({ inverse })}
                hint={inverseOptions.length ? undefined : `Add a many2one to ${model.name} on ${target.name} first.`}
                testId="field-inverse"
              />
            ) : (
              <TextField
                path={`${path}.inverse`}
                label="Inverse field (on the related model)"
                value={field.inverse}
                onChange={(inverse) => set({ inverse })}
                mono
                placeholder="parent_id"
                testId="field-inverse"
              />
            )
          ) : null}
          {field.type === "many2many" ? (
            <TextField
              path={`${path}.relation`}
              label="Relation table (optional)"
              value={field.relation}
              onChange={(relation) => set({ relation: relation || undefined })}
              mono
            />
          ) : null}
        </div>
      );
    }
    case "binary":
      return <CheckField path={`${path}.attachment`} label="Store as attachment" checked={field.attachment} onChange={(attachment) => set({ attachment })} />;
    case "image":
      return (
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField
            path={`${path}.maxSize`}
            label="Max size (px)"
            type="number"
            value={field.maxSize}
            onChange={(maxSize) => set({ maxSize: Number(maxSize) || 1024 })}
          />
        </div>
      );
    default:
      return null;
  }
}

function OptionsEditor({
  path,
  options,
  onChange,
}: {
  path: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange: (options: Array<{ value: string; label: string }>) => void;
}) {
  return (
    <SubSection
      title="Selection values"
      description="The key is stored; the label is shown."
      action={
        <Button
          type="button"
          size="sm"
          variant="outline"
          onClick={() => onChange([...options, { value: `option_${options.length + 1}`, label: `Option ${options.length + 1}` }])}
          data-testid="option-add"
        >
          <Plus /> Add value
        </Button>
      }
    >
      <IssueMessages path={path} />
      <ol className="grid gap-2">
        {options.map((option, i) => (
          <li key={i} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-start gap-2" data-testid="option-row">
            <TextField
              path={`${path}[${i}].value`}
              label="Key"
              value={option.value}
              onChange={(value) => onChange(replaceAt(options, i, { ...option, value }))}
              mono
              testId="option-value"
            />
            <TextField
              path={`${path}[${i}].label`}
              label="Label"
              value={option.label}
              onChange={(label) => onChange(replaceAt(options, i, { ...option, label }))}
              testId="option-label"
            />
            <div className="mt-5">
              <RowActions
                index={i}
                count={options.length}
                onMove={(from, to) => onChange(move(options, from, to))}
                onRemove={(index) => onChange(removeAt(options, index))}
                label={`value ${option.value}`}
              />
            </div>
          </li>
        ))}
      </ol>
    </SubSection>
  );
}

const computeKinds: ReadonlyArray<{ value: Compute["kind"] | ""; label: string }> = [
  { value: "", label: "Not computed" },
  { value: "sum", label: "Sum of a field over lines" },
  { value: "count", label: "Count of lines" },
  { value: "date_add", label: "Date + days" },
  { value: "date_diff", label: "Days between two dates" },
  { value: "concat", label: "Join text fields" },
  { value: "product", label: "Multiply fields" },
  { value: "percentage", label: "Percentage" },
  { value: "custom", label: "Custom Python" },
];

function emptyCompute(kind: Compute["kind"], names: readonly string[]): Compute {
  const a = names[0] ?? "";
  const b = names[1] ?? a;
  switch (kind) {
    case "sum":
      return { kind, source: a, field: b };
    case "count":
      return { kind, source: a };
    case "date_add":
      return { kind, from: a, days: 1 };
    case "date_diff":
      return { kind, start: a, end: b };
    case "concat":
      return { kind, fields: [a, b], separator: " " };
    case "product":
      return { kind, fields: [a, b] };
    case "percentage":
      return { kind, numerator: a, denominator: b };
    case "custom":
      return { kind, method: "_compute_value", depends: [] };
  }
}

function ComputeEditor({
  path,
  compute,
  onChange,
  fieldNames,
}: {
  path: string;
  compute: Compute | undefined;
  onChange: (compute: Compute | undefined) => void;
  fieldNames: readonly string[];
}) {
  const set = (patch: Record<string, unknown>) => onChange({ ...compute, ...patch } as Compute);
  const fieldSelect = (key: string, label: string, value: string | undefined) => (
    <SelectField path={`${path}.${key}`} label={label} value={value} options={fieldNames} onChange={(v) => set({ [key]: v })} />
  );
  return (
    <SubSection title="Computed value" description="The compiler writes the method; custom ones get a body you can edit.">
      <div className="grid gap-3 sm:grid-cols-3">
        <BpField path={`${path}.kind`} label="Formula">
          {(props) => (
            <select
              {...props}
              className={nativeSelectClass}
              value={compute?.kind ?? ""}
              onChange={(e) => onChange(e.target.value ? emptyCompute(e.target.value as Compute["kind"], fieldNames) : undefined)}
              data-testid="field-compute"
            >
              {computeKinds.map((kind) => (
                <option key={kind.value} value={kind.value}>
                  {kind.label}
                </option>
              ))}
            </select>
          )}
        </BpField>
        {compute?.kind === "sum" ? (
          <>
            {fieldSelect("source", "Lines field (one2many)", compute.source)}
            <TextField path={`${path}.field`} label="Field on the lines" value={compute.field} onChange={(v) => set({ field: v })} mono />
          </>
        ) : null}
        {compute?.kind === "count" ? fieldSelect("source", "Lines field", compute.source) : null}
        {compute?.kind === "date_add" ? (
          <>
            {fieldSelect("from", "From date", compute.from)}
            <TextField
              path={`${path}.days`}
              label="Days (number or field)"
              value={String(compute.days)}
              onChange={(v) => set({ days: /^-?\d+$/.test(v) ? Number(v) : v })}
              mono
            />
          </>
        ) : null}
        {compute?.kind === "date_diff" ? (
          <>
            {fieldSelect("start", "Start", compute.start)}
            {fieldSelect("end", "End", compute.end)}
          </>
        ) : null}
        {compute?.kind === "percentage" ? (
          <>
            {fieldSelect("numerator", "Numerator", compute.numerator)}
            {fieldSelect("denominator", "Denominator", compute.denominator)}
          </>
        ) : null}
        {compute?.kind === "concat" || compute?.kind === "product" ? (
          <TagsField path={`${path}.fields`} label="Fields" values={compute.fields} onChange={(fields) => set({ fields })} suggestions={fieldNames} />
        ) : null}
        {compute?.kind === "concat" ? (
          <TextField path={`${path}.separator`} label="Separator" value={compute.separator} onChange={(separator) => set({ separator })} />
        ) : null}
        {compute?.kind === "custom" ? (
          <>
            <TextField path={`${path}.method`} label="Method" value={compute.method} onChange={(method) => set({ method })} mono />
            <TagsField path={`${path}.depends`} label="Depends on" values={compute.depends} onChange={(depends) => set({ depends })} suggestions={fieldNames} />
          </>
        ) : null}
      </div>
      {compute?.kind === "custom" ? (
        <TextField
          path={`${path}.body`}
          label="Method body (Python, optional)"
          value={compute.body}
          onChange={(body) => set({ body: body || undefined })}
          multiline
          mono
          placeholder={"for record in self:\n    record.value = 0"}
        />
      ) : null}
    </SubSection>
  );
}
