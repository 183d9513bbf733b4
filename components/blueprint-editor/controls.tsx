"use client";

import { ArrowDown, ArrowUp, Trash2, X } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils";
import { useIssuesAt } from "./issues";
import { domIdFor } from "./paths";

/** Messages for one path, under its control; `id` lets the control point at them. */
export function IssueMessages({ path, id }: { path: string; id?: string }) {
  const issues = useIssuesAt(path);
  if (issues.length === 0) return null;
  return (
    <ul id={id} className="grid gap-0.5" data-testid="bp-issue" data-path={path}>
      {issues.map((issue, i) => (
        <li
          key={i}
          className={cn("text-xs", issue.severity === "error" ? "text-destructive" : "text-amber-700 dark:text-amber-400")}
        >
          {issue.message}
        </li>
      ))}
    </ul>
  );
}

type ControlProps = { id: string; "aria-invalid": boolean; "aria-describedby"?: string };

/** A labelled control bound to a blueprint path: the id is derived from the path so findings can focus it. */
export function BpField({
  path,
  label,
  hint,
  className,
  children,
}: {
  path: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  className?: string;
  children: (props: ControlProps) => React.ReactNode;
}) {
  const id = domIdFor(path);
  const issues = useIssuesAt(path);
  const hasError = issues.some((issue) => issue.severity === "error");
  const describedBy = [hint ? `${id}-hint` : null, issues.length ? `${id}-issues` : null].filter(Boolean).join(" ");
  return (
    <div className={cn("grid content-start gap-1.5", className)}>
      <Label htmlFor={id} className="text-xs">
        {label}
      </Label>
      {children({ id, "aria-invalid": hasError, "aria-describedby": describedBy || undefined })}
      {hint && issues.length === 0 ? (
        <p id={`${id}-hint`} className="text-muted-foreground text-xs">
          {hint}
        </p>
      ) : null}
      <IssueMessages path={path} id={`${id}-issues`} />
    </div>
  );
}

export function TextField({
  path,
  label,
  value,
  onChange,
  hint,
  placeholder,
  mono,
  readOnly,
  className,
  testId,
  multiline,
  suggestions,
  type = "text",
}: {
  path: string;
  label: React.ReactNode;
  value: string | number | undefined;
  onChange: (value: string) => void;
  hint?: React.ReactNode;
  placeholder?: string;
  mono?: boolean;
  readOnly?: boolean;
  className?: string;
  testId?: string;
  multiline?: boolean;
  /** Offered in a datalist; any other text is still accepted. */
  suggestions?: readonly string[];
  type?: "text" | "number";
}) {
  const listId = `${domIdFor(path)}-suggestions`;
  return (
    <BpField path={path} label={label} hint={hint} className={className}>
      {(props) =>
        multiline ? (
          <Textarea
            {...props}
            value={value ?? ""}
            onChange={(e) => onChange(e.target.value)}
            placeholder={placeholder}
            readOnly={readOnly}
            className={cn("min-h-20", mono && "font-mono")}
            data-testid={testId}
          />
        ) : (
          <>
            <Input
              {...props}
              type={type}
              value={value ?? ""}
              onChange={(e) => onChange(e.target.value)}
              placeholder={placeholder}
              readOnly={readOnly}
              className={cn("h-8", mono && "font-mono")}
              spellCheck={mono ? false : undefined}
              autoCapitalize={mono ? "off" : undefined}
              list={suggestions ? listId : undefined}
              data-testid={testId}
            />
            {suggestions ? <Suggestions id={listId} values={suggestions} /> : null}
          </>
        )
      }
    </BpField>
  );
}

function Suggestions({ id, values }: { id: string; values: readonly string[] }) {
  return (
    <datalist id={id}>
      {values.map((value) => (
        <option key={value} value={value} />
      ))}
    </datalist>
  );
}

export const nativeSelectClass =
  "border-input bg-background dark:bg-input/30 h-8 w-full rounded-md border px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:border-destructive disabled:opacity-50";

/**
 * A native select: compact, fully keyboard-operable (type-ahead included) and predictable in
 * tests, which matters in a form with dozens of them.
 */
