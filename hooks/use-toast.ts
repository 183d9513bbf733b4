"use client";

import * as React from "react";

/** Maximum number of toasts visible at the same time; older ones are dismissed. */
export const TOAST_LIMIT = 3;
/** Default time (ms) before a toast dismisses itself. Paused while hovered or focused. */
export const TOAST_DURATION = 5000;
/** Time (ms) a dismissed toast stays mounted so its exit animation can finish. */
const TOAST_REMOVE_DELAY = 1000;

export type ToastVariant = "default" | "destructive" | "success";

export interface ToastOptions {
  title: React.ReactNode;
  description?: React.ReactNode;
  variant?: ToastVariant;
  /** Auto-dismiss delay in ms; defaults to {@link TOAST_DURATION}. Use `Infinity` to keep it open. */
  duration?: number;
}

export interface ToasterToast extends ToastOptions {
  id: string;
  open: boolean;
}

export interface ToastHandle {
  id: string;
  dismiss: () => void;
  update: (patch: Partial<ToastOptions>) => void;
}

type Listener = () => void;

const EMPTY: readonly ToasterToast[] = [];

let toasts: readonly ToasterToast[] = EMPTY;
let counter = 0;
const listeners = new Set<Listener>();
const removalTimers = new Map<string, ReturnType<typeof setTimeout>>();

function setToasts(next: readonly ToasterToast[]): void {
  toasts = next;
  for (const listener of listeners) listener();
}

function nextId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `toast-${counter}`;
}

function scheduleRemoval(id: string): void {
  if (removalTimers.has(id)) return;
  const timer = setTimeout(() => {
    removalTimers.delete(id);
    setToasts(toasts.filter((t) => t.id !== id));
  }, TOAST_REMOVE_DELAY);
  removalTimers.set(id, timer);
}

/** Close one toast (by id) or all toasts (no id). Closed toasts are removed after their exit animation. */
export function dismiss(id?: string): void {
  let changed = false;
  const next = toasts.map((t) => {
    if (!t.open || (id !== undefined && t.id !== id)) return t;
    changed = true;
    scheduleRemoval(t.id);
    return { ...t, open: false };
  });
  if (changed) setToasts(next);
}

function update(id: string, patch: Partial<ToastOptions>): void {
  if (!toasts.some((t) => t.id === id)) return;
  setToasts(toasts.map((t) => (t.id === id ? { ...t, ...patch } : t)));
}

/**
 * Show a toast. Callable from any client-side code (event handlers, mutations, effects);
 * rendered by the `<Toaster />` mounted in the root layout.
 */
export function toast(options: ToastOptions): ToastHandle {
  const id = nextId();
  let openCount = 0;
  const next = [{ ...options, id, open: true }, ...toasts].map((t) => {
    if (!t.open) return t;
    openCount += 1;
    if (openCount <= TOAST_LIMIT) return t;
    scheduleRemoval(t.id);
    return { ...t, open: false };
  });
  setToasts(next);

  return {
    id,
    dismiss: () => dismiss(id),
    update: (patch) => update(id, patch),
  };
}

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function getSnapshot(): readonly ToasterToast[] {
  return toasts;
}

function getServerSnapshot(): readonly ToasterToast[] {
  return EMPTY;
}

/** Subscribe to the toast store. Newest toast first. */
export function useToast(): {
  toasts: readonly ToasterToast[];
  toast: typeof toast;
  dismiss: typeof dismiss;
} {
  const current = React.useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  return { toasts: current, toast, dismiss };
}
