// The query screen's SQL text with a cursor: pure edits, so the screen only maps keys to them.

/** The text and where the cursor is in it (0 = before the first character). */
export interface SqlText {
  text: string;
  cursor: number;
}

export const atEnd = (text: string): SqlText => ({ text, cursor: text.length });

export function insert({ text, cursor }: SqlText, typed: string): SqlText {
  return { text: text.slice(0, cursor) + typed + text.slice(cursor), cursor: cursor + typed.length };
}

/** Backspace: the character before the cursor goes. */
export function erase({ text, cursor }: SqlText): SqlText {
  if (cursor === 0) return { text, cursor };
  return { text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
}

/** Delete: the character under the cursor goes. */
export function eraseForward({ text, cursor }: SqlText): SqlText {
  return { text: text.slice(0, cursor) + text.slice(cursor + 1), cursor };
}

export function left(s: SqlText): SqlText {
  return { ...s, cursor: Math.max(0, s.cursor - 1) };
}

export function right(s: SqlText): SqlText {
  return { ...s, cursor: Math.min(s.text.length, s.cursor + 1) };
}

const lineStart = (text: string, cursor: number) => text.lastIndexOf("\n", cursor - 1) + 1;
const lineEnd = (text: string, cursor: number) => {
  const end = text.indexOf("\n", cursor);
  return end < 0 ? text.length : end;
};

export function home(s: SqlText): SqlText {
  return { ...s, cursor: lineStart(s.text, s.cursor) };
}

export function end(s: SqlText): SqlText {
  return { ...s, cursor: lineEnd(s.text, s.cursor) };
}

/** The cursor a line up (`-1`) or down (`1`), at the same column or the line's end; undefined past the text. */
export function verticalMove(s: SqlText, by: -1 | 1): SqlText | undefined {
  const start = lineStart(s.text, s.cursor);
  const column = s.cursor - start;
  if (by < 0) {
    if (start === 0) return undefined;
    const above = lineStart(s.text, start - 1);
    return { ...s, cursor: Math.min(above + column, start - 1) };
  }
  const endOfLine = lineEnd(s.text, s.cursor);
  if (endOfLine === s.text.length) return undefined;
  const below = endOfLine + 1;
  return { ...s, cursor: Math.min(below + column, lineEnd(s.text, below)) };
}

/**
 * The lines to draw in `height` lines of `width` columns: the cursor's line always among them, each
 * line scrolled sideways to keep the cursor in view, the cursor drawn as `▏`.
 */
export function editorLines(s: SqlText, width: number, height: number): string[] {
  const lines = s.text.split("\n");
  let at = s.cursor;
  let row = 0;
  while (row < lines.length - 1 && at > (lines[row] as string).length) {
    at -= (lines[row] as string).length + 1;
    row += 1;
  }
  const top = Math.max(0, Math.min(row - height + 1, lines.length - height));
  const first = Math.max(0, Math.min(top, row));
  return lines.slice(first, first + height).map((line, i) => {
    if (first + i !== row) return line.length > width ? `${line.slice(0, width - 1)}…` : line;
    const marked = `${line.slice(0, at)}▏${line.slice(at)}`;
    if (marked.length <= width) return marked;
    const from = Math.max(0, at + 1 - width + 1);
    return `…${marked.slice(from + 1, from + width)}`;
  });
}
