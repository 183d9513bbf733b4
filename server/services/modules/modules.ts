/**
 * Module versions: compile a blueprint for a project, validate it, store the zip, and read it
 * back (file tree, one file, a signed download link). Version N is immutable once written.
 */
import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, max } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type FileEdit, type ModuleVersion, moduleVersions, type Project } from "@/db/schema";
import { applyFileEdits, FileEditError } from "@/server/odoo/file-edits";
import type { AiUsage } from "@/server/ports/ai/types";
import { AppError, isUniqueViolation, notFound } from "@/server/errors";
import { blueprintSchema, type BlueprintInput } from "@/server/odoo/blueprint/schema";
import { BlueprintReferenceError, compileModule } from "@/server/odoo/compiler";
import { type ModuleFiles, textOf, unzipModule, zipModule } from "@/server/odoo/module-files";
import { type Finding, sortFindings, validateModule } from "@/server/odoo/validator";
import type { BlobStore } from "@/server/ports/storage";
import { signBlobUrl } from "@/server/ports/storage";
import { recordAudit } from "@/server/services/audit/audit";

export interface ModuleDeps {
  db: Database;
  store: BlobStore;
}

export interface Actor {
  userId: string;
  ip?: string | null;
}

export function summarise(findings: readonly Finding[]) {
  return {
    errors: findings.filter((f) => f.severity === "error").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
    infos: findings.filter((f) => f.severity === "info").length,
  };
}

/**
 * The blueprint as the project defines it: the project's module name and Odoo version win over
 * whatever the blueprint says, so a version can never be built for another module by mistake.
 */
export function blueprintForProject(project: Project, input: BlueprintInput) {
  return blueprintSchema.parse({
    ...input,
    module: { ...input.module, name: project.moduleName, odooVersion: project.odooVersion },
  });
}

/** Compiles and validates without storing anything (the editor's "check" button). */
export async function checkBlueprint(input: BlueprintInput, fileEdits: readonly FileEdit[] = []): Promise<{ findings: Finding[]; files: string[] }> {
  const blueprint = blueprintSchema.parse(input);
  const files = applyEditsOrExplain(compileOrExplain(blueprint), fileEdits);
  const findings = sortFindings(
    await validateModule(files, { odooVersion: blueprint.module.odooVersion, moduleName: blueprint.module.name }),
  );
  return { findings, files: [...files.keys()] };
}

function compileOrExplain(blueprint: ReturnType<typeof blueprintSchema.parse>): ModuleFiles {
  try {
    return compileModule(blueprint);
  } catch (error) {
    if (error instanceof BlueprintReferenceError) {
      throw new AppError("BAD_REQUEST", error.message, {
        fields: Object.fromEntries(error.problems.map((p) => [p.path, p.message])),
        cause: error,
      });
    }
    throw error;
  }
}

/** What a version carries beside its blueprint: edits to named files, and who (which AI) wrote it. */
export interface VersionExtra {
  fileEdits?: FileEdit[];
  ai?: AiUsage;
  summary?: string;
}

function applyEditsOrExplain(files: ModuleFiles, edits: readonly FileEdit[]): ModuleFiles {
  if (!edits.length) return files;
  try {
    return applyFileEdits(files, edits);
  } catch (error) {
    if (error instanceof FileEditError) throw new AppError("BAD_REQUEST", `A file edit does not apply: ${error.message}`, { cause: error });
    throw error;
  }
}

export async function buildModuleVersion(
  deps: ModuleDeps,
  actor: Actor,
  project: Project,
  input: BlueprintInput,
  source: ModuleVersion["source"] = "compiler",
  extra: VersionExtra = {},
): Promise<{ version: ModuleVersion; reused: boolean }> {
  const blueprint = blueprintForProject(project, input);
  const fileEdits = extra.fileEdits ?? [];
  const files = applyEditsOrExplain(compileOrExplain(blueprint), fileEdits);
  const findings = sortFindings(
    await validateModule(files, { odooVersion: project.odooVersion, moduleName: project.moduleName }),
  );
  const zip = zipModule(project.moduleName, files);
  const sha256 = createHash("sha256").update(zip).digest("hex");

  // Building the same thing twice (a retried step, a double click) gives back the same version.
  const [latest] = await deps.db
    .select()
    .from(moduleVersions)
    .where(eq(moduleVersions.projectId, project.id))
    .orderBy(desc(moduleVersions.number))
    .limit(1);
  if (latest && latest.sha256 === sha256 && latest.source === source) return { version: latest, reused: true };

  const id = randomUUID();
  // The key carries the row id, not N: two racing builds can never overwrite each other's zip.
  const blobKey = `projects/${project.id}/modules/${id}.zip`;
  await deps.store.put(blobKey, zip, { contentType: "application/zip" });

  for (let attempt = 0; ; attempt += 1) {
    try {
      const version = await deps.db.transaction(async (tx) => {
        const [{ value } = { value: 0 }] = await tx
          .select({ value: max(moduleVersions.number) })
          .from(moduleVersions)
          .where(eq(moduleVersions.projectId, project.id));
        const [row] = await tx
          .insert(moduleVersions)
          .values({
            id,
            projectId: project.id,
            number: (value ?? 0) + 1,
            odooVersion: project.odooVersion,
            source,
            blueprint: blueprint as unknown as Record<string, unknown>,
            blobKey,
            sizeBytes: zip.byteLength,
            sha256,
            files: [...files].map(([path, content]) => ({
              path,
              size: typeof content === "string" ? Buffer.byteLength(content) : content.byteLength,
            })),
            findings,
            findingSummary: summarise(findings),
            fileEdits,
            aiProvider: extra.ai?.provider ?? null,
            aiModel: extra.ai?.model ?? null,
            aiCostMicros: extra.ai?.costMicros ?? 0,
            aiInputTokens: extra.ai?.inputTokens ?? 0,
            aiOutputTokens: extra.ai?.outputTokens ?? 0,
            summary: extra.summary?.slice(0, 1000) ?? null,
            createdBy: actor.userId,
          })
          .returning();
        if (!row) throw new Error("insert returned no module version");
        await recordAudit(tx, {
          actorId: actor.userId,
          action: "module.built",
          targetType: "project",
          targetId: project.id,
          ip: actor.ip,
          metadata: { number: row.number, sha256, errors: row.findingSummary.errors },
        });
        return row;
      });
      return { version, reused: false };
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error, "module_versions_project_number_unique")) continue;
      await deps.store.delete(blobKey).catch(() => {});
      throw error;
    }
  }
}

