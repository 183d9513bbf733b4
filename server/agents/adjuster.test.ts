import { describe, expect, it } from "vitest";
import { type Blueprint, blueprintSchema } from "@/server/odoo/blueprint/schema";
import { compileModule } from "@/server/odoo/compiler";
import { validateModule } from "@/server/odoo/validator";
import { odooGuidelines } from "@/server/ports/ai";
import { AiError } from "@/server/ports/ai/types";
import { contradiction, createAiAdjuster } from "./adjuster";
import { loadAdjustFixture, loadSpecFixture } from "./fixtures";
import { splitSpecAnswer } from "./spec-answer";
import { agentProject, scriptedClient } from "./testing";

const spec = loadSpecFixture("library_management");
const approved = splitSpecAnswer(spec.answer);
const approvedBlueprint: Blueprint = blueprintSchema.parse(JSON.parse(approved.json!));
const applyFixture = loadAdjustFixture("library_management.apply");
const contradictsFixture = loadAdjustFixture("library_management.contradicts");

const project = agentProject({
  id: "project-library",
  moduleName: "library_management",
  title: "Community Library",
  odooVersion: "16",
  description: spec.input.description,
  status: "uat",
});

const clientWith = scriptedClient;

const input = (request: string) => ({ project, request, markdown: approved.markdown, blueprint: approvedBlueprint, userId: "user-1" });

/** The apply fixture's answer with its blueprint changed. */
function applyWith(change: (bp: Record<string, unknown>) => void, extra: Record<string, unknown> = {}): string {
  const answer = structuredClone(applyFixture.answer) as Record<string, unknown>;
  change(answer.blueprint as Record<string, unknown>);
  return JSON.stringify({ ...answer, ...extra });
}

describe("AI adjuster", () => {
  it("applies an additive request: the new field is in the blueprint, which compiles and validates", async () => {
    const { client, provider } = clientWith([{ text: JSON.stringify(applyFixture.answer), ...applyFixture.usage }]);
    const result = await createAiAdjuster(client).adjust(input(applyFixture.request));

    expect(result.verdict).toBe("apply");
    if (result.verdict !== "apply") return;
    const book = result.blueprint.models.find((m) => m.name === "library.book")!;
    expect(book.fields.find((f) => f.name === "language")).toMatchObject({ type: "selection", required: true });
    const files = compileModule(result.blueprint);
    expect([...files.keys()].some((path) => path.startsWith("models/"))).toBe(true);
    const findings = await validateModule(files, { odooVersion: "16", moduleName: "library_management" });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(result.markdown).toContain("## Revision");
    expect(result.markdown).toContain("Language");
    expect(result.ai).toMatchObject({ inputTokens: applyFixture.usage.inputTokens, outputTokens: applyFixture.usage.outputTokens, calls: 1 });

    const request = provider.requests[0]!;
    expect(request.json?.name).toBe("adjustment");
    expect(request.system).toContain("never be applied silently");
    expect(request.system).toContain(odooGuidelines("16"));
    const user = request.messages[0]!.content;
    expect(user).toContain(approved.markdown);
    expect(user).toContain('"name":"library.book"');
    expect(user).toContain(applyFixture.request);
  });

  it("a contradicting request comes back as contradicts, with the quoted spec and no blueprint", async () => {
    const { client } = clientWith([{ text: JSON.stringify(contradictsFixture.answer), ...contradictsFixture.usage }]);
    const result = await createAiAdjuster(client).adjust(input(contradictsFixture.request));
    expect(result.verdict).toBe("contradicts");
    expect(result).not.toHaveProperty("blueprint");
    expect(result).not.toHaveProperty("markdown");
    expect(result.explanation).toMatch(/^> /m);
    expect(result.ai?.calls).toBe(1);
  });

  it("a module rename is caught by the code guard even when the model says apply", async () => {
    const renamed = applyWith((bp) => {
      bp.module = { ...(bp.module as object), name: "library_pro" };
    });
    const { client, provider } = clientWith([renamed]);
    const result = await createAiAdjuster(client).adjust(input("Please call the module library_pro and add a language field."));
    expect(result.verdict).toBe("contradicts");
    expect(result.explanation).toContain("`library_management` to `library_pro`");
    expect(result.explanation).toMatch(/^> /m);
    expect(provider.requests).toHaveLength(1);
  });

  it("an Odoo version change is a contradiction too", async () => {
    const moved = applyWith((bp) => {
      bp.module = { ...(bp.module as object), odooVersion: "18" };
    });
    const { client } = clientWith([moved]);
    const result = await createAiAdjuster(client).adjust(input("Add a language field"));
    expect(result.verdict).toBe("contradicts");
    expect(result.explanation).toContain("Odoo 16 to Odoo 18");
  });

  it("a model deleted without being asked for is a contradiction; asked for by name, it applies", async () => {
    const withoutGenres = applyWith(removeGenres);
    const unasked = clientWith([withoutGenres]);
    const refused = await createAiAdjuster(unasked.client).adjust(input("Add a language field to books"));
    expect(refused.verdict).toBe("contradicts");
    expect(refused.explanation).toContain("`library.genre`");

    const asked = clientWith([withoutGenres]);
    const applied = await createAiAdjuster(asked.client).adjust(input("We don't use genres: please remove them, and add a language field."));
    expect(applied.verdict).toBe("apply");
    if (applied.verdict === "apply") expect(applied.blueprint.models.map((m) => m.name)).not.toContain("library.genre");
  });

  it("an invalid revised blueprint gets one repair round with the problems, then applies", async () => {
    const broken = applyWith((bp) => {
      (bp.views as unknown[]).push({ type: "search", model: "library.book", fields: ["lang"] });
    });
    const { client, provider } = clientWith([broken, JSON.stringify(applyFixture.answer)]);
    const result = await createAiAdjuster(client).adjust(input(applyFixture.request));
    expect(result.verdict).toBe("apply");
    expect(provider.requests).toHaveLength(2);
    const repair = provider.requests[1]!.messages;
    expect(repair[1]).toEqual({ role: "assistant", content: broken });
    expect(repair[2]!.content).toContain("Field lang does not exist on library.book");
    expect(result.ai?.calls).toBe(2);
  });

  it("twice invalid → AiError invalid_output", async () => {
    const broken = applyWith((bp) => {
      (bp.models as { fields: { type: string }[] }[])[0]!.fields[0]!.type = "strng";
    });
    const { client } = clientWith([broken, broken]);
    const error = await createAiAdjuster(client).adjust(input(applyFixture.request)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AiError);
    expect((error as AiError).kind).toBe("invalid_output");
  });

  it("apply without the blueprint is an envelope error the client repairs", async () => {
    const incomplete = JSON.stringify({ verdict: "apply", explanation: "Added it." });
    const { client, provider } = clientWith([incomplete, JSON.stringify(applyFixture.answer)]);
    const result = await createAiAdjuster(client).adjust(input(applyFixture.request));
    expect(result.verdict).toBe("apply");
    expect(provider.requests[1]!.messages.at(-1)!.content).toContain("blueprint");
  });

  it("adds a Revision section when the model forgot it", async () => {
    const answer = { ...applyFixture.answer, markdown: approved.markdown };
    const { client } = clientWith([JSON.stringify(answer)]);
    const result = await createAiAdjuster(client).adjust(input(applyFixture.request));
    expect(result.verdict).toBe("apply");
    if (result.verdict === "apply") expect(result.markdown).toContain(`## Revision\n\n- Requested: ${applyFixture.request}`);
  });
});

