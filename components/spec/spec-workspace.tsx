"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import { ArrowRight, History, Loader2, RotateCcw, Save } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AiProvenance } from "@/components/ai/ai-provenance";
import { BlueprintEditor, type JsonStatus } from "@/components/blueprint-editor/blueprint-editor";
import { type BlueprintFinding, findingsFromFieldErrors } from "@/components/blueprint-editor/issues";
import { formatDateTime } from "@/components/projects/format";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/hooks/use-toast";
import { activeStatuses, projectStatusLabels, type ProjectStatus } from "@/lib/project-status";
import { useTRPC } from "@/lib/trpc/client";
import { fieldErrorsOf, messageOf } from "@/lib/trpc/errors";
import type { AppRouter } from "@/server/api/root";
import { type Blueprint, blueprintSchema } from "@/server/odoo/blueprint/schema";
import { ApproveDialog } from "./approve-dialog";
import { clearLocalDraft, jsonEqual, type LocalDraft, readLocalDraft, writeLocalDraft } from "./local-draft";
import { MarkdownEditor } from "./markdown-editor";
import { RedraftDialog } from "./redraft-dialog";
import { SourceBadge } from "./source-badge";
import { useSpecCheck } from "./use-spec-check";
import { VersionSelector } from "./version-selector";

type Outputs = inferRouterOutputs<AppRouter>;
type SpecVersion = Outputs["spec"]["get"];
type SpecSummary = Outputs["spec"]["list"][number];
type Project = Outputs["project"]["get"];

/** Statuses from which the server accepts an approval (see approveSpecVersion). */
const APPROVABLE: readonly ProjectStatus[] = ["spec_ready", "failed", "cancelled"];
/** Statuses from which a new draft may be asked for (see requestSpecDraft). */
const REDRAFTABLE: readonly ProjectStatus[] = ["draft", "spec_ready", "failed", "cancelled"];

/** A stored blueprint with today's defaults applied; kept as stored when an older shape fails. */
function loadBlueprint(raw: unknown): Blueprint {
  const parsed = blueprintSchema.safeParse(raw);
  return parsed.success ? parsed.data : (raw as Blueprint);
}

function trpcCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}

export type SpecTab = "markdown" | "blueprint";

