// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { CodeViewer } from "./code-viewer";
import { languageOf } from "./highlight";

afterEach(cleanup);

const python = `from odoo import fields, models


class EquipmentLoan(models.Model):
    _name = "equipment.loan"
    quantity = fields.Integer(default=1)  # how many
`;

describe("code viewer", () => {
  it("highlights Python into tokens, with line numbers", () => {
    const { container } = render(<CodeViewer path="models/equipment_loan.py" code={python} />);
    expect(screen.getByTestId("code-viewer").dataset.language).toBe("python");
    const keywords = [...container.querySelectorAll(".hljs-keyword")].map((node) => node.textContent);
    expect(keywords).toEqual(expect.arrayContaining(["from", "import", "class"]));
    expect(container.querySelector(".hljs-string")?.textContent).toBe('"equipment.loan"');
    expect(container.querySelector(".hljs-number")?.textContent).toBe("1");
    expect(container.querySelector(".hljs-comment")?.textContent).toBe("# how many");
    expect(container.querySelector("pre[aria-hidden]")?.textContent).toBe("1\n2\n3\n4\n5\n6");
    // The text itself is intact.
    expect(container.querySelector("code")?.textContent).toBe(python);
  });

  it("escapes plain text (CSV) instead of highlighting it", () => {
    const { container } = render(<CodeViewer path="security/ir.model.access.csv" code={"id,name\n<b>x</b>,y"} />);
    expect(screen.getByTestId("code-viewer").dataset.language).toBe("plaintext");
    expect(container.querySelector("code b")).toBeNull();
    expect(container.querySelector("code")?.textContent).toBe("id,name\n<b>x</b>,y");
  });

  it("picks languages by extension", () => {
    expect(languageOf("views/views.xml")).toBe("xml");
    expect(languageOf("__manifest__.py")).toBe("python");
    expect(languageOf("data.json")).toBe("json");
    expect(languageOf("README.md")).toBeNull();
  });
});
