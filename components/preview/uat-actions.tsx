"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Check, MessageSquarePlus, Sparkles } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { ConfirmDialog } from "@/components/pipeline/confirm-dialog";
import { useRefreshProject } from "@/components/pipeline/use-refresh-project";
import { toast } from "@/hooks/use-toast";
import { useTRPC } from "@/lib/trpc/client";
import { messageOf } from "@/lib/trpc/errors";

/** Adjustments a project may ask for (DESIGN.md §1); the server enforces the same number. */
export const MAX_ADJUSTMENTS = 5;

/** The customer's decision in UAT: accept the module, or ask for an adjustment. */
export function UatActions({ projectId, adjustments }: { projectId: string; adjustments: number }) {
  const trpc = useTRPC();
  const refresh = useRefreshProject(projectId);
  const accept = useMutation(
    trpc.pipeline.uat.mutationOptions({
      onSuccess: () => {
        toast({ title: "Module accepted", description: "You can download it now." });
        return refresh();
      },
      onError: (error) => toast({ title: "Could not accept", description: messageOf(error), variant: "destructive" }),
    }),
  );
  const left = Math.max(0, MAX_ADJUSTMENTS - adjustments);
  return (
    <Card data-testid="uat-actions">
      <CardHeader>
        <CardTitle>Your decision</CardTitle>
        <CardDescription>
          Accept the module as it is in the preview, or ask for a change: a new build, test and preview follow.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap items-center gap-3">
        <ConfirmDialog
          trigger={
            <Button data-testid="uat-accept">
              <Check /> Accept
            </Button>
          }
          title="Accept this module?"
          description="The version in the preview becomes the one you download. Further changes then need a new project."
          confirmLabel="Accept the module"
          pending={accept.isPending}
          onConfirm={() => accept.mutateAsync({ projectId, kind: "accept" })}
          confirmTestId="confirm-accept"
        />
        <AdjustmentDialog projectId={projectId} left={left} />
        <span className="text-muted-foreground text-sm" data-testid="adjustments-left">
          {left} of {MAX_ADJUSTMENTS} adjustments left
        </span>
      </CardContent>
    </Card>
  );
}

/**
 * An adjustment is a newer specification version: the user edits the spec (link), describes the
 * change here, and the latest saved spec version is approved and rebuilt.
 */
function AdjustmentDialog({ projectId, left }: { projectId: string; left: number }) {
  const trpc = useTRPC();
  const refresh = useRefreshProject(projectId);
  const [open, setOpen] = useState(false);
  const [request, setRequest] = useState("");
  const specs = useQuery({ ...trpc.spec.list.queryOptions({ projectId }), enabled: open });
  const ai = useQuery({ ...trpc.pipeline.aiMode.queryOptions(), enabled: open, staleTime: 60_000 });
  const latest = specs.data?.[0];
  const approved = specs.data?.find((version) => version.approvedAt);
  const unsaved = latest && approved && latest.number <= approved.number;
  const [proposal, setProposal] = useState<{ verdict: "apply" | "contradicts"; explanation: string; specNumber?: number } | null>(null);
  const draft = useMutation(
    trpc.pipeline.proposeAdjustment.mutationOptions({
      onSuccess: async (result) => {
        setProposal(result);
        await specs.refetch();
      },
      onError: (error) => toast({ title: "Could not draft the change", description: messageOf(error), variant: "destructive" }),
    }),
  );
  const adjust = useMutation(
    trpc.pipeline.adjust.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        setRequest("");
        toast({ title: "Adjustment requested", description: "A new build starts with your updated specification." });
        return refresh();
      },
      onError: (error) => toast({ title: "Could not request the adjustment", description: messageOf(error), variant: "destructive" }),
    }),
  );
  return (
    <Dialog open={open} onOpenChange={(next) => !adjust.isPending && setOpen(next)}>
      <DialogTrigger asChild>
        <Button variant="outline" disabled={left === 0} data-testid="uat-adjust">
          <MessageSquarePlus /> Request adjustment
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Request an adjustment</DialogTitle>
          <DialogDescription>
            First save your changes on the{" "}
            <Link href={`/projects/${projectId}/spec`} className="underline" data-testid="adjust-edit-spec">
              specification page
            </Link>
            ; the latest saved version is built, tested and previewed again. {left} of {MAX_ADJUSTMENTS} adjustments left.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (latest) adjust.mutate({ projectId, request, specNumber: latest.number });
          }}
        >
          <div className="grid gap-2">
            <Label htmlFor="adjust-request">What should change?</Label>
            <Textarea
              id="adjust-request"
              value={request}
              onChange={(event) => setRequest(event.target.value)}
              rows={5}
              maxLength={4000}
              required
              data-testid="adjust-request"
            />
          </div>
          {ai.data?.mode === "ai" && (
            <div className="grid gap-2">
              <Button
                type="button"
                variant="secondary"
                loading={draft.isPending}
                disabled={!request.trim() || adjust.isPending}
                onClick={() => draft.mutate({ projectId, request })}
                data-testid="adjust-draft-ai"
              >
                <Sparkles /> Draft the change with AI
              </Button>
              <p className="text-muted-foreground text-xs">
                The AI writes a new specification version from your request for you to review; it tells you when the request contradicts the approved specification.
              </p>
            </div>
          )}
          {proposal && (
            <div
              role="status"
              className={proposal.verdict === "contradicts" ? "rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100" : "rounded-md border p-3 text-sm"}
              data-testid="adjust-proposal"
            >
              <p className="font-medium">
                {proposal.verdict === "contradicts"
                  ? "This request contradicts the approved specification"
                  : `Drafted as specification version ${proposal.specNumber}`}
              </p>
              <p className="mt-1 whitespace-pre-wrap">{proposal.explanation}</p>
              {proposal.verdict === "apply" && (
                <Link href={`/projects/${projectId}/spec`} className="mt-1 inline-block underline">
                  Review it on the specification page
                </Link>
              )}
            </div>
          )}
          <p className="text-muted-foreground text-sm" data-testid="adjust-spec-version">
            {specs.isPending
              ? "Looking up your specification…"
              : latest
                ? unsaved
                  ? `Specification version ${latest.number} is the approved one: save your changes on the specification page first.`
                  : `Builds specification version ${latest.number}.`
                : "No specification found."}
          </p>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={adjust.isPending}>
                Back
              </Button>
            </DialogClose>
            <Button type="submit" loading={adjust.isPending} disabled={!latest || !request.trim()} data-testid="confirm-adjust">
              Request adjustment
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
