// Text measured and cut in terminal columns (code points), for cells that never wrap.

/**
 * One line of text, so a row never wraps: newlines, tabs and other control characters escaped (`\n`,
 * `\t`, `\x1b`), as the value's own characters, the same in every front end.
 */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what we escape
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

export function textWidth(text: string): number {
  return Array.from(text).length;
}

/** `text` in at most `width` columns, `…` as the last one when cut. */
export function cutEnd(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width <= 0) return "";
  if (width === 1) return "…";
  return `${chars.slice(0, width - 1).join("")}…`;
}

/**
 * `text` in at most `width` columns, cut in the middle: both the start and the end show, so names that
 * share a long prefix (Spark's `part-00000-<uuid>.snappy.parquet`) stay told apart.
 */
export function cutMiddle(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width < 5) return cutEnd(text, width);
  const head = Math.ceil((width - 1) / 2);
  const tail = width - 1 - head;
  return `${chars.slice(0, head).join("")}…${chars.slice(chars.length - tail).join("")}`;
}

/** Exactly `width` columns: one line, cut (at the end or in the middle) or padded on the side `align` leaves. */
export function fitText(
  text: string,
  width: number,
  align: "left" | "right" = "left",
  cut: "end" | "middle" = "end",
): string {
  if (width <= 0) return "";
  const line = oneLine(text);
  const fitted = cut === "middle" ? cutMiddle(line, width) : cutEnd(line, width);
  const pad = " ".repeat(width - textWidth(fitted));
  return align === "right" ? pad + fitted : fitted + pad;
}
