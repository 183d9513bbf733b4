"use client";

import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { OdooVersion } from "@/lib/odoo-versions";
import { cn } from "@/lib/utils";
import { type Blueprint, blueprintSchema } from "@/server/odoo/blueprint/schema";
import { FindingsSummary } from "./findings-summary";
import { type BlueprintFinding, type EditorIssue, IssuesProvider, issuesFromFindings, issuesFromZod } from "./issues";
import { JsonEditor, type JsonStatus } from "./json-editor";

export type { JsonStatus } from "./json-editor";
import { MenusSection } from "./menus-section";
import { ModelsSection } from "./models-section";
import { ModuleSection } from "./module-section";
import { describePath, domIdFor, pathPrefixes } from "./paths";
import { SecuritySection } from "./security-section";
import { ViewsSection } from "./views-section";

export type { BlueprintFinding } from "./issues";

const sections = [
  { id: "module", label: "Module" },
  { id: "models", label: "Models" },
  { id: "views", label: "Views" },
  { id: "menus", label: "Menus" },
  { id: "security", label: "Security" },
] as const;
type Section = (typeof sections)[number]["id"];

export const prettyJson = (value: unknown) => JSON.stringify(value, null, 2);

/** Wait this long after the last keystroke in the JSON tab before parsing it. */
export const JSON_DEBOUNCE_MS = 400;

export interface BlueprintEditorProps {
  value: Blueprint;
  onChange: (value: Blueprint) => void;
  readOnly?: boolean;
  /** Compile/validation findings (from spec.get or a live spec.check). */
  findings?: readonly BlueprintFinding[];
  /** True while a live check is running (shown next to the findings). */
  checking?: boolean;
  odooVersion?: OdooVersion;
  /**
   * Told whether the JSON tab holds text not applied to the blueprint ("pending" while typing,
   * "invalid" with errors), so a page can refuse to save something other than what is shown.
   */
  onJsonStatusChange?: (status: JsonStatus) => void;
}

/**
 * The Module Blueprint as a form (module, models and fields, views, menus, security) and as JSON.
 * Shape problems (zod) and compile/validation findings are shown under the control that holds
 * the value, and listed at the top; a click on the list jumps there.
 */
