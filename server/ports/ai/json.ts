/**
 * Turning a model's answer into a validated value: find the JSON (the whole answer in JSON mode,
 * else a ```json fenced block, else the outermost braces), parse it, validate it with zod, and
 * when that fails describe what is wrong in a form the model can act on in its repair round.
 */
import type { ZodType } from "zod";

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** The JSON text inside an answer, or null when there is none to try. */
export function extractJson(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (/^[[{]/.test(trimmed)) return trimmed;
  const fences = [...trimmed.matchAll(/```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
  const fenced = fences.find((block) => /^[[{]/.test(block));
  if (fenced) return fenced;
  // A fence that was never closed (a cut answer) still holds the start of the JSON.
  const open = /```(?:json|JSON)?[ \t]*\r?\n([\s\S]*)$/.exec(trimmed);
  if (open && /^\s*[[{]/.test(open[1]!)) return open[1]!.trim();
  const first = trimmed.indexOf("{");
  const last = trimmed.lastIndexOf("}");
  return first >= 0 && last > first ? trimmed.slice(first, last + 1) : null;
}

const MAX_PROBLEMS = 20;

/** Parses and validates; on failure the problems are one line each, at most 20. */
export function parseAnswer<T>(text: string, schema: ZodType<T>, options: { cut?: boolean } = {}): ParseOutcome<T> {
  const cutNote = options.cut ? ["The answer was cut off at the output token limit: make it shorter (keep every required part)."] : [];
  const json = extractJson(text);
  if (json === null) {
    return { ok: false, problems: [...cutNote, "No JSON found in the answer: reply with one JSON value only."] };
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, problems: [...cutNote, `The JSON does not parse: ${(error as Error).message}`] };
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues;
  const lines = issues.slice(0, MAX_PROBLEMS).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  if (issues.length > MAX_PROBLEMS) lines.push(`…and ${issues.length - MAX_PROBLEMS} more problems of the same kinds.`);
  return { ok: false, problems: [...cutNote, ...lines] };
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

/** The user message of the repair round. */
export function repairMessage(problems: string[]): string {
  return [
    "Your previous answer could not be used:",
    ...problems.map((problem) => `- ${problem}`),
    "",
    "Send the corrected answer: the complete JSON again (not only the changed parts), and nothing else.",
  ].join("\n");
}
