/**
 * The AI spec writer (SpecDrafter "ai"): a project's description → a Markdown specification
 * (streamed to the page as it is written) and a Module Blueprint that compiles and validates.
 *
 * One call (task `spec`, prompt `spec-writer` + the Odoo guidelines of the target version); the
 * blueprint is checked by zod, the compiler and the validator, and gets ONE repair round with
 * the problems fed back. Module name, version and depends come from the project, whatever the
 * model wrote. When the AI cannot answer (no provider, circuit open, key refused, rate limits,
 * unusable answer) and a fallback drafter is given, its offline draft is returned with a note —
 * except when the project's AI budget is spent: that must reach the user as it is.
 */
import type { Blueprint } from "@/server/odoo/blueprint/schema";
import { specMarkdown } from "@/server/pipeline/spec/markdown";
import { type DraftContext, type DraftInput, type DraftResult, draftInputSchema, type SpecDrafter } from "@/server/pipeline/spec/types";
import { loadPrompt } from "@/server/ports/ai/prompts";
import { type AiCallContext, type AiClient, AiError, type AiMessage, type AiUsage } from "@/server/ports/ai/types";
import { agentGuidelines, aiErrorReason, type BlueprintCheck, checkBlueprintAnswer, renderProjectContext, sumUsage, usageOf } from "./shared";
import { assumptionsOf, markdownOnly, splitSpecAnswer } from "./spec-answer";

export interface AiSpecWriterOptions {
  /** Used when the AI cannot answer (never for a spent budget). */
  fallback?: SpecDrafter;
  maxTokens?: number;
}

const PROMPT_ID = "spec-writer";

export function createAiSpecWriter(client: AiClient, options: AiSpecWriterOptions = {}): SpecDrafter {
  return {
    name: "ai",
    async draft(rawInput, context = {}) {
      try {
        return await write(client, rawInput, context, options.maxTokens ?? 16_000);
      } catch (error) {
        if (!(error instanceof AiError) || error.kind === "budget" || !options.fallback) throw error;
        return offlineInstead(options.fallback, rawInput, context, error);
      }
    },
  };
}

async function write(client: AiClient, rawInput: DraftInput, context: DraftContext, maxTokens: number): Promise<DraftResult> {
  const input = draftInputSchema.parse(rawInput);
  const depends = input.depends.length ? [...new Set(input.depends)].sort() : ["base"];
  const ctx: AiCallContext = { task: "spec", projectId: context.projectId ?? null, userId: context.userId ?? null, runId: context.runId ?? null };
  const prompt = loadPrompt(PROMPT_ID);
  const systemExtra = agentGuidelines(input.odooVersion);
  const messages: AiMessage[] = [
    {
      role: "user",
      content: `${renderProjectContext({ ...input, depends })}\n\nWrite the specification: the Markdown sections first, then the blueprint in one \`\`\`json block.`,
    },
  ];
  const identity = { title: input.title, moduleName: input.moduleName, odooVersion: input.odooVersion, depends };

  const stream = context.onText ? markdownOnly(context.onText) : null;
  const restart = () => {
    stream?.reset();
    context.onRestart?.();
  };
  const first = await client.complete(ctx, { prompt, systemExtra, messages, maxTokens, temperature: 0.2, onText: stream?.push, onRestart: restart });
  stream?.end();
  let usage: AiUsage | undefined = usageOf(first);
  const answer = splitSpecAnswer(first.text);
  let check = await checkAnswer(answer.json, identity);

  if (!check.ok) {
    const repair = await client.complete(ctx, {
      prompt,
      systemExtra,
      messages: [...messages, { role: "assistant", content: first.text }, { role: "user", content: repairRequest(check.problems) }],
      maxTokens,
      temperature: 0,
    });
    usage = sumUsage(usage, usageOf(repair));
    check = await checkAnswer(splitSpecAnswer(repair.text).json, identity);
    if (!check.ok) {
      throw new AiError(
        "invalid_output",
        `The AI spec writer's blueprint was still invalid after a correction round (${check.problems.slice(0, 3).join("; ")}). Please try again, or write the spec offline.`,
        { provider: repair.provider },
      );
    }
  }

  const blueprint = check.blueprint;
  // A model that wrote only the blueprint still leaves the user a readable spec.
  const markdown = answer.markdown || specMarkdown({ blueprint, description: input.description, notes: [], offline: false });
  return { markdown, blueprint, source: "ai", notes: assumptionsOf(markdown), ai: usage };
}

interface Identity {
  title: string;
  moduleName: string;
  odooVersion: Blueprint["module"]["odooVersion"];
  depends: string[];
}

/** The project decides the module's identity; a model's different opinion is overwritten, not repaired. */
async function checkAnswer(json: string | null, identity: Identity): Promise<BlueprintCheck> {
  if (json === null) {
    return { ok: false, problems: ["No ```json block with the blueprint was found: end the answer with the complete blueprint in one ```json block."] };
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, problems: [`The blueprint is not valid JSON: ${(error as Error).message}`] };
  }
  if (data && typeof data === "object" && !Array.isArray(data)) {
    const record = data as Record<string, unknown>;
    const module = record.module && typeof record.module === "object" ? (record.module as Record<string, unknown>) : {};
    record.module = {
      ...module,
      title: typeof module.title === "string" && module.title.trim() ? module.title : identity.title,
      name: identity.moduleName,
      odooVersion: identity.odooVersion,
      depends: identity.depends,
    };
  }
  return checkBlueprintAnswer(data);
}

function repairRequest(problems: string[]): string {
  return [
    "The blueprint in your answer could not be used:",
    ...problems.map((problem) => `- ${problem}`),
    "",
    "Reply with the corrected blueprint only: the complete blueprint (not only the changed parts) in one ```json block, with no Markdown before or after it.",
  ].join("\n");
}

async function offlineInstead(fallback: SpecDrafter, input: DraftInput, context: DraftContext, error: AiError): Promise<DraftResult> {
  context.onRestart?.(); // the streamed AI text, if any, is not what gets saved
  const draft = await fallback.draft(input, context);
  const note =
    error.kind === "invalid_output"
      ? "The AI writer's answer could not be used, even after a correction round; this is the offline draft."
      : `The AI writer was unavailable (${aiErrorReason(error)}); this is the offline draft.`;
  return { ...draft, source: "offline", notes: [note, ...draft.notes], markdown: withNote(draft.markdown, note), ai: undefined };
}

/** The note right under the title, where the reader looks first. */
function withNote(markdown: string, note: string): string {
  const lines = markdown.split("\n");
  const title = lines.findIndex((line) => /^#\s/.test(line));
  if (title < 0) return `> ${note}\n\n${markdown}`;
  return [...lines.slice(0, title + 1), "", `> ${note}`, ...lines.slice(title + 1)].join("\n");
}
