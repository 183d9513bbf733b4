import { describe, expect, it } from "vitest";
import { clientIp } from "./request";

describe("clientIp", () => {
  const headers = new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.1", "x-real-ip": "198.51.100.2" });

  it("ignores forwarding headers unless a proxy is trusted (they are client-controlled)", () => {
    expect(clientIp(headers, false)).toBe("local");
  });
  it("takes the first X-Forwarded-For hop behind a trusted proxy, then X-Real-IP", () => {
    expect(clientIp(headers, true)).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.2" }), true)).toBe("198.51.100.2");
    expect(clientIp(new Headers(), true)).toBe("local");
  });
});
