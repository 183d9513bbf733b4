import { describe, expect, it } from "vitest";
import { backoffDelay, defaultBackoff, parseRetryAfter } from "./retry";

const headers = (values: Record<string, string>) => new Headers(values);

describe("retry", () => {
  it("full jitter: a random share of base·2^(n-1), capped at 30 s", () => {
    expect(backoffDelay(1, () => 0.999, undefined)).toBe(999);
    expect(backoffDelay(3, () => 0.5, undefined)).toBe(2_000);
    expect(backoffDelay(10, () => 0.999, undefined)).toBe(29_970);
    expect(backoffDelay(2, () => 0, undefined)).toBe(0);
  });

  it("waits at least what retry-after asked, and gives up when that is over a minute", () => {
    expect(backoffDelay(1, () => 0.1, 5_000)).toBe(5_000);
    expect(backoffDelay(5, () => 0.9, 1_000)).toBe(14_400);
    expect(backoffDelay(1, () => 0.1, defaultBackoff.maxRetryAfterMs + 1)).toBeNull();
  });

  it("reads retry-after seconds, HTTP dates and Anthropic's retry-after-ms", () => {
    const now = Date.parse("2025-06-01T12:00:00Z");
    expect(parseRetryAfter(headers({ "retry-after": "7" }), now)).toBe(7_000);
    expect(parseRetryAfter(headers({ "retry-after": "1.5" }), now)).toBe(1_500);
    expect(parseRetryAfter(headers({ "retry-after": "Sun, 01 Jun 2025 12:00:30 GMT" }), now)).toBe(30_000);
    expect(parseRetryAfter(headers({ "retry-after": "Sun, 01 Jun 2025 11:00:00 GMT" }), now)).toBe(0);
    expect(parseRetryAfter(headers({ "retry-after": "7", "retry-after-ms": "6500" }), now)).toBe(6_500);
    expect(parseRetryAfter(headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({}), now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