describe("contradiction guard", () => {
  it("lets an unchanged identity and kept models through", () => {
    expect(contradiction(input("anything"), approvedBlueprint)).toBeNull();
  });

  it("ignores deleted models that hold no data of their own", () => {
    const bp = structuredClone(approvedBlueprint);
    bp.models.push({ ...bp.models[0]!, name: "library.summary", fields: [] });
    const revised = structuredClone(approvedBlueprint);
    expect(contradiction({ ...input("x"), blueprint: bp }, revised)).toBeNull();
  });
});

function removeGenres(bp: Record<string, unknown>) {
  const models = bp.models as { name: string; fields: { name: string }[] }[];
  bp.models = models.filter((m) => m.name !== "library.genre");
  for (const model of bp.models as typeof models) model.fields = model.fields.filter((f) => f.name !== "genre_id");
  bp.views = (bp.views as { model: string; type: string; groupBy?: unknown; fields?: unknown[]; groups?: { fields: unknown[] }[] }[])
    .filter((v) => v.model !== "library.genre" && !(v.type === "kanban" && v.groupBy === "genre_id"))
    .map((v) => ({
      ...v,
      ...(Array.isArray(v.groupBy) ? { groupBy: v.groupBy.filter((g) => g !== "genre_id") } : {}),
      ...(v.fields ? { fields: v.fields.filter((f) => f !== "genre_id") } : {}),
      ...(v.groups ? { groups: v.groups.map((g) => ({ ...g, fields: g.fields.filter((f) => f !== "genre_id") })) } : {}),
    }));
  bp.menus = (bp.menus as { model?: string }[]).filter((m) => m.model !== "library.genre");
  const security = bp.security as { acls: { model: string }[] };
  security.acls = security.acls.filter((a) => a.model !== "library.genre");
  bp.demo = (bp.demo as { model: string; values: Record<string, unknown> }[])
    .filter((d) => d.model !== "library.genre")
    .map((d) => ({ ...d, values: Object.fromEntries(Object.entries(d.values).filter(([k]) => k !== "genre_id")) }));
}
