/**
 * `omb`: the Odoo Module Builder command line.
 *
 *   omb build --blueprint b.json [--odoo 17] --out <dir | file.zip>
 *   omb validate <dir | file.zip> --odoo 18 [--module name] [--json]
 *   omb test <dir | file.zip> --odoo 17 [--json]     install with tests in a fresh local sandbox
 *   omb preview <dir | file.zip> --odoo 17 [--minutes 60]   a live Odoo until Ctrl-C or expiry
 *   omb schema                      (the blueprint's JSON Schema)
 *
 * Exit codes: 0 ok, 1 validation errors / failed install or tests, 2 usage or input errors,
 * 3 no sandbox available (no Odoo tree for that version on this machine).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { type OdooVersion, odooVersions } from "@/lib/odoo-versions";
import { blueprintJsonSchema } from "@/server/odoo/blueprint/schema";
import { BlueprintReferenceError, compileModule } from "@/server/odoo/compiler";
import { bytesOf, manifestDepends, textOf, unzipModule, zipModule } from "@/server/odoo/module-files";
import { localSandboxProvider } from "@/server/ports/sandbox/local";
import { SandboxUnavailableError } from "@/server/ports/sandbox/types";
import { type Finding, validateDirectory, validateZip } from "@/server/odoo/validator";

class UsageError extends Error {}

const USAGE = `Usage:
  omb build --blueprint <file.json> [--odoo 16|17|18|19] --out <dir | file.zip>
  omb validate <dir | file.zip> --odoo 16|17|18|19 [--module <name>] [--json]
  omb test <dir | file.zip> --odoo 16|17|18|19 [--json]
  omb preview <dir | file.zip> --odoo 16|17|18|19 [--minutes 60]
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

/** A module from a directory (`…/<module>/__manifest__.py`) or a zip, with its name and depends. */
function loadModule(target: string): { moduleName: string; files: Map<string, Uint8Array>; depends: string[] } {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(target);
  } catch {
    throw new UsageError(`${target} does not exist`);
  }
  let moduleName: string | null;
  let files: Map<string, Uint8Array>;
  if (stat.isDirectory()) {
    moduleName = path.basename(path.resolve(target));
    files = new Map();
    const walk = (dir: string, prefix: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === "__pycache__" || entry.name.startsWith(".")) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full, `${prefix}${entry.name}/`);
        else if (entry.isFile()) files.set(`${prefix}${entry.name}`, new Uint8Array(readFileSync(full)));
      }
    };
    walk(target, "");
  } else {
    ({ moduleName, files } = unzipModule(new Uint8Array(readFileSync(target))));
    moduleName ??= path.basename(target).replace(/\.zip$/, "");
  }
  const manifest = files.get("__manifest__.py");
  if (!manifest) throw new UsageError(`${target} has no __manifest__.py`);
  return { moduleName, files, depends: manifestDepends(textOf(manifest)) };
}

async function sandboxFor(odooVersion: OdooVersion, depends: string[], minutes: number) {
  const provider = localSandboxProvider({ previewSecret: randomBytes(32).toString("hex"), appOrigin: "http://127.0.0.1" });
  try {
    return await provider.create({ odooVersion, depends, timeoutMs: minutes * 60_000, labels: { source: "cli" } });
  } catch (error) {
    if (error instanceof SandboxUnavailableError) throw new UnavailableError(error.message);
    throw error;
  }
}

class UnavailableError extends Error {}

async function testCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { odoo: { type: "string" }, json: { type: "boolean", default: false } } });
  if (!positionals[0]) throw new UsageError("test needs a module directory or zip");
  const odooVersion = odooOption(values.odoo, true)!;
  const module = loadModule(positionals[0]);
  const sandbox = await sandboxFor(odooVersion, module.depends, 30);
  try {
    await sandbox.writeModule(module.moduleName, module.files);
    const { log, ...verdict } = await sandbox.install(module.moduleName, { tests: true });
    if (values.json) console.log(JSON.stringify({ module: module.moduleName, odooVersion, ...verdict }, null, 2));
    else {
      console.log(`${module.moduleName} on Odoo ${odooVersion}: ${verdict.state}, ${verdict.testsRun - verdict.testsFailed}/${verdict.testsRun} tests passed in ${(verdict.durationMs / 1000).toFixed(1)} s`);
      for (const e of verdict.errors) console.log(`error   ${e.file ? `${e.file}${e.line ? `:${e.line}` : ""}  ` : ""}${e.message}  [${e.kind}]`);
      for (const f of verdict.failures) console.log(`failed  ${f.test}${f.file ? ` (${f.file}${f.line ? `:${f.line}` : ""})` : ""}\n        ${f.message.split("\n").join("\n        ")}`);
      if (!verdict.installed) console.log(log.split("\n").slice(-15).join("\n"));
    }
    return verdict.installed && verdict.testsFailed === 0 ? 0 : 1;
  } finally {
    await sandbox.destroy();
  }
}

async function previewCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { odoo: { type: "string" }, minutes: { type: "string", default: "60" } } });
  if (!positionals[0]) throw new UsageError("preview needs a module directory or zip");
  const odooVersion = odooOption(values.odoo, true)!;
  const minutes = Number(values.minutes);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) throw new UsageError("--minutes must be a whole number of minutes (1–1440)");
  const module = loadModule(positionals[0]);
  const sandbox = await sandboxFor(odooVersion, module.depends, minutes);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping the preview and dropping its database…");
    await sandbox.destroy();
  };
  try {
    await sandbox.writeModule(module.moduleName, module.files);
    const verdict = await sandbox.install(module.moduleName, { tests: false });
    if (!verdict.installed) {
      console.error(`${module.moduleName} did not install on Odoo ${odooVersion}: ${verdict.errors[0]?.message ?? verdict.state}`);
      return 1;
    }
    const preview = await sandbox.startServer({ demo: true });
    console.log(`Odoo ${odooVersion} with ${module.moduleName} is live until ${sandbox.expiresAt.toLocaleTimeString()}:\n\n  ${sandbox.previewLink()}\n\n  login: ${preview.login}   password: ${preview.password}\n\nCtrl-C stops it.`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, sandbox.expiresAt.getTime() - Date.now());
      const onSignal = () => {
        clearTimeout(timer);
        resolve();
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
    });
    return 0;
  } finally {
    await stop();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "build":
        return build(rest);
      case "validate":
        return await validate(rest);
      case "test":
        return await testCommand(rest);
      case "preview":
        return await previewCommand(rest);
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
    if (error instanceof UnavailableError) {
      console.error(`omb: ${error.message}`);
      return 3;
    }
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
