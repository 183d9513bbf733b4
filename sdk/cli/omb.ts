/**
 * `omb`: the Odoo Module Builder command line.
 *
 *   omb build --blueprint b.json [--odoo 17] --out <dir | file.zip>
 *   omb validate <dir | file.zip> --odoo 18 [--module name] [--json]
 *   omb schema                      (the blueprint's JSON Schema)
 *
 * Exit codes: 0 ok, 1 validation errors, 2 usage or input errors.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { type OdooVersion, odooVersions } from "@/lib/odoo-versions";
import { blueprintJsonSchema } from "@/server/odoo/blueprint/schema";
import { BlueprintReferenceError, compileModule } from "@/server/odoo/compiler";
import { bytesOf, unzipModule, zipModule } from "@/server/odoo/module-files";
import { type Finding, validateDirectory, validateZip } from "@/server/odoo/validator";

class UsageError extends Error {}

const USAGE = `Usage:
  omb build --blueprint <file.json> [--odoo 16|17|18|19] --out <dir | file.zip>
  omb validate <dir | file.zip> --odoo 16|17|18|19 [--module <name>] [--json]
  omb schema`;

function odooOption(value: string | undefined, required: boolean): OdooVersion | undefined {
  if (value === undefined) {
    if (required) throw new UsageError("--odoo is required (16, 17, 18 or 19)");
    return undefined;
  }
  const version = value.replace(/\.0$/, "");
  if (!(odooVersions as readonly string[]).includes(version)) throw new UsageError(`--odoo must be 16, 17, 18 or 19 (got ${value})`);
  return version as OdooVersion;
}

function build(args: string[]): number {
  const { values } = parseArgs({ args, options: { blueprint: { type: "string" }, odoo: { type: "string" }, out: { type: "string" } } });
  if (!values.blueprint || !values.out) throw new UsageError("build needs --blueprint and --out");
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(values.blueprint, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read ${values.blueprint}: ${(error as Error).message}`);
  }
  const version = odooOption(values.odoo, false);
  const files = compileModule(input as never, version);
  const moduleName = (input as { module: { name: string } }).module.name;
  if (values.out.endsWith(".zip")) {
    mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
    writeFileSync(values.out, zipModule(moduleName, files));
  } else {
    for (const [file, content] of files) {
      const target = path.join(values.out, moduleName, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, bytesOf(content));
    }
  }
  console.log(`Built ${moduleName} for Odoo ${version ?? (input as { module: { odooVersion: string } }).module.odooVersion}: ${files.size} files → ${values.out}`);
  return 0;
}

function zipFolderName(zip: Uint8Array): string | null {
  try {
    return unzipModule(zip).moduleName;
  } catch {
    return null; // the validator reports the unsafe zip itself
  }
}

async function validate(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { odoo: { type: "string" }, module: { type: "string" }, json: { type: "boolean", default: false } },
  });
  const target = positionals[0];
  if (!target) throw new UsageError("validate needs a module directory or zip");
  const odooVersion = odooOption(values.odoo, true)!;
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(target);
  } catch {
    throw new UsageError(`${target} does not exist`);
  }
  const zip = stat.isDirectory() ? null : new Uint8Array(readFileSync(target));
  // Odoo names a module after its folder: the zip's top folder, or the directory's name.
  const moduleName = values.module ?? (zip && zipFolderName(zip)) ?? path.basename(path.resolve(target)).replace(/\.zip$/, "");
  const findings: Finding[] = zip
    ? await validateZip(zip, { odooVersion, moduleName })
    : await validateDirectory(target, { odooVersion, moduleName });
  const errors = findings.filter((f) => f.severity === "error").length;
  if (values.json) {
    console.log(JSON.stringify({ module: moduleName, odooVersion, errors, findings }, null, 2));
  } else {
    for (const f of findings) {
      const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ""}` : moduleName;
      console.log(`${f.severity.padEnd(7)} ${where}  ${f.message}  [${f.rule}]`);
    }
    const warnings = findings.filter((f) => f.severity === "warning").length;
    console.log(`${errors} error(s), ${warnings} warning(s) for ${moduleName} on Odoo ${odooVersion}.`);
  }
  return errors > 0 ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "build":
        return build(rest);
      case "validate":
        return await validate(rest);
      case "schema":
        console.log(JSON.stringify(blueprintJsonSchema(), null, 2));
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`omb: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ZodError) {
      console.error(`omb: the blueprint is invalid:\n${error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`);
      return 2;
    }
    if (error instanceof BlueprintReferenceError) {
      console.error(`omb: ${error.message}`);
      return 2;
    }
    if (error instanceof Error && error.name === "ParseError") {
      console.error(`omb: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
