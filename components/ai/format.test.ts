import { describe, expect, it } from "vitest";
import { describeAi, formatPercent, formatTokens, formatUsd } from "./format";

describe("AI formatting", () => {
  it("writes dollars from micro-dollars", () => {
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(400)).toBe("<$0.001");
    expect(formatUsd(42_000)).toBe("$0.042");
    expect(formatUsd(1_350_000)).toBe("$1.35");
    expect(formatUsd(128_400_000)).toBe("$128");
  });

  it("writes tokens in k and M", () => {
    expect(formatTokens(850)).toBe("850");
    expect(formatTokens(12_340)).toBe("12.3k");
    expect(formatTokens(2000)).toBe("2k");
    expect(formatTokens(1_250_000)).toBe("1.3M");
  });

  it("writes percentages", () => {
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(1 / 3)).toBe("33.3%");
    expect(formatPercent(0.5)).toBe("50%");
  });

  it("describes who wrote a version", () => {
    expect(describeAi({ aiProvider: "anthropic", aiModel: "claude-sonnet-4-5", aiCostMicros: 42_000, aiInputTokens: 10_000, aiOutputTokens: 2_300 })).toBe(
      "AI · anthropic/claude-sonnet-4-5 · $0.042 · 12.3k tokens",
    );
    expect(describeAi({ aiProvider: null, aiModel: null, aiCostMicros: 0, aiInputTokens: 0, aiOutputTokens: 0 })).toBeNull();
  });
});
