import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, iconLetter, renderIcon } from "./icon";

function chunks(png: Uint8Array) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array; crcOk: boolean }[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const data = png.subarray(offset + 8, offset + 8 + length);
    const crc = view.getUint32(offset + 8 + length);
    out.push({ type, data, crcOk: crc === crc32(png.subarray(offset + 4, offset + 8 + length)) });
    offset += 12 + length;
  }
  return out;
}

describe("icon", () => {
  it("is a valid 128×128 RGBA PNG with correct CRCs", () => {
    const png = renderIcon("#714B67", "F");
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    expect(parts.every((c) => c.crcOk)).toBe(true);
    const ihdr = new DataView(parts[0]!.data.buffer, parts[0]!.data.byteOffset);
    expect([ihdr.getUint32(0), ihdr.getUint32(4)]).toEqual([128, 128]);
    const raw = inflateSync(parts[1]!.data);
    expect(raw.length).toBe((128 * 4 + 1) * 128);
    const pixel = (x: number, y: number) => [...raw.subarray(y * 513 + 1 + x * 4, y * 513 + 1 + x * 4 + 4)];
    expect(pixel(0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(64, 10)).toEqual([0x71, 0x4b, 0x67, 255]);
    // The F's vertical stroke starts at the glyph's left edge.
    expect(pixel(35, 30)).toEqual([255, 255, 255, 255]);
  });

  it("is deterministic and depends on colour and letter", () => {
    expect(Buffer.from(renderIcon("#123456", "A")).equals(Buffer.from(renderIcon("#123456", "A")))).toBe(true);
    expect(Buffer.from(renderIcon("#123456", "A")).equals(Buffer.from(renderIcon("#123456", "B")))).toBe(false);
  });

  it("picks a letter the font has", () => {
    expect(iconLetter("fleet", undefined)).toBe("F");
    expect(iconLetter("écoles", undefined)).toBe("C");
    expect(iconLetter("???", undefined)).toBe("M");
    expect(iconLetter("x", "7")).toBe("7");
  });
});
