"use client";

import { ChevronDown, ChevronRight, FileCode2, FileCog, FileSpreadsheet, FileText, FileType, Folder, FolderOpen, Image as ImageIcon } from "lucide-react";
import { useMemo, useState } from "react";
import { cn } from "@/lib/utils";

export interface TreeFile {
  path: string;
  size: number;
}

interface FolderNode {
  name: string;
  path: string;
  folders: FolderNode[];
  files: TreeFile[];
}

/** Paths → nested folders, folders first then files, each alphabetical. */
export function buildTree(files: TreeFile[]): FolderNode {
  const root: FolderNode = { name: "", path: "", folders: [], files: [] };
  for (const file of files) {
    const parts = file.path.split("/");
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const path = node.path ? `${node.path}/${part}` : part;
      let next = node.folders.find((folder) => folder.name === part);
      if (!next) {
        next = { name: part, path, folders: [], files: [] };
        node.folders.push(next);
      }
      node = next;
    }
    node.files.push(file);
  }
  const sort = (node: FolderNode) => {
    node.folders.sort((a, b) => a.name.localeCompare(b.name));
    node.files.sort((a, b) => a.path.localeCompare(b.path));
    node.folders.forEach(sort);
  };
  sort(root);
  return root;
}

function FileIcon({ path }: { path: string }) {
  const name = path.split("/").pop() ?? path;
  const className = "size-4 shrink-0";
  if (name === "__manifest__.py") return <FileCog className={cn(className, "text-primary")} aria-label="manifest" />;
  if (/\.(png|jpe?g|gif|svg|ico)$/i.test(name)) return <ImageIcon className={cn(className, "text-pink-600")} aria-label="image" />;
  if (name.endsWith(".py")) return <FileCode2 className={cn(className, "text-blue-600")} aria-label="python" />;
  if (name.endsWith(".xml")) return <FileType className={cn(className, "text-orange-600")} aria-label="xml" />;
  if (name.endsWith(".csv")) return <FileSpreadsheet className={cn(className, "text-green-600")} aria-label="csv" />;
  return <FileText className={cn(className, "text-muted-foreground")} aria-label="file" />;
}

/** The files of a module version: folders collapsible (open by default), one file selected. */
export function FileTree({ files, selected, onSelect }: { files: TreeFile[]; selected: string | null; onSelect: (path: string) => void }) {
  const tree = useMemo(() => buildTree(files), [files]);
  const [closed, setClosed] = useState<Set<string>>(() => new Set());
  const toggle = (path: string) =>
    setClosed((current) => {
      const next = new Set(current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const renderFolder = (node: FolderNode, depth: number) => (
    <>
      {node.folders.map((folder) => {
        const open = !closed.has(folder.path);
        return (
          <li key={folder.path} role="treeitem" aria-expanded={open} aria-selected={false}>
            <button
              type="button"
              onClick={() => toggle(folder.path)}
              className="hover:bg-accent flex w-full items-center gap-1.5 rounded px-1.5 py-1 text-left text-sm"
              style={{ paddingLeft: `${depth * 12 + 6}px` }}
              data-testid="file-tree-folder"
            >
              {open ? <ChevronDown className="size-3.5" aria-hidden="true" /> : <ChevronRight className="size-3.5" aria-hidden="true" />}
              {open ? <FolderOpen className="size-4 text-amber-600" aria-hidden="true" /> : <Folder className="size-4 text-amber-600" aria-hidden="true" />}
              <span className="truncate">{folder.name}</span>
            </button>
            {open ? <ul role="group">{renderFolder(folder, depth + 1)}</ul> : null}
          </li>
        );
      })}
      {node.files.map((file) => (
        <li key={file.path} role="treeitem" aria-selected={file.path === selected}>
          <button
            type="button"
            onClick={() => onSelect(file.path)}
            className={cn(
              "hover:bg-accent flex w-full items-center gap-1.5 rounded px-1.5 py-1 text-left font-mono text-xs",
              file.path === selected && "bg-accent font-semibold",
            )}
            style={{ paddingLeft: `${depth * 12 + 24}px` }}
            data-testid="file-tree-file"
            data-path={file.path}
          >
            <FileIcon path={file.path} />
            <span className="truncate">{file.path.split("/").pop()}</span>
          </button>
        </li>
      ))}
    </>
  );

  return (
    <ul role="tree" aria-label="Module files" className="grid gap-0.5" data-testid="file-tree">
      {renderFolder(tree, 0)}
    </ul>
  );
}
