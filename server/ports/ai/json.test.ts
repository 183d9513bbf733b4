import { describe, expect, it } from "vitest";
import { z } from "zod";
import { extractJson, parseAnswer, repairMessage } from "./json";

describe("structured answers", () => {
  it("finds the JSON: whole answer, fenced block, unclosed fence, outer braces", () => {
    expect(extractJson(' {"a":1} ')).toBe('{"a":1}');
    expect(extractJson('Sure.\n```json\n{"a":1}\n```\nBye')).toBe('{"a":1}');
    expect(extractJson('```\n[1,2]\n```')).toBe("[1,2]");
    expect(extractJson('```json\n{"a":')).toBe('{"a":');
    expect(extractJson('The result is {"a":{"b":2}} as asked.')).toBe('{"a":{"b":2}}');
    expect(extractJson("no json here")).toBeNull();
  });

  it("lists zod issues as path: message, at most 20", () => {
    const schema = z.object({ items: z.array(z.object({ name: z.string() })) });
    const bad = JSON.stringify({ items: Array.from({ length: 25 }, () => ({ name: 1 })) });
    const outcome = parseAnswer(bad, schema);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems).toHaveLength(21);
    expect(outcome.problems[0]).toMatch(/^items\[0\]\.name: /);
    expect(outcome.problems[20]).toBe("…and 5 more problems of the same kinds.");
    expect(parseAnswer("[]", schema)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^\(root\): /)] });
  });

  it("says when the JSON does not parse or was cut", () => {
    const outcome = parseAnswer('{"a": tru', z.object({ a: z.boolean() }), { cut: true });
    expect(outcome).toMatchObject({ ok: false });
    if (outcome.ok) return;
    expect(outcome.problems[0]).toMatch(/cut off/);
    expect(outcome.problems[1]).toMatch(/does not parse/);
    expect(repairMessage(outcome.problems)).toMatch(/^Your previous answer could not be used:\n- The answer was cut off/);
  });
});
