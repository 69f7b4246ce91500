/** One line of cell text: control characters and newlines shown as spaces / ⏎ so rows never wrap. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/\r?\n/g, "⏎").replace(/[\u0000-\u001f\u007f]/g, " ");
}

/** Pads or cuts `text` to exactly `width` columns (an ellipsis marks a cut). */
export function fitWidth(text: string, width: number, align: "left" | "right" = "left"): string {
  if (width <= 0) return "";
  const chars = Array.from(oneLine(text));
  if (chars.length > width) return width === 1 ? "…" : `${chars.slice(0, width - 1).join("")}…`;
  const pad = " ".repeat(width - chars.length);
  return align === "right" ? pad + chars.join("") : chars.join("") + pad;
}

/** Cuts the middle of a long path so both its start (the partition) and its end (the file) show. */
export function fitMiddle(text: string, width: number): string {
  const chars = Array.from(oneLine(text));
  if (chars.length <= width) return fitWidth(text, width);
  if (width < 5) return fitWidth(text, width);
  const head = Math.ceil((width - 1) / 2);
  const tail = width - 1 - head;
  return `${chars.slice(0, head).join("")}…${chars.slice(chars.length - tail).join("")}`;
}

export function textWidth(text: string): number {
  return Array.from(text).length;
}

/** A preview value as text: null as ∅, dates as ISO, bigint as digits, objects as compact JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "∅";
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "invalid date" : value.toISOString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (typeof value === "object") {
    try {
      return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    } catch {
      return String(value);
    }
  }
  return String(value);
}
