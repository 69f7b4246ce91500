export { readOnlyCatalog, readOnlyStore } from "./read-only.js";
