export { type IngestedFile, type IngestOptions, type IngestResult, ingest } from "./ingest.js";
export { bronzeName, INGESTION_TIMESTAMP, SOURCE_FILE } from "./prepare.js";
export { ingestCells, ingestJson, ingestLines } from "./render.js";