export function SpecWorkspace({
  project,
  version,
  versions,
  selected,
  onSelect,
  generating,
  onDraftRequested,
  tab,
  onTabChange: setTab,
}: {
  project: Project;
  version: SpecVersion;
  versions: readonly SpecSummary[];
  selected: number | undefined;
  onSelect: (number: number | undefined) => void;
  generating: boolean;
  /** Tells the page a new draft was asked for (it polls until the draft is written). */
  onDraftRequested: () => void;
  /** Held by the page, so saving (a new version, a fresh workspace) keeps the open tab. */
  tab: SpecTab;
  onTabChange: (tab: SpecTab) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const projectId = project.id;
  const editable = version.isLatest && version.editable && !generating;

  const saved = useMemo(() => ({ markdown: version.markdown, blueprint: loadBlueprint(version.blueprint) }), [version]);

  // Unsaved edits from a previous visit win over the stored version (they are the user's work).
  const [restored] = useState<LocalDraft | null>(() => {
    if (!editable || typeof window === "undefined") return null;
    const draft = readLocalDraft(projectId);
    if (!draft) return null;
    if (draft.markdown === saved.markdown && jsonEqual(draft.blueprint, saved.blueprint)) {
      clearLocalDraft(projectId);
      return null;
    }
    return draft;
  });
  const [markdown, setMarkdown] = useState(restored?.markdown ?? saved.markdown);
  const [blueprint, setBlueprint] = useState<Blueprint>(() => (restored ? loadBlueprint(restored.blueprint) : saved.blueprint));
  const [showRestored, setShowRestored] = useState(Boolean(restored));
  const [note, setNote] = useState("");
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [serverFindings, setServerFindings] = useState<BlueprintFinding[]>([]);
  const [jsonStatus, setJsonStatus] = useState<JsonStatus>("synced");

  // The newest edits, updated synchronously: Ctrl+S right after a keystroke (or right after the
  // JSON tab applies its text) must save them, not the previous render's state.
  const edits = useRef({ markdown, blueprint });
  const editMarkdown = useCallback((next: string) => {
    edits.current = { ...edits.current, markdown: next };
    setMarkdown(next);
  }, []);
  const editBlueprint = useCallback((next: Blueprint) => {
    edits.current = { ...edits.current, blueprint: next };
    setBlueprint(next);
    // Problems the server reported on a refused save describe the blueprint before this edit.
    setServerFindings((current) => (current.length ? [] : current));
  }, []);
  // The version the edits started from: kept across reloads so the "newer version" warning stays.
  const baseNumber = restored?.baseNumber ?? version.number;

  const blueprintDirty = !jsonEqual(blueprint, saved.blueprint);
  const dirty = editable && (markdown !== saved.markdown || blueprintDirty);
  const schema = useMemo(() => blueprintSchema.safeParse(blueprint), [blueprint]);
  const schemaErrors = schema.success ? 0 : schema.error.issues.length;

  // --- Live findings: the version's own until the blueprint changes, then spec.check's.
  const live = useSpecCheck(projectId, blueprint, editable && blueprintDirty && schema.success);
  const findings: BlueprintFinding[] = useMemo(() => {
    const base: BlueprintFinding[] = blueprintDirty ? (live.findings ?? version.findings) : version.findings;
    return [...base, ...serverFindings];
  }, [blueprintDirty, live.findings, version.findings, serverFindings]);
  const findingErrors = findings.filter((f) => f.severity === "error").length;
  const errorCount = schemaErrors + findingErrors;

  // --- Keep a copy of unsaved edits in this browser.
  useEffect(() => {
    if (!editable) return;
    if (!dirty) {
      clearLocalDraft(projectId);
      return;
    }
    // Written at once (not debounced): switching versions or closing the tab right after a
    // keystroke must not lose it. A spec is small; localStorage keeps up.
    writeLocalDraft(projectId, { baseNumber, markdown, blueprint });
  }, [dirty, editable, markdown, blueprint, projectId, baseNumber]);

  // --- Warn before leaving with unsaved edits (the local draft is a safety net, not a promise).
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  const refreshAll = useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.spec.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.project.get.queryKey({ projectId }) }),
      ]),
    [queryClient, trpc, projectId],
  );

  // --- Save
  const save = useMutation(trpc.spec.save.mutationOptions());
  const onSave = async () => {
    const { markdown, blueprint } = edits.current;
    const isDirty = editable && (markdown !== saved.markdown || !jsonEqual(blueprint, saved.blueprint));
    if (!isDirty || save.isPending) return;
    if (jsonStatus === "invalid") {
      setTab("blueprint");
      toast({
        title: "The JSON has errors",
        description: "Fix or discard the changes in the Blueprint’s JSON tab before saving. Nothing was lost.",
        variant: "destructive",
      });
      return;
    }
    if (!blueprintSchema.safeParse(blueprint).success) {
      setTab("blueprint");
      toast({
        title: "The blueprint has errors",
        description: "Fix the highlighted fields (or the JSON tab) before saving. Your edits are kept in this browser.",
        variant: "destructive",
      });
      return;
    }
    setServerFindings([]);
    try {
      const result = await save.mutateAsync({
        projectId,
        markdown,
        blueprint,
        note: note.trim() || undefined,
        baseNumber: version.number,
      });
      clearLocalDraft(projectId);
      const errors = result.findings.filter((f) => f.severity === "error").length;
      toast({
        title: `Saved as version ${result.version.number}`,
        description: errors ? `${errors} error${errors === 1 ? "" : "s"} to fix before approval.` : undefined,
        variant: "success",
      });
      await refreshAll();
    } catch (error) {
      const code = trpcCode(error);
      if (code === "BAD_REQUEST") setServerFindings(findingsFromFieldErrors(fieldErrorsOf(error)));
      toast({
        title: code === "CONFLICT" ? "A newer version exists" : "Not saved",
        description: `${messageOf(error)} Your edits are still here and kept in this browser.`,
        variant: "destructive",
      });
      // A newer version: load it; this workspace remounts and restores the edits from the local draft.
      if (code === "CONFLICT") {
        writeLocalDraft(projectId, { baseNumber, markdown, blueprint });
        await refreshAll();
      }
    }
  };
  const saveRef = useRef(onSave);
  saveRef.current = onSave;

  // Ctrl/Cmd+S saves from anywhere on the page (and never opens the browser's "Save page").
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const discard = () => {
    editMarkdown(saved.markdown);
    editBlueprint(saved.blueprint);
    setServerFindings([]);
    clearLocalDraft(projectId);
    setShowRestored(false);
    setConfirmDiscard(false);
  };

  // --- Restore an older version as the newest one.
  const latestNumber = version.latestNumber;
  const restore = useMutation(trpc.spec.save.mutationOptions());
  const onRestore = async () => {
    try {
      const result = await restore.mutateAsync({
        projectId,
        markdown: version.markdown,
        blueprint: version.blueprint,
        note: `Restored from version ${version.number}`,
        baseNumber: latestNumber,
      });
      toast({ title: `Saved as version ${result.version.number}`, description: `A copy of version ${version.number}.`, variant: "success" });
      onSelect(undefined);
      await refreshAll();
    } catch (error) {
      toast({ title: "Could not restore this version", description: messageOf(error), variant: "destructive" });
    }
  };

  // --- A new draft from the description
  const regenerate = useMutation(trpc.spec.regenerate.mutationOptions());
  const onRedraft = async () => {
    try {
      await regenerate.mutateAsync({ projectId });
      onDraftRequested();
      toast({ title: "Drafting a new version", description: "This page updates when it is ready." });
      await queryClient.invalidateQueries({ queryKey: trpc.project.get.queryKey({ projectId }) });
      return true;
    } catch (error) {
      toast({ title: "Could not start the draft", description: messageOf(error), variant: "destructive" });
      return false;
    }
  };

  // --- Approve
  const approve = useMutation(trpc.spec.approve.mutationOptions());
  const onApprove = async () => {
    try {
      await approve.mutateAsync({ projectId, number: version.number });
      toast({ title: `Version ${version.number} approved`, description: "The build has started.", variant: "success" });
      await refreshAll();
      return true;
    } catch (error) {
      toast({ title: "Not approved", description: messageOf(error), variant: "destructive" });
      await queryClient.invalidateQueries({ queryKey: trpc.spec.pathKey() });
      return false;
    }
  };

  const status = project.status;
  const approvedAndMoving = Boolean(version.approvedAt) && !APPROVABLE.includes(status) && status !== "draft";
  const approveBlocker = (() => {
    if (activeStatuses.includes(status)) return "A run is under way; approval waits for it.";
    if (dirty) return "Save your changes first.";
    if (errorCount > 0) return `Fix the ${errorCount} error${errorCount === 1 ? "" : "s"} in the blueprint first.`;
    if (!APPROVABLE.includes(status)) return `Approval opens when the spec is ready (now: ${projectStatusLabels[status]}).`;
    return null;
  })();

  return (
    <div className="grid gap-4" data-testid="spec-page" data-version={version.number} data-dirty={dirty ? "true" : "false"}>
      {generating ? (
        <Alert data-testid="spec-generating-banner">
          <Loader2 className="animate-spin" />
          <AlertTitle>A new draft is being written</AlertTitle>
          <AlertDescription>Editing is paused until it is ready; this page updates by itself.</AlertDescription>
        </Alert>
      ) : null}
      {showRestored && restored ? (
        <Alert data-testid="spec-local-draft">
          <History />
          <AlertTitle>Your unsaved edits were restored</AlertTitle>
          <AlertDescription>
            <p>
              Kept in this browser since {formatDateTime(new Date(restored.savedAt))}.
              {restored.baseNumber !== version.number
                ? ` They were made on version ${restored.baseNumber}; version ${version.number} is newer. Saving creates a new version from your edits (version ${version.number} stays in the history).`
                : " Save them to keep them for good."}
            </p>
            <div className="mt-1 flex gap-2">
              <Button size="sm" variant="outline" onClick={discard} data-testid="spec-discard-local-draft">
                Discard local draft
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setShowRestored(false)}>
                Dismiss
              </Button>
            </div>
          </AlertDescription>
        </Alert>
      ) : null}
      {!version.isLatest ? (
        <Alert data-testid="spec-readonly-version">
          <History />
          <AlertTitle>Version {version.number} (read-only)</AlertTitle>
          <AlertDescription>
            <p>You are looking at an older version. The latest is version {latestNumber}.</p>
            <div className="mt-1 flex flex-wrap gap-2">
              <Button
                size="sm"
                onClick={onRestore}
                loading={restore.isPending}
                disabled={!versions.length || activeStatuses.includes(status) || generating}
                data-testid="spec-restore"
              >
                <RotateCcw /> Restore as new version
              </Button>
              <Button size="sm" variant="outline" onClick={() => onSelect(undefined)} data-testid="spec-back-to-latest">
                Back to the latest
              </Button>
            </div>
          </AlertDescription>
        </Alert>
      ) : null}
      {version.isLatest && !version.editable && !generating ? (
        <Alert data-testid="spec-locked">
          <AlertDescription>
            {activeStatuses.includes(status)
              ? "A run is under way: the specification can be edited again when it finishes."
              : "This project's module was accepted: its specification can no longer change."}
          </AlertDescription>
        </Alert>
      ) : null}
      {approvedAndMoving && version.isLatest ? (
        <Alert data-testid="spec-approved-banner">
          <AlertDescription className="flex flex-wrap items-center gap-2">
            <span>Version {version.number} is approved; the module is being built from it.</span>
            <Link href={`/projects/${projectId}/pipeline`} className="text-primary inline-flex items-center gap-1 font-medium hover:underline">
              Follow the build <ArrowRight className="size-3.5" aria-hidden="true" />
            </Link>
          </AlertDescription>
        </Alert>
      ) : null}

      <Card className="bg-background/95 supports-[backdrop-filter]:bg-background/80 sticky top-16 z-10 gap-0 py-3 backdrop-blur">
        <CardContent className="flex flex-wrap items-center gap-3 px-4">
          <VersionSelector
            versions={versions}
            value={selected}
            onChange={(number) => {
              if (dirty) {
                toast({
                  title: "Your unsaved edits are kept",
                  description: "They come back when you return to the latest version.",
                });
              }
              onSelect(number);
            }}
          />
          <SourceBadge source={version.source} />
          {version.source === "ai" ? <AiProvenance version={version} compilerLabel={null} className="text-xs" /> : null}
          {version.approvedAt ? (
            <Badge variant="success" data-testid="spec-approved-badge" title={formatDateTime(new Date(version.approvedAt))}>
              Approved
            </Badge>
          ) : null}
          {dirty ? (
            <span className="inline-flex items-center gap-1.5 text-xs font-medium text-amber-700 dark:text-amber-400" data-testid="spec-dirty" aria-live="polite">
              <span className="size-2 rounded-full bg-amber-500" aria-hidden="true" /> Unsaved changes
            </span>
          ) : editable ? (
            <span className="text-muted-foreground text-xs" data-testid="spec-clean">
              All changes saved
            </span>
          ) : null}
          <span className="flex-1" />
          {editable ? (
            <>
              {dirty ? (
                confirmDiscard ? (
                  <span
                    className="flex items-center gap-1 text-xs"
                    role="group"
                    aria-label="Confirm discarding your changes"
                    onKeyDown={(e) => e.key === "Escape" && setConfirmDiscard(false)}
                  >
                    Discard your changes?
                    <Button size="sm" variant="destructive" onClick={discard} data-testid="spec-discard-confirm">
                      Discard
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setConfirmDiscard(false)} autoFocus>
                      Keep
                    </Button>
                  </span>
                ) : (
                  <Button size="sm" variant="ghost" onClick={() => setConfirmDiscard(true)} data-testid="spec-discard">
                    Discard changes
                  </Button>
                )
              ) : null}
              <label className="sr-only" htmlFor="spec-note">
                Note for this version (optional)
              </label>
              <Input
                id="spec-note"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    void onSave();
                  }
                }}
                placeholder="Note (optional)"
                maxLength={500}
                className="h-8 w-44"
                disabled={!dirty}
                data-testid="spec-note"
              />
              <Button size="sm" variant={dirty ? "default" : "outline"} onClick={() => void onSave()} disabled={!dirty} loading={save.isPending} data-testid="spec-save">
                <Save /> Save
              </Button>
            </>
          ) : null}
          {version.isLatest && REDRAFTABLE.includes(status) && !generating ? (
            <RedraftDialog dirty={dirty} pending={regenerate.isPending} onRedraft={onRedraft} />
          ) : null}
          {version.isLatest && !approvedAndMoving ? (
            <ApproveDialog number={version.number} disabledReason={approveBlocker} pending={approve.isPending} onApprove={onApprove} />
          ) : null}
        </CardContent>
      </Card>

      {version.note ? (
        <p className="text-muted-foreground text-sm" data-testid="spec-version-note">
          Note on version {version.number}: {version.note}
        </p>
      ) : null}

      <Tabs value={tab} onValueChange={(next) => setTab(next as SpecTab)}>
        <TabsList>
          <TabsTrigger value="markdown" data-testid="spec-tab-markdown">
            Specification
          </TabsTrigger>
          <TabsTrigger value="blueprint" data-testid="spec-tab-blueprint">
            Blueprint
            {errorCount ? (
              <Badge variant="destructive" className="ml-1 px-1.5" data-testid="spec-error-count">
                {errorCount}
              </Badge>
            ) : null}
          </TabsTrigger>
        </TabsList>
        {/* Both panes stay mounted so switching never drops editor state (JSON text, open sections). */}
        <TabsContent value="markdown" forceMount className="data-[state=inactive]:hidden">
          <MarkdownEditor value={markdown} onChange={editMarkdown} readOnly={!editable} />
        </TabsContent>
        <TabsContent value="blueprint" forceMount className="data-[state=inactive]:hidden">
          <BlueprintEditor
            value={blueprint}
            onChange={editBlueprint}
            onJsonStatusChange={setJsonStatus}
            readOnly={!editable}
            findings={findings}
            checking={live.checking}
            odooVersion={project.odooVersion}
          />
        </TabsContent>
      </Tabs>
    </div>
  );
}
