// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { MarkdownPreview, safeLinkUrl } from "./markdown-preview";

afterEach(cleanup);

describe("MarkdownPreview", () => {
  it("renders GitHub-flavoured Markdown (headings, tables, lists)", () => {
    render(<MarkdownPreview markdown={"# Purpose\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"} />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Purpose");
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
    expect(screen.getByRole("table")).toBeTruthy();
  });

  it("does not render raw HTML or scripts", () => {
    const { container } = render(
      <MarkdownPreview
        markdown={
          'Hello <script>alert("x")</script> <b>bold</b>\n\n<div onclick="steal()">block</div>\n\n<img src=x onerror="alert(1)">\n\n<iframe src="https://evil.example"></iframe>'
        }
      />,
    );
    const preview = screen.getByTestId("spec-preview");
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.querySelector("iframe")).toBeNull();
    expect(container.querySelector("[onclick]")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(preview.innerHTML).not.toContain("<script");
    expect(preview.textContent).toContain("Hello");
  });

  it("drops javascript: and data: links but keeps safe ones", () => {
    const { container } = render(
      <MarkdownPreview
        markdown={
          "[bad](javascript:alert(1)) [tricky](JaVa\tScRiPt:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://odoo.com) [mail](mailto:a@b.c) [anchor](#purpose)"
        }
      />,
    );
    const hrefs = [...container.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(hrefs).toEqual(["https://odoo.com", "mailto:a@b.c", "#purpose"]);
    for (const a of container.querySelectorAll("a[target=_blank]")) expect(a.getAttribute("rel")).toContain("noreferrer");
    expect(container.innerHTML).not.toMatch(/javascript:/i);
    expect(screen.getByText("bad").tagName).toBe("SPAN");
  });

  it("accepts only web, mail and anchor URLs", () => {
    expect(safeLinkUrl("https://x.y")).toBe("https://x.y");
    expect(safeLinkUrl(" javascript:alert(1)")).toBeNull();
    expect(safeLinkUrl("vbscript:x")).toBeNull();
    expect(safeLinkUrl("//evil.example")).toBeNull();
    expect(safeLinkUrl("/relative")).toBeNull();
  });
});
