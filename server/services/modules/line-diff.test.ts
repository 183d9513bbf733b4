import { describe, expect, it } from "vitest";
import { diffLines, splitLines, toHunks } from "./line-diff";

/** Applies an edit script to `a`; it must give back `b`. */
function replay(a: string[], b: string[]) {
  const out: string[] = [];
  for (const op of diffLines(a, b)) {
    if (op.type === "equal") {
      expect(a[op.oldIndex]).toBe(b[op.newIndex]);
      out.push(a[op.oldIndex]!);
    } else if (op.type === "insert") out.push(b[op.newIndex]!);
  }
  return out;
}

describe("line diff", () => {
  it("finds the shortest edit script (Myers' example ABCABBA → CBABAC has 5 edits)", () => {
    const a = [..."ABCABBA"];
    const b = [..."CBABAC"];
    const ops = diffLines(a, b);
    expect(ops.filter((op) => op.type !== "equal")).toHaveLength(5);
    expect(replay(a, b)).toEqual(b);
  });

  it("replays random edits exactly", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round += 1) {
      const a = Array.from({ length: rand(30) }, () => `l${rand(6)}`);
      const b = Array.from({ length: rand(30) }, () => `l${rand(6)}`);
      expect(replay(a, b)).toEqual(b);
    }
  });

  it("falls back to replace-the-middle past the edit cap, keeping common head and tail", () => {
    const a = ["head", ...Array.from({ length: 50 }, (_, i) => `a${i}`), "tail"];
    const b = ["head", ...Array.from({ length: 50 }, (_, i) => `b${i}`), "tail"];
    const ops = diffLines(a, b, 10);
    expect(ops[0]).toMatchObject({ type: "equal", oldIndex: 0 });
    expect(ops.at(-1)).toMatchObject({ type: "equal", oldIndex: 51, newIndex: 51 });
    expect(ops.filter((op) => op.type === "delete")).toHaveLength(50);
    expect(ops.filter((op) => op.type === "insert")).toHaveLength(50);
  });

  it("groups changes into hunks with 3 lines of context and unified line numbers", () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const b = [...a];
    b[4] = "line 5 changed";
    b.splice(15, 0, "inserted after 15");
    const hunks = toHunks(diffLines(a, b), a, b);
    expect(hunks).toHaveLength(2);
    expect(hunks[0]).toMatchObject({ oldStart: 2, oldLines: 7, newStart: 2, newLines: 7 });
    expect(hunks[0]!.lines.map((line) => line.type)).toEqual(["context", "context", "context", "remove", "add", "context", "context", "context"]);
    expect(hunks[0]!.lines[3]).toEqual({ type: "remove", text: "line 5", oldNumber: 5, newNumber: null });
    expect(hunks[0]!.lines[4]).toEqual({ type: "add", text: "line 5 changed", oldNumber: null, newNumber: 5 });
    expect(hunks[1]).toMatchObject({ oldStart: 13, oldLines: 6, newStart: 13, newLines: 7 });
  });

  it("merges nearby changes into one hunk", () => {
    const a = Array.from({ length: 12 }, (_, i) => `l${i}`);
    const b = [...a];
    b[2] = "x";
    b[7] = "y";
    expect(toHunks(diffLines(a, b), a, b)).toHaveLength(1);
  });

  it("splits lines without a phantom last line, and treats CRLF like LF", () => {
    expect(splitLines("a\nb\n")).toEqual(["a", "b"]);
    expect(splitLines("a\r\nb")).toEqual(["a", "b"]);
    expect(splitLines("")).toEqual([]);
  });
});
