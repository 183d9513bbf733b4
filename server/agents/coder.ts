/**
 * The AI coder (Coder "ai"): the approved spec + blueprint → the blueprint the compiler builds,
 * refined where needed and with the Python bodies the compiler cannot write itself (custom
 * computes, custom constraints, onchanges, transition bodies, crons).
 *
 * One structured call (task `code`, prompt `coder` + the Odoo guidelines and blueprint format).
 * The answer is checked here, in this order: zod; the code guard (`codeGuard`: no rename, no
 * version change, no dropped model, field, view or menu); dangerous code in bodies; the
 * compiler's reference checks; the validator; bodies still missing. All problems go back to the
 * model in ONE correction round (validator findings with file, line and rule). After it:
 *   - guard, danger, schema or compile problems → AiError("invalid_output"): such a blueprint
 *     must not be built at all;
 *   - only validator errors → the blueprint is returned with a summary saying so, and the
 *     pipeline's compile stage stops the build listing each finding (file:line: message). That
 *     tells the user exactly what is wrong, which a generic "invalid output" would not;
 *   - only missing bodies → returned; the compiler writes its safe placeholders and the summary
 *     names the methods left empty.
 * When nothing needs code the model is still asked once (it may refine) and may answer
 * `blueprint: null` ("unchanged"), which keeps that answer a few dozen tokens.
 */
import { z } from "zod";
import { BlueprintReferenceError } from "@/server/odoo/blueprint/references";
import { type Blueprint, blueprintSchema } from "@/server/odoo/blueprint/schema";
import { compileModule } from "@/server/odoo/compiler";
import { type Finding, validateModule } from "@/server/odoo/validator";
import type { Coder, CodeInput, CodeResult } from "@/server/pipeline/coder";
import { loadPrompt } from "@/server/ports/ai/prompts";
import { type AiCallContext, type AiClient, AiError, type AiMessage, type AiUsage, type JsonOutputSpec } from "@/server/ports/ai/types";
import { type BodySite, bodySites, dangerousBodies } from "./code-helpers";
import { agentGuidelines, blueprintObjectJsonSchema, compactBlueprint, describeFinding, renderProjectContext, sumUsage } from "./shared";

const PROMPT_ID = "coder";

/** The answer's envelope; the blueprint is checked separately so all its problems share one round. */
export const codeAnswerSchema = z.object({
  summary: z.string().trim().min(1).max(2_000),
  /** The complete refined blueprint; null/absent = the approved blueprint is right as it is. */
  blueprint: z.record(z.string(), z.unknown()).nullish(),
});
export type CodeAnswer = z.infer<typeof codeAnswerSchema>;

const ANSWER_JSON: JsonOutputSpec = {
  name: "coded_blueprint",
  description: "The approved blueprint with every custom Python body written (and refined where the spec needs it).",
  schema: {
    type: "object",
    properties: {
      summary: { type: "string", description: "One or two sentences for the build log: which bodies you wrote and what you refined." },
      blueprint: {
        anyOf: [
          blueprintObjectJsonSchema("The complete blueprint with the bodies filled in, in the format described in the system prompt."),
          { type: "null", description: "The approved blueprint needs no change at all." },
        ],
      },
    },
    required: ["summary", "blueprint"],
  },
};

export interface AiCoderOptions {
  /** Output limit when bodies are to be written (a whole blueprint comes back). */
  maxTokens?: number;
}

