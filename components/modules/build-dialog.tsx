"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Hammer } from "lucide-react";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/hooks/use-toast";
import { useTRPC } from "@/lib/trpc/client";
import { fieldErrorsOf, messageOf } from "@/lib/trpc/errors";

/**
 * Builds a version from a Module Blueprint pasted as JSON: the power-user path until the
 * specification editor writes blueprints (same procedure, same validation).
 */
export function BuildDialog({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const build = useMutation(trpc.module.build.mutationOptions());

  async function onBuild() {
    setProblems([]);
    let blueprint: unknown;
    try {
      blueprint = JSON.parse(text);
    } catch (error) {
      setProblems([`This is not valid JSON: ${(error as Error).message}`]);
      return;
    }
    try {
      const { version, reused } = await build.mutateAsync({ projectId, blueprint: blueprint as never });
      await queryClient.invalidateQueries({ queryKey: trpc.module.pathKey() });
      toast({
        title: reused ? `Version ${version.number} is unchanged` : `Version ${version.number} built`,
        description: `${version.findingSummary.errors} error(s), ${version.findingSummary.warnings} warning(s)`,
        variant: version.findingSummary.errors > 0 ? "destructive" : "success",
      });
      setOpen(false);
    } catch (error) {
      const fields = Object.entries(fieldErrorsOf(error)).map(([field, message]) => `${field}: ${message}`);
      setProblems(fields.length ? fields : [messageOf(error)]);
    }
  }

  return (
    <Dialog open={open} onOpenChange={(next) => !build.isPending && setOpen(next)}>
      <DialogTrigger asChild>
        <Button variant="outline" data-testid="open-build">
          <Hammer /> Build from blueprint
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Build a version from a blueprint</DialogTitle>
          <DialogDescription>
            Paste a Module Blueprint (JSON). It is compiled for this project&apos;s module name and Odoo version,
            validated, and stored as a new version.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-2">
          <Label htmlFor="blueprint-json">Blueprint JSON</Label>
          <Textarea
            id="blueprint-json"
            value={text}
            onChange={(event) => setText(event.target.value)}
            className="max-h-[50vh] min-h-64 font-mono text-xs"
            spellCheck={false}
            placeholder='{ "module": { "name": "…", "title": "…", "odooVersion": "17" }, "models": [ … ] }'
            data-testid="blueprint-json"
          />
        </div>
        {problems.length > 0 ? (
          <Alert variant="destructive" data-testid="build-problems">
            <AlertDescription>
              <ul className="list-disc space-y-1 pl-4">
                {problems.slice(0, 12).map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </AlertDescription>
          </Alert>
        ) : null}
        <DialogFooter>
          <Button variant="ghost" onClick={() => setOpen(false)} disabled={build.isPending}>
            Cancel
          </Button>
          <Button onClick={onBuild} loading={build.isPending} disabled={!text.trim()} data-testid="build-version">
            Build
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
