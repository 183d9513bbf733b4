// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { StageIndicator } from "./stage-indicator";
import { stageStates, userStageOf } from "./stages";

afterEach(cleanup);

const stateOf = (stage: string) => screen.getByTestId(`stage-${stage}`).getAttribute("data-state");

describe("stage indicator", () => {
  it("marks the stages before the current one done and the current one active", () => {
    render(<StageIndicator status="testing" />);
    expect(stateOf("spec")).toBe("done");
    expect(stateOf("build")).toBe("done");
    expect(stateOf("test")).toBe("active");
    expect(stateOf("fix")).toBe("pending");
    expect(screen.getByTestId("stage-test").className).toContain("border-primary");
    expect(screen.getByTestId("stage-test").getAttribute("aria-current")).toBe("step");
  });

  it("shows the fix attempt count while fixing", () => {
    render(<StageIndicator status="fixing" fixAttempts={2} />);
    expect(stateOf("fix")).toBe("active");
    expect(screen.getByTestId("stage-fix").textContent).toContain("Fix attempt 2/5");
  });

  it("marks the stage a failed project stopped in", () => {
    render(<StageIndicator status="failed" stoppedAt="test" />);
    expect(stateOf("build")).toBe("done");
    expect(stateOf("test")).toBe("failed");
    expect(screen.getByTestId("stage-test").className).toContain("text-destructive");
    expect(screen.getByTestId("stage-test").textContent).toContain("failed");
    expect(stateOf("uat")).toBe("pending");
  });

  it("is all done once accepted, with the fix stage skipped when no fix was needed", () => {
    expect(stageStates("accepted")).toEqual({ spec: "done", build: "done", test: "done", fix: "skipped", uat: "done", accepted: "done" });
    expect(stageStates("paid", { fixAttempts: 1 }).fix).toBe("done");
    expect(Object.values(stageStates("draft")).every((state) => state === "pending")).toBe(true);
  });

  it("maps pipeline stages to the customer's stages", () => {
    expect(userStageOf("compile")).toBe("build");
    expect(userStageOf("ui_tests")).toBe("test");
    expect(userStageOf("teardown")).toBe("uat");
    expect(userStageOf(null)).toBeNull();
  });
});
