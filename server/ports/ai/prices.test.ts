import { describe, expect, it } from "vitest";
import { costMicros, formatUsd, rateOf, unknownModelRate } from "./prices";

describe("prices", () => {
  it("prices models by family, dated ids included", () => {
    expect(costMicros("claude-sonnet-4-5", { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(18_000_000);
    expect(rateOf("claude-sonnet-4-5-20250929")).toMatchObject({ input: 3, output: 15, known: true });
    expect(rateOf("gemini-2.5-flash-lite")).toMatchObject({ input: 0.1, known: true });
    expect(rateOf("gemini-2.5-flash-preview-09-2025")).toMatchObject({ input: 0.3, known: true });
    expect(rateOf("models/gemini-2.5-pro")).toMatchObject({ input: 1.25, known: true });
    expect(costMicros("gemini-2.5-flash", { inputTokens: 3, outputTokens: 1 })).toBe(4); // 0.9 + 2.5 → rounded up
  });

  it("charges unknown models at the dearest rate, so budgets are never under-counted", () => {
    expect(rateOf("claude-future-9")).toEqual({ ...unknownModelRate, known: false });
    expect(costMicros("mystery", { inputTokens: 1_000, outputTokens: 1_000 })).toBe(90_000);
  });

  it("formats dollars, with four decimals under a dollar", () => {
    expect(formatUsd(5_000_000)).toBe("$5.00");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(45_000)).toBe("$0.0450");
  });
});
