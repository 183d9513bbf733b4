/**
 * How the UI writes AI cost and tokens: dollars from micro-dollars (1 USD = 1e6) with enough
 * decimals to tell small calls apart, and token counts in k/M. Fixed locale, so the server and
 * the browser render the same text.
 */

/** $0 · <$0.001 · $0.042 · $1.35 · $128 */
export function formatUsd(micros: number): string {
  if (micros <= 0) return "$0";
  const usd = micros / 1_000_000;
  if (usd < 0.001) return "<$0.001";
  if (usd < 1) return `$${usd.toFixed(3)}`;
  if (usd < 100) return `$${usd.toFixed(2)}`;
  return `$${Math.round(usd).toLocaleString("en-US")}`;
}

/** 850 · 12.3k · 1.2M */
export function formatTokens(tokens: number): string {
  if (tokens < 1000) return String(tokens);
  if (tokens < 1_000_000) return `${trim((tokens / 1000).toFixed(1))}k`;
  return `${trim((tokens / 1_000_000).toFixed(1))}M`;
}

const trim = (text: string) => text.replace(/\.0$/, "");

export function formatPercent(ratio: number): string {
  if (ratio <= 0) return "0%";
  if (ratio < 0.001) return "<0.1%";
  return `${trim((ratio * 100).toFixed(1))}%`;
}

export interface AiProvenanceFields {
  aiProvider: string | null;
  aiModel: string | null;
  aiCostMicros: number;
  aiInputTokens: number;
  aiOutputTokens: number;
}

/** "AI · anthropic/claude-sonnet-4-5 · $0.042 · 12.3k tokens", or null when no AI wrote it. */
export function describeAi(fields: AiProvenanceFields): string | null {
  if (!fields.aiProvider) return null;
  const model = fields.aiModel ? `${fields.aiProvider}/${fields.aiModel}` : fields.aiProvider;
  return `AI · ${model} · ${formatUsd(fields.aiCostMicros)} · ${formatTokens(fields.aiInputTokens + fields.aiOutputTokens)} tokens`;
}

/** Task names as the pages show them. */
export const aiTaskLabels: Record<string, string> = {
  spec: "Specification",
  code: "Code",
  fix: "Fixes",
  tests: "UI tests",
  review: "Review",
  adjust: "Adjustments",
};
