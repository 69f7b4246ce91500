import type { LakeHeader } from "../source.js";

/** `Medallion  s3://acme-lake/prod  profile data · eu-west-1  catalog glue`: the header, badge aside. */
export function headerText(header: LakeHeader): string {
  return `Medallion  ${header.root}  ${header.where}  catalog ${header.catalog}`;
}
