/**
 * Prompt files: `server/ports/ai/prompts/<id>.md`, each with front matter `version: N` so every
 * recorded call names the exact prompt it used (`spec-writer@3`). Read once per process; the
 * files ship with the server through `outputFileTracingIncludes` in next.config.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Prompt } from "./types";

const ID = /^[a-z0-9-]+$/;
const cache = new Map<string, Prompt>();

export class PromptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PromptError";
  }
}

export function promptsDir(): string {
  return path.join(process.cwd(), "server", "ports", "ai", "prompts");
}

/** Splits `---\nversion: 3\n---\ntext`; the version is required, other keys are ignored. */
export function parsePrompt(id: string, source: string): Prompt {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source.replace(/^\uFEFF/, ""));
  if (!match) throw new PromptError(`prompt ${id}: missing front matter (start the file with ---, version: N, ---)`);
  const version = /^version:\s*(\d+)\s*$/m.exec(match[1]!);
  if (!version) throw new PromptError(`prompt ${id}: front matter has no "version: N" line`);
  const text = match[2]!.trim();
  if (!text) throw new PromptError(`prompt ${id}: the prompt text is empty`);
  return { id, version: Number(version[1]), text };
}

export function loadPrompt(id: string): Prompt {
  if (!ID.test(id)) throw new PromptError(`prompt id "${id}" is not a file name (lower-case letters, digits, dashes)`);
  const cached = cache.get(id);
  if (cached) return cached;
  const file = path.join(promptsDir(), `${id}.md`);
  if (!existsSync(file)) throw new PromptError(`prompt ${id}: ${path.relative(process.cwd(), file)} does not exist`);
  const prompt = parsePrompt(id, readFileSync(file, "utf8"));
  cache.set(id, prompt);
  return prompt;
}

const guidelines = new Map<string, string>();

/** The Odoo guidelines for a target version: `odoo-common.md` + `odoo-<v>.md`, "" when neither exists. */
export function odooGuidelines(version: "16" | "17" | "18" | "19"): string {
  const cached = guidelines.get(version);
  if (cached !== undefined) return cached;
  const parts: string[] = [];
  for (const id of ["odoo-common", `odoo-${version}`]) {
    const file = path.join(promptsDir(), `${id}.md`);
    if (!existsSync(file)) continue;
    const source = readFileSync(file, "utf8");
    // Front matter is optional here: these are reference text, not prompts of their own.
    parts.push(/^---\r?\n/.test(source) ? parsePrompt(id, source).text : source.trim());
  }
  const text = parts.filter(Boolean).join("\n\n");
  guidelines.set(version, text);
  return text;
}

/** Tests and dev: forget the cached files. */
export function clearPromptCache(): void {
  cache.clear();
  guidelines.clear();
}