export function createAiCoder(client: AiClient, options: AiCoderOptions = {}): Coder {
  return {
    name: "ai",
    async code(input) {
      const approved = input.blueprint;
      const ctx: AiCallContext = { task: "code", projectId: input.project.id, userId: input.project.ownerId ?? null, runId: input.runId ?? null };
      const prompt = loadPrompt(PROMPT_ID);
      const systemExtra = agentGuidelines(approved.module.odooVersion);
      const sites = bodySites(approved);
      const work = sites.some((site) => site.needsBody || site.body);
      const maxTokens = options.maxTokens ?? (work ? 32_000 : 16_000);
      const messages: AiMessage[] = [{ role: "user", content: requestMessage(input, sites) }];
      const ask = (msgs: AiMessage[]) =>
        client.structured(ctx, { prompt, systemExtra, messages: msgs, json: ANSWER_JSON, maxTokens, temperature: 0.1 }, codeAnswerSchema);

      const first = await ask(messages);
      let usage: AiUsage | undefined = first.usage;
      let answer = first.value;
      let check = await evaluate(approved, answer);
      let repaired = false;
      if (check.fatal.length || check.findings.length || check.missing.length) {
        const repair = await ask([...messages, { role: "assistant", content: first.result.text }, { role: "user", content: repairRequest(check) }]);
        usage = sumUsage(usage, repair.usage);
        answer = repair.value;
        check = await evaluate(approved, answer);
        repaired = true;
        if (check.fatal.length || !check.blueprint) {
          throw new AiError(
            "invalid_output",
            `The AI coder's blueprint could not be used, even after a correction round (${check.fatal.slice(0, 3).join("; ")}). Please try the build again, or build without AI.`,
            { provider: repair.result.provider },
          );
        }
      }
      return { blueprint: check.blueprint!, summary: summaryOf(answer, check, repaired), ai: usage } satisfies CodeResult;
    },
  };
}

interface CodeCheck {
  blueprint: Blueprint | null;
  /** Problems that forbid building this blueprint at all. */
  fatal: string[];
  /** Validator errors of the compiled module. */
  findings: Finding[];
  /** Sites that need a body and have none. */
  missing: BodySite[];
}

async function evaluate(approved: Blueprint, answer: CodeAnswer): Promise<CodeCheck> {
  const empty = { findings: [], missing: [] };
  let blueprint: Blueprint;
  if (answer.blueprint == null) {
    blueprint = approved;
  } else {
    const parsed = blueprintSchema.safeParse(answer.blueprint);
    if (!parsed.success) {
      const issues = parsed.error.issues;
      return {
        blueprint: null,
        fatal: [...issues.slice(0, 20).map((issue) => `blueprint/${issue.path.join("/")}: ${issue.message}`), ...(issues.length > 20 ? [`…and ${issues.length - 20} more`] : [])],
        ...empty,
      };
    }
    blueprint = parsed.data;
  }
  const fatal = [...codeGuard(approved, blueprint), ...dangerousBodies(blueprint)];
  if (fatal.length) return { blueprint, fatal, ...empty };
  let files;
  try {
    files = compileModule(blueprint);
  } catch (error) {
    if (error instanceof BlueprintReferenceError) return { blueprint, fatal: error.problems.slice(0, 20).map((p) => `${p.path}: ${p.message}`), ...empty };
    throw error;
  }
  const findings = (await validateModule(files, { odooVersion: blueprint.module.odooVersion, moduleName: blueprint.module.name })).filter((f) => f.severity === "error");
  const missing = bodySites(blueprint).filter((site) => site.needsBody && !site.body?.trim());
  return { blueprint, fatal: [], findings, missing };
}

/**
 * The code guard: the coder fills in and refines, it never takes away. Returns one problem per
 * violation: a renamed module, another Odoo version, a model, field, view or menu of the approved
 * blueprint that is gone. Additions and body changes are fine.
 */
