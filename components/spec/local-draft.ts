/**
 * Unsaved edits kept in the browser, per project, so a reload, a crash or a closed tab does not
 * lose them. Only the latest version is edited, so one draft per project is enough; it remembers
 * which version it started from to warn when a newer one appeared meanwhile.
 */
export interface LocalDraft {
  baseNumber: number;
  markdown: string;
  blueprint: unknown;
  savedAt: string;
}

const keyFor = (projectId: string) => `omb:spec-draft:${projectId}`;

export function readLocalDraft(projectId: string): LocalDraft | null {
  try {
    const raw = window.localStorage.getItem(keyFor(projectId));
    if (!raw) return null;
    const draft = JSON.parse(raw) as Partial<LocalDraft>;
    if (typeof draft.markdown !== "string" || typeof draft.baseNumber !== "number" || !draft.blueprint) return null;
    return draft as LocalDraft;
  } catch {
    // Private mode, a full quota or a corrupted entry: behave as if there were no draft.
    return null;
  }
}

export function writeLocalDraft(projectId: string, draft: Omit<LocalDraft, "savedAt">): void {
  try {
    window.localStorage.setItem(keyFor(projectId), JSON.stringify({ ...draft, savedAt: new Date().toISOString() }));
  } catch {
    // Quota exceeded: the in-memory edits are still there; nothing better to do.
  }
}

export function clearLocalDraft(projectId: string): void {
  try {
    window.localStorage.removeItem(keyFor(projectId));
  } catch {
    // ignore
  }
}

/** Structural equality for JSON values (key order ignored), to tell edited from saved. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // `undefined` members do not survive JSON: ignore them on both sides.
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const ak = keys(ao);
  const bk = keys(bo);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}
