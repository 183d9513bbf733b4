"use client";

import { createContext, useContext, useMemo } from "react";
import type { z } from "zod";
import { normalizePath, pathKey, pathPrefixes } from "./paths";

/**
 * A compile/validation finding as the spec API returns it. Loose on purpose: findings come from
 * the reference checker (with a blueprint `path`) and from the module validator (with a `file`).
 */
export interface BlueprintFinding {
  severity: "error" | "warning" | "info";
  code?: string | null;
  /** The validator's rule id (`blueprint-reference` carries its path as a `path: ` prefix). */
  rule?: string | null;
  message: string;
  file?: string | null;
  line?: number | null;
  path?: string | null;
}

/** One problem shown in the editor: a zod issue (shape) or a finding (compile/validate). */
export interface EditorIssue {
  /** Normalised blueprint path, or "" when the problem is about a generated file only. */
  path: string;
  message: string;
  severity: BlueprintFinding["severity"];
  source: "schema" | "check";
  code?: string | null;
  file?: string | null;
  line?: number | null;
}

export function issuesFromZod(error: z.ZodError | undefined): EditorIssue[] {
  if (!error) return [];
  return error.issues.map((issue) => ({
    path: pathKey(issue.path),
    message: issue.message,
    severity: "error" as const,
    source: "schema" as const,
  }));
}

const blueprintRoots = /^(module|models|views|menus|security|demo|crons|mailTemplates|tests)\b/;

/**
 * The spec API reports reference problems as `models[0].fields[2].comodel: message` (the path as
 * a prefix, since validator findings have no path column): split it back out.
 */
export function splitPathPrefix(message: string): { path: string; message: string } | null {
  const match = /^([A-Za-z_][\w.[\]]*): ([\s\S]+)$/.exec(message);
  if (!match || !blueprintRoots.test(match[1]!)) return null;
  return { path: normalizePath(match[1]!), message: match[2]! };
}

export function issuesFromFindings(findings: readonly BlueprintFinding[] | undefined): EditorIssue[] {
  return (findings ?? []).map((finding) => {
    const split = finding.path ? null : splitPathPrefix(finding.message);
    return {
      path: finding.path ? normalizePath(finding.path) : (split?.path ?? ""),
      message: split?.message ?? finding.message,
      severity: finding.severity,
      source: "check" as const,
      code: finding.code ?? finding.rule,
      file: finding.file,
      line: finding.line,
    };
  });
}

/** `blueprint.models.0.name → message` (a save refused by the server's zod check) as findings. */
export function findingsFromFieldErrors(fields: Record<string, string>): BlueprintFinding[] {
  return Object.entries(fields)
    .filter(([key]) => key.startsWith("blueprint"))
    .map(([key, message]) => ({ severity: "error" as const, message, path: key.replace(/^blueprint\.?/, "") || null }));
}

interface IssuesContextValue {
  byPath: Map<string, EditorIssue[]>;
  /** Paths with at least one issue at or below them (to flag collapsed cards and section tabs). */
  flagged: Set<string>;
  reveal: (path: string) => void;
  isOpen: (path: string) => boolean;
  setOpen: (path: string, open: boolean) => void;
}

const IssuesContext = createContext<IssuesContextValue>({
  byPath: new Map(),
  flagged: new Set(),
  reveal: () => {},
  isOpen: () => false,
  setOpen: () => {},
});

export function IssuesProvider({
  issues,
  reveal,
  isOpen,
  setOpen,
  children,
}: {
  issues: readonly EditorIssue[];
  reveal: (path: string) => void;
  isOpen: (path: string) => boolean;
  setOpen: (path: string, open: boolean) => void;
  children: React.ReactNode;
}) {
  const value = useMemo(() => {
    const byPath = new Map<string, EditorIssue[]>();
    const flagged = new Set<string>();
    for (const issue of issues) {
      if (!issue.path) continue;
      byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue]);
      for (const prefix of pathPrefixes(issue.path)) flagged.add(prefix);
    }
    return { byPath, flagged, reveal, isOpen, setOpen };
  }, [issues, reveal, isOpen, setOpen]);
  return <IssuesContext.Provider value={value}>{children}</IssuesContext.Provider>;
}

export function useIssuesContext() {
  return useContext(IssuesContext);
}

/** Issues exactly at `path` (shown under the control editing it). */
export function useIssuesAt(path: string): EditorIssue[] {
  return useContext(IssuesContext).byPath.get(path) ?? [];
}

/** Whether anything at or below `path` has an issue. */
export function useFlagged(path: string): boolean {
  return useContext(IssuesContext).flagged.has(path);
}
