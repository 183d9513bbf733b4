import { describe, expect, it } from "vitest";
import { nextCronTick } from "./cron";

const at = (iso: string) => Date.parse(iso);

describe("cron", () => {
  it("finds the next tick strictly after a time, in UTC", () => {
    expect(nextCronTick("*/5 * * * *", at("2026-01-01T00:01:30Z"))).toBe(at("2026-01-01T00:05:00Z"));
    expect(nextCronTick("*/5 * * * *", at("2026-01-01T00:05:00Z"))).toBe(at("2026-01-01T00:10:00Z"));
    expect(nextCronTick("0 3 * * *", at("2026-01-01T04:00:00Z"))).toBe(at("2026-01-02T03:00:00Z"));
    expect(nextCronTick("TZ=UTC 30 9 * * 1-5", at("2026-01-02T10:00:00Z"))).toBe(at("2026-01-05T09:30:00Z")); // Fri → Mon
    expect(nextCronTick("0 0 1 */3 *", at("2026-01-15T00:00:00Z"))).toBe(at("2026-04-01T00:00:00Z"));
    expect(nextCronTick("15,45 * * * *", at("2026-01-01T00:16:00Z"))).toBe(at("2026-01-01T00:45:00Z"));
  });

  it("treats day-of-month and day-of-week as either/or when both are set", () => {
    // 2026-01-13 is a Tuesday: "the 20th or any Tuesday" fires on the 13th first.
    expect(nextCronTick("0 0 20 * 2", at("2026-01-12T12:00:00Z"))).toBe(at("2026-01-13T00:00:00Z"));
  });

  it("rejects malformed expressions and non-UTC zones", () => {
    expect(() => nextCronTick("* * * *", 0)).toThrow(/5 fields/);
    expect(() => nextCronTick("61 * * * *", 0)).toThrow(/out of range/);
    expect(() => nextCronTick("TZ=Europe/Paris 0 9 * * *", 0)).toThrow(/only UTC/);
    expect(() => nextCronTick("0 0 31 2 *", 0)).toThrow(/never fires/);
  });
});
