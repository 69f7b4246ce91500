/** One CSV record and the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** The data ended inside a quoted field. */
  openQuote?: boolean;
}

const CANDIDATES = [",", "\t", ";", "|"];

/** The delimiter of a CSV text: the candidate seen most often in its first line, outside quotes. */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && CANDIDATES.includes(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ",";
  let most = 0;
  for (const [c, n] of counts) {
    if (n > most) {
      best = c;
      most = n;
    }
  }
  return best;
}

/**
 * Parses CSV as RFC 4180 says: quoted fields with `""` escapes and embedded delimiters and newlines,
 * CRLF or LF line ends, blank lines skipped. When `complete` is false the text is a head: a record the
 * text ends in the middle of is dropped, since the rest of it was not read.
 */
export function parseCsv(text: string, delimiter: string, complete: boolean): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "" && !fieldStarted))
      records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      fieldStarted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = "";
      fieldStarted = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) {
    if (complete) {
      fields.push(field);
      records.push({ line: recordLine, fields, openQuote: true });
    }
  } else if (field !== "" || fields.length > 0) {
    if (complete) endRecord();
  }
  return records;
}
