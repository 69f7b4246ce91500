import type { LakeHeader } from "../source.js";

/**
 * `Medallion  s3://acme-lake/prod  tenant acme  profile data · eu-west-1  catalog glue`: the header, badge
 * aside. The tenant comes right after the root, so a narrow terminal cuts the details, never the tenant.
 */
export function headerText(header: LakeHeader): string {
  const tenant = header.tenant === undefined ? "" : `  tenant ${header.tenant}`;
  return `Medallion  ${header.root}${tenant}  ${header.where}  catalog ${header.catalog}`;
}
