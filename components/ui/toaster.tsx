"use client";

import {
  Toast,
  ToastBody,
  ToastClose,
  ToastDescription,
  ToastProvider,
  ToastTitle,
  ToastViewport,
} from "@/components/ui/toast";
import { TOAST_DURATION, useToast } from "@/hooks/use-toast";

/** Renders toasts created with `toast()`. Mount once, in the root layout. */
function Toaster() {
  const { toasts, dismiss } = useToast();
  // Oldest first, so toasts mounted together stack the same way as toasts added one by one
  // (Radix appends each toast to the viewport): the newest sits at the bottom, nearest the corner.
  const ordered = [...toasts].reverse();

  return (
    <ToastProvider duration={TOAST_DURATION} swipeDirection="right" label="Notification">
      {ordered.map(({ id, title, description, variant, duration, open }) => (
        <Toast
          key={id}
          data-testid="toast"
          variant={variant}
          duration={duration}
          type={variant === "destructive" ? "foreground" : "background"}
          open={open}
          onOpenChange={(nextOpen) => {
            if (!nextOpen) dismiss(id);
          }}
        >
          <ToastBody>
            <ToastTitle>{title}</ToastTitle>
            {description ? <ToastDescription>{description}</ToastDescription> : null}
          </ToastBody>
          <ToastClose />
        </Toast>
      ))}
      <ToastViewport />
    </ToastProvider>
  );
}

export { Toaster };
