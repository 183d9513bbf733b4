import { describe, expect, it } from "vitest";
import { assumptionsOf, markdownOnly, splitSpecAnswer } from "./spec-answer";

describe("markdownOnly", () => {
  it("stops at the fence even when it arrives split across deltas", () => {
    const text = "# Title\n\nSome `code` and ``` inline.\n```python not json\n\n## Assumptions\n- one\n\n```json\n{\"module\": {}}\n```\n";
    for (const size of [1, 2, 3, 5, 7, 11]) {
      const out: string[] = [];
      const stream = markdownOnly((d) => out.push(d));
      for (let i = 0; i < text.length; i += size) stream.push(text.slice(i, i + size));
      stream.end();
      expect(out.join("")).toBe(text.slice(0, text.indexOf("```json")));
    }
  });

  it("forwards everything when no fence ever comes", () => {
    const out: string[] = [];
    const stream = markdownOnly((d) => out.push(d));
    for (const piece of ["# T\n", "text\n", "``"]) stream.push(piece);
    expect(out.join("")).toBe("# T\ntext\n");
    stream.end();
    expect(out.join("")).toBe("# T\ntext\n``");
  });
});

describe("splitSpecAnswer", () => {
  it("splits Markdown from the json block and ignores text after it", () => {
    expect(splitSpecAnswer("# T\n\ntext\n\n```json\n{\"a\": 1}\n```\nthanks!")).toEqual({ markdown: "# T\n\ntext", json: '{"a": 1}' });
  });

  it("keeps the JSON of a cut answer (no closing fence) for the repair round to judge", () => {
    expect(splitSpecAnswer("# T\n```JSON\n{\"a\": [1,")).toEqual({ markdown: "# T", json: '{"a": [1,' });
  });

  it("accepts a bare fence holding JSON, a bare JSON answer, and reports no JSON", () => {
    expect(splitSpecAnswer("# T\n```\n{\"a\": 1}\n```")).toEqual({ markdown: "# T", json: '{"a": 1}' });
    expect(splitSpecAnswer('  {"a": 1}  ')).toEqual({ markdown: "", json: '{"a": 1}' });
    expect(splitSpecAnswer("# T\n```python\nprint(1)\n```")).toEqual({ markdown: "# T\n```python\nprint(1)\n```", json: null });
  });
});

describe("assumptionsOf", () => {
  it("reads the bullets of the Assumptions section, joining wrapped lines", () => {
    const md = "# T\n\n## Assumptions\n\n- One thing\n  that wraps.\n* Two\n1. Three\n\n## Next\n- not this";
    expect(assumptionsOf(md)).toEqual(["One thing that wraps.", "Two", "Three"]);
    expect(assumptionsOf("# T\nno section")).toEqual([]);
  });
});
