export { profileLines } from "./lines.js";
export {
  type ColumnProfile,
  type Profile,
  type ProfileOptions,
  profilePath,
  profileQuery,
} from "./profile.js";
export { chartTitle, columnChart, profileHeading, profileTable } from "./render.js";
