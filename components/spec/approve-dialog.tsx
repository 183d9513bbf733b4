"use client";

import { CheckCircle2 } from "lucide-react";
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

/**
 * Approval freezes a version and starts a (paid-for) build, so it is confirmed. When it is not
 * possible yet, the button stays visible but disabled, with the reason beside it.
 */
export function ApproveDialog({
  number,
  disabledReason,
  pending,
  onApprove,
}: {
  number: number;
  disabledReason: string | null;
  pending: boolean;
  onApprove: () => Promise<boolean>;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="flex items-center gap-2">
      {disabledReason ? (
        <span className="text-muted-foreground hidden max-w-56 text-xs leading-tight sm:block" id="spec-approve-hint" data-testid="spec-approve-hint">
          {disabledReason}
        </span>
      ) : null}
      <Dialog open={open} onOpenChange={(next) => !pending && setOpen(next)}>
        <DialogTrigger asChild>
          <Button
            disabled={Boolean(disabledReason)}
            aria-describedby={disabledReason ? "spec-approve-hint" : undefined}
            title={disabledReason ?? undefined}
            data-testid="spec-approve"
          >
            <CheckCircle2 /> Approve
          </Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Approve version {number}?</DialogTitle>
            <DialogDescription>
              Approving freezes version {number} and starts the build: the module is generated, installed in a real Odoo and
              tested. You can still request adjustments later, from the live preview.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={pending} data-testid="spec-approve-cancel">
                Not yet
              </Button>
            </DialogClose>
            <Button
              loading={pending}
              autoFocus
              onClick={async () => {
                if (await onApprove()) setOpen(false);
              }}
              data-testid="spec-approve-confirm"
            >
              Approve and build
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
