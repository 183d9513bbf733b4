/**
 * The offline spec drafter: no AI, no network. Reads the description with simple rules
 * (./recognise.ts), builds a blueprint that compiles (./build-blueprint.ts) and writes the
 * Markdown from that blueprint (./markdown.ts). Same input, same output.
 */
import { blueprintSchema } from "@/server/odoo/blueprint/schema";
import { availableModules, recognise } from "./recognise";
import { buildBlueprint } from "./build-blueprint";
import { specMarkdown } from "./markdown";
import { draftInputSchema, type DraftInput, type DraftResult, type SpecDrafter } from "./types";

export function draftOffline(rawInput: DraftInput): DraftResult {
  const input = draftInputSchema.parse(rawInput);
  const depends = [...new Set(input.depends)].sort();
  const recognised = recognise(input.description, input.title, depends);
  const blueprint = blueprintSchema.parse(
    buildBlueprint({ ...input, depends, modules: availableModules(depends) }, recognised),
  );
  const notes = [...recognised.notes];
  const markdown = specMarkdown({ blueprint, description: input.description, notes, offline: true });
  return { markdown, blueprint, source: "offline", notes };
}

export const offlineDrafter: SpecDrafter = {
  name: "offline",
  async draft(input) {
    return draftOffline(input);
  },
};
