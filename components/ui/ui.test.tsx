// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Toaster } from "@/components/ui/toaster";
import { dismiss, toast } from "@/hooks/use-toast";

afterEach(() => {
  act(() => dismiss());
  cleanup();
});

describe("ui components", () => {
  it("disables a loading button and marks it busy", () => {
    render(<Button loading>Save</Button>);
    const button = screen.getByRole("button", { name: "Save" });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(button.getAttribute("aria-busy")).toBe("true");
  });

  it("opens a dialog from its trigger", () => {
    render(
      <Dialog>
        <DialogTrigger asChild>
          <Button>Open</Button>
        </DialogTrigger>
        <DialogContent>
          <DialogTitle>New module</DialogTitle>
          <DialogDescription>Describe your Odoo module.</DialogDescription>
        </DialogContent>
      </Dialog>,
    );
    expect(screen.queryByText("New module")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Open" }));
    expect(screen.getByRole("dialog").textContent).toContain("New module");
    expect(screen.getByRole("button", { name: "Close" })).toBeTruthy();
  });

  it("shows a toast created with toast()", () => {
    render(<Toaster />);
    act(() => {
      toast({ title: "Saved" });
    });
    expect(screen.getByText("Saved")).toBeTruthy();
    expect(screen.getByTestId("toast")).toBeTruthy();
  });
});
