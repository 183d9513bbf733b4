"use client";

import { useEffect, useState } from "react";
import { cn } from "@/lib/utils";

/** mm:ss until `until`, ticking each second; amber in the last five minutes, as the spec asks. */
export function Countdown({ until, onExpired }: { until: Date; onExpired?: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, until.getTime() - now);
  useEffect(() => {
    if (left === 0) onExpired?.();
  }, [left, onExpired]);
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  const warning = left > 0 && left <= 5 * 60_000;
  return (
    <span
      className={cn("font-mono tabular-nums", warning && "font-semibold text-amber-600", left === 0 && "text-destructive")}
      data-testid="preview-countdown"
      role="timer"
      aria-live={warning ? "polite" : "off"}
    >
      {left === 0 ? "expired" : `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`}
      {warning ? " — ending soon" : ""}
    </span>
  );
}
