import { describe, expect, it } from "vitest";
import { dedentBody, indent, pyClassName, pyStr, pyTuple, pyValue } from "./py";
import { escAttr, escText } from "./xml";

describe("pyStr", () => {
  it.each([
    ["plain", "'plain'"],
    ["it's", "'it\\'s'"],
    ['say "hi"', `'say "hi"'`],
    ["a\\b", "'a\\\\b'"],
    ["line\nnext\r\ttab", "'line\\nnext\\r\\ttab'"],
    ["\u0000\u001f\u007f", "'\\x00\\x1f\\x7f'"],
    ["é → ✓", "'é → ✓'"],
    ["\u2028", "'\\u2028'"],
  ])("quotes %j", (input, expected) => {
    expect(pyStr(input)).toBe(expected);
  });
});

describe("Python literals", () => {
  it("renders values, tuples and class names", () => {
    expect(pyValue([1, "a", true, null, 2.5])).toBe("[1, 'a', True, None, 2.5]");
    expect(pyTuple(["'a'"])).toBe("('a',)");
    expect(pyTuple(["'a'", "'b'"])).toBe("('a', 'b')");
    expect(pyClassName("fleet.maint.order_line")).toBe("FleetMaintOrderLine");
  });

  it("indents and dedents bodies", () => {
    expect(indent("a\n\n  b", 2)).toBe("        a\n\n          b");
    expect(dedentBody("\n    x = 1\n    if x:\n        y = 2\n\n")).toBe("x = 1\nif x:\n    y = 2");
    expect(dedentBody("  # only a comment\n")).toBeNull();
  });
});

describe("XML escaping", () => {
  it("escapes text and attributes", () => {
    expect(escText(`a < b & c > d "q"`)).toBe(`a &lt; b &amp; c &gt; d "q"`);
    expect(escAttr(`"x" & 'y'\nz`)).toBe(`&quot;x&quot; &amp; 'y'&#10;z`);
  });
});