export async function listModuleVersions(db: Database, projectId: string) {
  return db
    .select({
      id: moduleVersions.id,
      number: moduleVersions.number,
      odooVersion: moduleVersions.odooVersion,
      source: moduleVersions.source,
      sizeBytes: moduleVersions.sizeBytes,
      sha256: moduleVersions.sha256,
      findingSummary: moduleVersions.findingSummary,
      aiProvider: moduleVersions.aiProvider,
      aiModel: moduleVersions.aiModel,
      aiCostMicros: moduleVersions.aiCostMicros,
      aiInputTokens: moduleVersions.aiInputTokens,
      aiOutputTokens: moduleVersions.aiOutputTokens,
      summary: moduleVersions.summary,
      createdAt: moduleVersions.createdAt,
    })
    .from(moduleVersions)
    .where(eq(moduleVersions.projectId, projectId))
    .orderBy(desc(moduleVersions.number));
}

/** Version `number` of the project, or its latest when no number is given. */
export async function getModuleVersion(db: Database, projectId: string, number?: number): Promise<ModuleVersion> {
  const [row] = await db
    .select()
    .from(moduleVersions)
    .where(number === undefined ? eq(moduleVersions.projectId, projectId) : and(eq(moduleVersions.projectId, projectId), eq(moduleVersions.number, number)))
    .orderBy(desc(moduleVersions.number))
    .limit(1);
  if (!row) throw notFound(number === undefined ? "Module version" : `Module version ${number}`);
  return row;
}

async function readZip(store: BlobStore, version: ModuleVersion): Promise<Uint8Array> {
  const blob = await store.get(version.blobKey);
  if (!blob) throw new AppError("INTERNAL_SERVER_ERROR", `The files of version ${version.number} are missing from storage.`);
  return blob.body;
}

const TEXT_EXTENSIONS = /\.(py|xml|csv|rst|md|txt|po|pot|js|css|scss|json|html)$/i;

/** One file of a version: text for source files, base64 for binaries (icons). */
export async function readModuleFile(store: BlobStore, version: ModuleVersion, path: string) {
  if (!version.files.some((file) => file.path === path)) throw notFound(`File ${path}`);
  const { files } = unzipModule(await readZip(store, version));
  const bytes = files.get(path);
  if (!bytes) throw notFound(`File ${path}`);
  return TEXT_EXTENSIONS.test(path)
    ? { path, encoding: "utf8" as const, content: textOf(bytes), size: bytes.byteLength }
    : { path, encoding: "base64" as const, content: Buffer.from(bytes).toString("base64"), size: bytes.byteLength };
}

/** Every text file of a version (path → text), for agents that read the module (the fixer). */
export async function readModuleTextFiles(store: BlobStore, version: ModuleVersion): Promise<Record<string, string>> {
  const { files } = unzipModule(await readZip(store, version));
  const out: Record<string, string> = {};
  for (const [path, bytes] of files) if (TEXT_EXTENSIONS.test(path)) out[path] = textOf(bytes);
  return out;
}

export function downloadFilename(project: Pick<Project, "moduleName">, version: Pick<ModuleVersion, "number" | "odooVersion">) {
  return `${project.moduleName}-${version.odooVersion}.0-v${version.number}.zip`;
}

export function signedDownload(
  secret: string,
  ttlSeconds: number,
  project: Pick<Project, "moduleName">,
  version: Pick<ModuleVersion, "number" | "odooVersion" | "blobKey">,
) {
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  return {
    url: signBlobUrl(secret, version.blobKey, { ttlSeconds, filename: downloadFilename(project, version) }),
    expiresAt,
  };
}
