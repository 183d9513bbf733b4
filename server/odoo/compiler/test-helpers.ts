/** Shared by the compiler's unit tests: example blueprints and an XML well-formedness check. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { SaxesParser } from "saxes";
import type { BlueprintInput } from "@/server/odoo/blueprint/schema";

export const EXAMPLES_DIR = path.resolve(import.meta.dirname, "../../../examples/blueprints");

export function loadExamples(): { name: string; blueprint: BlueprintInput }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({ name: file.replace(/\.json$/, ""), blueprint: JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), "utf8")) }));
}

/** Throws on malformed XML; returns the root element's name. */
export function parseXml(xml: string): string {
  const parser = new SaxesParser();
  let root = "";
  let error: Error | null = null;
  parser.on("error", (e) => {
    error ??= e;
  });
  parser.on("opentag", (tag) => {
    root ||= tag.name;
  });
  parser.write(xml).close();
  if (error) throw error;
  return root;
}

/** All text values of attribute `name` in the XML (decoded). */
export function attributeValues(xml: string, name: string): string[] {
  const parser = new SaxesParser();
  const values: string[] = [];
  parser.on("opentag", (tag) => {
    const value = tag.attributes[name];
    if (typeof value === "string") values.push(value);
  });
  parser.write(xml).close();
  return values;
}