export const BlueprintEditor = memo(function BlueprintEditor({
  value,
  onChange,
  readOnly,
  findings,
  checking,
  odooVersion,
  onJsonStatusChange,
}: BlueprintEditorProps) {
  const [tab, setTab] = useState<"form" | "json">("form");
  const [section, setSection] = useState<Section>("module");
  const [selectedModel, setSelectedModel] = useState(0);
  const [open, setOpenPaths] = useState<ReadonlySet<string>>(new Set());
  const [focusTarget, setFocusTarget] = useState<string | null>(null);

  // --- JSON tab state lives here, so switching tabs never loses what was typed.
  const [jsonText, setJsonText] = useState(() => prettyJson(value));
  const [jsonStatus, setJsonStatus] = useState<JsonStatus>("synced");
  const [jsonSyntaxError, setJsonSyntaxError] = useState<string | null>(null);
  const [jsonIssues, setJsonIssues] = useState<EditorIssue[]>([]);
  const appliedFromJson = useRef<Blueprint | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // A new value from outside (the form, a reload, another version) rewrites the JSON, unless the
  // JSON holds unapplied text with errors: that text is the user's work and stays until discarded.
  useEffect(() => {
    if (value === appliedFromJson.current) return;
    if (jsonStatus === "invalid") return;
    setJsonText(prettyJson(value));
    setJsonStatus("synced");
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new value should rewrite the text
  }, [value]);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const statusListener = useRef(onJsonStatusChange);
  statusListener.current = onJsonStatusChange;
  useEffect(() => statusListener.current?.(jsonStatus), [jsonStatus]);

  const applyJson = useCallback(
    (text: string) => {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        setJsonSyntaxError(error instanceof Error ? error.message : "Invalid JSON");
        setJsonIssues([]);
        setJsonStatus("invalid");
        return;
      }
      setJsonSyntaxError(null);
      const parsed = blueprintSchema.safeParse(raw);
      if (!parsed.success) {
        setJsonIssues(issuesFromZod(parsed.error));
        setJsonStatus("invalid");
        return;
      }
      setJsonIssues([]);
      setJsonStatus("synced");
      appliedFromJson.current = parsed.data;
      onChange(parsed.data);
    },
    [onChange],
  );

  const onJsonText = (text: string) => {
    setJsonText(text);
    setJsonStatus("pending");
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => applyJson(text), JSON_DEBOUNCE_MS);
  };

  /** Ctrl/Cmd+S in the JSON tab: apply now, so the save that follows includes the last keystrokes. */
  const flushJson = () => {
    if (jsonStatus !== "pending") return;
    if (timer.current) clearTimeout(timer.current);
    applyJson(jsonText);
  };

  const discardJson = () => {
    if (timer.current) clearTimeout(timer.current);
    setJsonText(prettyJson(value));
    setJsonStatus("synced");
    setJsonSyntaxError(null);
    setJsonIssues([]);
  };

  // --- Problems: the form's own shape check plus the findings handed in.
  const schemaIssues = useMemo(() => issuesFromZod(blueprintSchema.safeParse(value).error), [value]);
  const issues = useMemo(() => [...schemaIssues, ...issuesFromFindings(findings)], [schemaIssues, findings]);

  const isOpen = useCallback((path: string) => open.has(path), [open]);
  const setOpen = useCallback((path: string, next: boolean) => {
    setOpenPaths((current) => {
      const copy = new Set(current);
      if (next) copy.add(path);
      else copy.delete(path);
      return copy;
    });
  }, []);

  const reveal = useCallback((path: string) => {
    const prefixes = pathPrefixes(path);
    const root = prefixes[0] ?? "";
    const model = /^models\[(\d+)\]/.exec(path);
    if (root === "module" || root === "models" || root === "views" || root === "menus" || root === "security") {
      setTab("form");
      setSection(root);
      if (model) setSelectedModel(Number(model[1]));
    } else {
      // demo, crons, mail templates, tests: only the JSON tab edits them.
      setTab("json");
    }
    setOpenPaths((current) => new Set([...current, ...prefixes]));
    setFocusTarget(path);
  }, []);

  // Focus after the section/model/disclosure holding the path has rendered.
  useEffect(() => {
    if (!focusTarget) return;
    const frame = requestAnimationFrame(() => {
      const candidates = [...pathPrefixes(focusTarget)].reverse();
      for (const candidate of candidates) {
        const element = document.getElementById(domIdFor(candidate));
        if (element) {
          element.scrollIntoView?.({ block: "center" });
          element.focus();
          break;
        }
      }
      if (!candidates.length || tab === "json") document.getElementById("blueprint-json")?.focus();
      setFocusTarget(null);
    });
    return () => cancelAnimationFrame(frame);
  }, [focusTarget, tab]);

  const flaggedSection = (id: Section) => issues.some((issue) => issue.path.startsWith(id));
  const counts: Partial<Record<Section, number>> = {
    models: value.models.length,
    views: value.views.length,
    menus: value.menus.length,
  };
  const versionMismatch = odooVersion && value.module.odooVersion !== odooVersion;

  return (
    <IssuesProvider issues={issues} reveal={reveal} isOpen={isOpen} setOpen={setOpen}>
      <div className="grid gap-4" data-testid="blueprint-editor">
        <FindingsSummary issues={issues} checking={checking} onReveal={reveal} describe={(path) => describePath(value, path)} />
        {versionMismatch ? (
          <Alert>
            <AlertDescription>
              The blueprint targets Odoo {value.module.odooVersion}.0 but the project is for Odoo {odooVersion}.0.
            </AlertDescription>
          </Alert>
        ) : null}
        <Tabs value={tab} onValueChange={(next) => setTab(next as "form" | "json")}>
          <TabsList>
            <TabsTrigger value="form" data-testid="blueprint-tab-form">
              Form
            </TabsTrigger>
            <TabsTrigger value="json" data-testid="blueprint-tab-json">
              JSON
              {jsonStatus === "invalid" ? <span className="bg-destructive size-1.5 rounded-full" aria-label="has errors" /> : null}
            </TabsTrigger>
          </TabsList>
          <TabsContent value="form" className="grid gap-4">
            {jsonStatus === "invalid" ? (
              <Alert variant="destructive" data-testid="blueprint-json-pending">
                <AlertDescription>
                  <p>
                    The JSON tab has changes with errors; the form shows the last valid blueprint. Fix or discard them in the
                    JSON tab.
                  </p>
                  <Button type="button" size="sm" variant="outline" onClick={() => setTab("json")}>
                    Open the JSON tab
                  </Button>
                </AlertDescription>
              </Alert>
            ) : null}
            <nav aria-label="Blueprint sections" className="flex flex-wrap gap-1">
              {sections.map((item) => (
                <button
                  key={item.id}
                  type="button"
                  onClick={() => setSection(item.id)}
                  aria-current={section === item.id ? "true" : undefined}
                  className={cn(
                    "focus-visible:ring-ring/50 inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-sm outline-none focus-visible:ring-[3px]",
                    section === item.id ? "bg-primary text-primary-foreground border-primary" : "hover:bg-accent",
                  )}
                  data-testid={`blueprint-section-${item.id}`}
                >
                  {item.label}
                  {counts[item.id] !== undefined ? <span className="text-xs opacity-70">{counts[item.id]}</span> : null}
                  {flaggedSection(item.id) ? <span className="bg-destructive size-1.5 rounded-full" aria-label="has problems" /> : null}
                </button>
              ))}
            </nav>
            {/* A disabled fieldset makes every control read-only at once (older versions, approved specs). */}
            <fieldset disabled={readOnly} className="min-w-0" data-testid="blueprint-form">
              {section === "module" ? <ModuleSection module={value.module} onChange={(module) => onChange({ ...value, module })} /> : null}
              {section === "models" ? (
                <ModelsSection blueprint={value} onChange={onChange} selected={selectedModel} onSelect={setSelectedModel} />
              ) : null}
              {section === "views" ? <ViewsSection blueprint={value} onChange={onChange} /> : null}
              {section === "menus" ? <MenusSection blueprint={value} onChange={onChange} /> : null}
              {section === "security" ? <SecuritySection blueprint={value} onChange={onChange} /> : null}
            </fieldset>
          </TabsContent>
          <TabsContent value="json">
            <JsonEditor
              text={jsonText}
              status={jsonStatus}
              syntaxError={jsonSyntaxError}
              issues={jsonIssues}
              readOnly={readOnly}
              onText={onJsonText}
              onFlush={flushJson}
              onDiscard={discardJson}
              onFormat={() => setJsonText(prettyJson(value))}
            />
          </TabsContent>
        </Tabs>
      </div>
    </IssuesProvider>
  );
});
