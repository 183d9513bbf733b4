"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { BlueprintFinding } from "@/components/blueprint-editor/issues";
import { useTRPC } from "@/lib/trpc/client";
import type { Blueprint } from "@/server/odoo/blueprint/schema";

/** Quiet time after the last edit before compiling and validating on the server. */
export const CHECK_DEBOUNCE_MS = 800;

/**
 * Live compile/validator findings for an edited blueprint: `spec.check` runs ~800 ms after the
 * last change (only for blueprints that pass the schema; the editor shows shape errors itself).
 * Answers arriving out of order are ignored; the last answer stays shown while the next runs.
 */
export function useSpecCheck(projectId: string, blueprint: Blueprint, enabled: boolean) {
  const trpc = useTRPC();
  const check = useMutation(trpc.spec.check.mutationOptions());
  const [result, setResult] = useState<{ for: Blueprint; findings: BlueprintFinding[] } | null>(null);
  const [checking, setChecking] = useState(false);
  const sequence = useRef(0);
  const mutate = useRef(check.mutateAsync);
  mutate.current = check.mutateAsync;

  useEffect(() => {
    if (!enabled) {
      setChecking(false);
      return;
    }
    const id = ++sequence.current;
    setChecking(true);
    const timer = setTimeout(() => {
      mutate
        .current({ projectId, blueprint })
        .then((answer) => {
          if (id === sequence.current) setResult({ for: blueprint, findings: answer.findings });
        })
        .catch(() => {
          // A failed live check is not worth an error: the findings come back on save.
        })
        .finally(() => {
          if (id === sequence.current) setChecking(false);
        });
    }, CHECK_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [projectId, blueprint, enabled]);

  return { findings: result?.findings ?? null, fresh: result?.for === blueprint, checking };
}