export function SelectField({
  path,
  label,
  value,
  options,
  onChange,
  hint,
  disabled,
  className,
  testId,
  allowEmpty,
}: {
  path: string;
  label: React.ReactNode;
  value: string | undefined;
  options: ReadonlyArray<{ value: string; label: string } | string>;
  onChange: (value: string) => void;
  hint?: React.ReactNode;
  disabled?: boolean;
  className?: string;
  testId?: string;
  /** Label of an empty choice (the value becomes ""). */
  allowEmpty?: string;
}) {
  const normalised = options.map((option) => (typeof option === "string" ? { value: option, label: option } : option));
  const known = value === undefined || value === "" || normalised.some((option) => option.value === value);
  return (
    <BpField path={path} label={label} hint={hint} className={className}>
      {(props) => (
        <select
          {...props}
          className={nativeSelectClass}
          value={value ?? ""}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          data-testid={testId}
        >
          {allowEmpty !== undefined || !value ? <option value="">{allowEmpty ?? "Choose…"}</option> : null}
          {/* Keep a value the list does not know (typed in JSON) visible instead of silently changing it. */}
          {!known ? <option value={value}>{value}</option> : null}
          {normalised.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </BpField>
  );
}

export function CheckField({
  path,
  label,
  checked,
  onChange,
  disabled,
  testId,
}: {
  path: string;
  label: React.ReactNode;
  checked: boolean | undefined;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  testId?: string;
}) {
  const id = domIdFor(path);
  return (
    <div className="grid gap-1">
      <div className="flex items-center gap-2">
        <Checkbox
          id={id}
          checked={Boolean(checked)}
          onCheckedChange={(next) => onChange(next === true)}
          disabled={disabled}
          data-testid={testId}
        />
        <Label htmlFor={id} className="text-sm font-normal">
          {label}
        </Label>
      </div>
      <IssueMessages path={path} />
    </div>
  );
}

/** Move up / move down / remove, for one item of an ordered list. */
export function RowActions({
  index,
  count,
  onMove,
  onRemove,
  label,
  disabled,
  testIdPrefix,
}: {
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
  label: string;
  disabled?: boolean;
  testIdPrefix?: string;
}) {
  return (
    <div className="flex shrink-0 items-center gap-0.5">
      <Button
        type="button"
        size="icon"
        variant="ghost"
        className="size-7"
        onClick={() => onMove(index, index - 1)}
        disabled={disabled || index === 0}
        aria-label={`Move ${label} up`}
        data-testid={testIdPrefix ? `${testIdPrefix}-up` : undefined}
      >
        <ArrowUp />
      </Button>
      <Button
        type="button"
        size="icon"
        variant="ghost"
        className="size-7"
        onClick={() => onMove(index, index + 1)}
        disabled={disabled || index === count - 1}
        aria-label={`Move ${label} down`}
        data-testid={testIdPrefix ? `${testIdPrefix}-down` : undefined}
      >
        <ArrowDown />
      </Button>
      <Button
        type="button"
        size="icon"
        variant="ghost"
        className="text-destructive hover:text-destructive size-7"
        onClick={() => onRemove(index)}
        disabled={disabled}
        aria-label={`Remove ${label}`}
        data-testid={testIdPrefix ? `${testIdPrefix}-remove` : undefined}
      >
        <Trash2 />
      </Button>
    </div>
  );
}

/**
 * Tags from a list of suggestions or typed freely: Enter or comma adds, Backspace on an empty
 * input removes the last one.
 */
export function TagsField({
  path,
  label,
  values,
  onChange,
  suggestions = [],
  hint,
  readOnly,
  placeholder,
  testId,
}: {
  path: string;
  label: React.ReactNode;
  values: readonly string[];
  onChange: (values: string[]) => void;
  suggestions?: readonly string[];
  hint?: React.ReactNode;
  readOnly?: boolean;
  placeholder?: string;
  testId?: string;
}) {
  const [draft, setDraft] = useState("");
  const listId = useId();
  const add = (raw: string) => {
    const tag = raw.trim();
    if (!tag || values.includes(tag)) return;
    onChange([...values, tag]);
  };
  return (
    <BpField path={path} label={label} hint={hint}>
      {(props) => (
        <div className="border-input focus-within:border-ring focus-within:ring-ring/50 flex min-h-8 flex-wrap items-center gap-1 rounded-md border px-1.5 py-1 shadow-xs focus-within:ring-[3px]">
          {values.map((tag, i) => (
            <span
              key={`${tag}-${i}`}
              className="bg-secondary text-secondary-foreground inline-flex items-center gap-1 rounded px-1.5 py-0.5 font-mono text-xs"
              data-testid={testId ? `${testId}-tag` : undefined}
            >
              {tag}
              {readOnly ? null : (
                <button
                  type="button"
                  className="hover:text-destructive focus-visible:ring-ring/50 rounded outline-none focus-visible:ring-2"
                  onClick={() => onChange(values.filter((_, j) => j !== i))}
                  aria-label={`Remove ${tag}`}
                >
                  <X className="size-3" aria-hidden="true" />
                </button>
              )}
            </span>
          ))}
          {readOnly ? null : (
            <>
              <input
                {...props}
                list={listId}
                value={draft}
                placeholder={values.length ? undefined : placeholder}
                onChange={(e) => {
                  const text = e.target.value;
                  // Picking a suggestion from the datalist fires a change with the whole value.
                  if (suggestions.includes(text)) {
                    add(text);
                    setDraft("");
                  } else setDraft(text);
                }}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === ",") {
                    e.preventDefault();
                    add(draft);
                    setDraft("");
                  } else if (e.key === "Escape" && draft) {
                    e.preventDefault();
                    setDraft("");
                  } else if (e.key === "Backspace" && !draft && values.length) {
                    onChange(values.slice(0, -1));
                  }
                }}
                onBlur={() => {
                  if (draft) {
                    add(draft);
                    setDraft("");
                  }
                }}
                className="min-w-24 flex-1 bg-transparent px-1 font-mono text-sm outline-none"
                spellCheck={false}
                autoCapitalize="off"
                data-testid={testId}
              />
              <datalist id={listId}>
                {suggestions
                  .filter((s) => !values.includes(s))
                  .map((s) => (
                    <option key={s} value={s} />
                  ))}
              </datalist>
            </>
          )}
        </div>
      )}
    </BpField>
  );
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((current, i) => (i === index ? item : current));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** A titled group inside a card, with an optional action on the right. */
export function SubSection({
  title,
  description,
  action,
  children,
}: {
  title: string;
  description?: React.ReactNode;
  action?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section className="grid gap-3">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h4 className="text-sm font-semibold">{title}</h4>
          {description ? <p className="text-muted-foreground text-xs">{description}</p> : null}
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}

export function EmptyHint({ children }: { children: React.ReactNode }) {
  return <p className="text-muted-foreground rounded-md border border-dashed px-3 py-4 text-center text-sm">{children}</p>;
}