export function codeGuard(approved: Blueprint, coded: Blueprint): string[] {
  const problems: string[] = [];
  if (coded.module.name !== approved.module.name) problems.push(`module.name must stay "${approved.module.name}" (the project fixes it)`);
  if (coded.module.odooVersion !== approved.module.odooVersion) problems.push(`module.odooVersion must stay "${approved.module.odooVersion}"`);
  const models = new Map(coded.models.map((m) => [m.name, m]));
  for (const model of approved.models) {
    const kept = models.get(model.name);
    if (!kept) {
      problems.push(`the model ${model.name} of the approved blueprint is missing; keep every approved model`);
      continue;
    }
    const fields = new Set(kept.fields.map((f) => f.name));
    const dropped = model.fields.filter((f) => !fields.has(f.name)).map((f) => f.name);
    if (dropped.length) problems.push(`${model.name}: the approved field(s) ${dropped.join(", ")} are missing; keep every approved field (add new ones if needed)`);
  }
  const viewKey = (v: Blueprint["views"][number]) => `${v.type} view of ${v.model}${v.type === "inherit" ? ` (${v.inheritId})` : ""}`;
  const views = new Map<string, number>();
  for (const view of coded.views) views.set(viewKey(view), (views.get(viewKey(view)) ?? 0) + 1);
  for (const view of approved.views) {
    const left = views.get(viewKey(view)) ?? 0;
    if (left > 0) views.set(viewKey(view), left - 1);
    else problems.push(`the approved ${viewKey(view)} is missing; keep every approved view`);
  }
  const menus = new Set(coded.menus.map((m) => m.id));
  const droppedMenus = approved.menus.filter((m) => !menus.has(m.id)).map((m) => m.id);
  if (droppedMenus.length) problems.push(`the approved menu(s) ${droppedMenus.join(", ")} are missing; keep every approved menu`);
  return problems;
}

function summaryOf(answer: CodeAnswer, check: CodeCheck, repaired: boolean): string {
  const parts = [answer.summary.replace(/\s+/g, " ").trim()];
  if (answer.blueprint == null) parts.push("(blueprint unchanged)");
  if (repaired) parts.push("(after one correction round)");
  if (check.findings.length) {
    parts.push(
      `— the validator still reports ${check.findings.length} error(s) after the correction round (${check.findings.slice(0, 3).map(describeFinding).join("; ")}): the compile stage stops the build`,
    );
  }
  if (check.missing.length) parts.push(`— left without a body (the compiler's placeholder runs): ${check.missing.map((s) => s.label).join(", ")}`);
  return parts.join(" ");
}

function describeSite(site: BodySite): string {
  const state = site.body?.trim() ? "has a body (keep it unless it is wrong or the spec asks for more)" : site.needsBody ? "NEEDS A BODY" : "no body (write one only if the spec asks for something to happen)";
  return `- ${site.label} — ${site.hint}; ${state}. Path: ${site.path}`;
}

function requestMessage(input: CodeInput, sites: BodySite[]): string {
  const work = sites.some((site) => site.needsBody || site.body);
  return [
    renderProjectContext(input.project),
    "",
    "## Approved specification (Markdown)",
    "<<<SPEC",
    input.markdown.trim() || "(no Markdown: work from the blueprint)",
    "SPEC>>>",
    "",
    "## Approved blueprint (JSON; keys at their default value are left out)",
    "```json",
    compactBlueprint(input.blueprint),
    "```",
    "",
    "## Custom code in this blueprint",
    ...(sites.length ? sites.map(describeSite) : ["(none)"]),
    "",
    work
      ? "Write every body marked NEEDS A BODY (and transition bodies the spec asks for), refine the blueprint only where the spec needs logic it does not express yet, and answer with the JSON object: `summary` and the complete `blueprint`."
      : "Nothing in this blueprint asks for custom code. If the spec needs no logic beyond what the blueprint declares, answer `{\"summary\": \"…\", \"blueprint\": null}` (keep it short). Otherwise add what is missing (a custom compute, constraint, onchange or transition body) and send the complete blueprint.",
  ].join("\n");
}

function repairRequest(check: CodeCheck): string {
  const lines = ["Your answer could not be used as it is."];
  if (check.fatal.length) lines.push("", "Problems with the blueprint:", ...check.fatal.map((p) => `- ${p}`));
  if (check.findings.length) {
    lines.push("", "The compiled module has validator errors (file:line [rule] message):", ...check.findings.slice(0, 25).map((f) => `- ${describeFinding(f)}`));
  }
  if (check.missing.length) lines.push("", "Methods that still have no body:", ...check.missing.map((s) => `- ${s.label} (${s.path})`));
  lines.push("", "Send the corrected answer: the same JSON object with the complete corrected blueprint (not only the changed parts).");
  return lines.join("\n");
}
