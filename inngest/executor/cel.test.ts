import { describe, expect, it } from "vitest";
import { celMatches, celValue } from "./cel";

const vars = {
  event: { data: { projectId: "p1", n: 2, ok: true, nested: { id: "x" } } },
  async: { data: { projectId: "p1", n: 3 } },
};

describe("CEL subset", () => {
  it("compares paths and literals with == and !=", () => {
    expect(celMatches("async.data.projectId == event.data.projectId", vars)).toBe(true);
    expect(celMatches("async.data.n != event.data.n", vars)).toBe(true);
    expect(celMatches("event.data.n == 2", vars)).toBe(true);
    expect(celMatches("event.data.ok == true", vars)).toBe(true);
    expect(celMatches("event.data.nested.id == 'x'", vars)).toBe(true);
    expect(celMatches('event.data.nested.id == "y"', vars)).toBe(false);
    expect(celMatches("event.data.missing == null", vars)).toBe(true);
  });

  it("combines with &&, ||, ! and parentheses", () => {
    expect(celMatches("event.data.n == 2 && async.data.n == 3", vars)).toBe(true);
    expect(celMatches("event.data.n == 9 || async.data.n == 3", vars)).toBe(true);
    expect(celMatches("!(event.data.n == 2) || event.data.n == 9", vars)).toBe(false);
  });

  it("only a strict true matches: a bare value is not truthy", () => {
    expect(celMatches("event.data.projectId", vars)).toBe(false);
    expect(celValue("event.data.projectId", vars)).toBe("p1");
  });

  it("refuses what it does not understand instead of guessing", () => {
    expect(() => celMatches("event.data.n > 1", vars)).toThrow(/Unsupported expression/);
    expect(() => celMatches("event.data.id == 'open", vars)).toThrow(/unterminated/);
    expect(() => celMatches("(event.data.n == 2", vars)).toThrow(/missing \)/);
  });
});
