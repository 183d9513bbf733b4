"use client";

import { Sparkles } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
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

/** A fresh draft from the project description, as a new version; the history keeps the others. */
export function RedraftDialog({ dirty, pending, onRedraft }: { dirty: boolean; pending: boolean; onRedraft: () => Promise<boolean> }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={(next) => !pending && setOpen(next)}>
      <DialogTrigger asChild>
        <Button size="sm" variant="ghost" data-testid="spec-redraft">
          <Sparkles /> Draft again
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Draft the specification again?</DialogTitle>
          <DialogDescription>
            A new version is written from your project description. Every existing version stays in the history, and you can
            restore any of them.
            {dirty ? " Your unsaved edits are kept in this browser and come back on top of the new draft — discard them if you want the draft as written." : ""}
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button
            loading={pending}
            onClick={async () => {
              if (await onRedraft()) setOpen(false);
            }}
            data-testid="spec-redraft-confirm"
          >
            Draft again
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
