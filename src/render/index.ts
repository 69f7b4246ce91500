// The shared render vocabulary (k9s' internal/render): cells with a semantic tone, and a table layout
// that both `commands/` and `components/` use. The render steps live with their concept
// (src/lake/render.ts, src/sync/render.ts, src/preview/render.ts) and return these types.
export { bar } from "./bar.js";
export {
  type Cell,
  type Column,
  type Cut,
  cell,
  type Line,
  lineText,
  type Table,
  type Tone,
} from "./cell.js";
export { sparkline } from "./sparkline.js";
export {
  type LayoutOptions,
  layoutTable,
  MAX_CELL,
  naturalWidth,
  rowText,
  shownColumns,
  type TableLayout,
  type TableLines,
  tableLines,
} from "./table.js";
export { cutEnd, cutMiddle, fitText, oneLine, textWidth } from "./text.js";
