// Writing the proposed lifecycle policy to the lake's bucket: one path for `medallion lifecycle apply` and
// the cost screen's `a`, each showing the document and asking before `applyPolicy`.
import { MedallionError, ReadOnlyError } from "../errors.js";
import type { Lake } from "../lake/lake.js";
import type { S3Admin, TransitionDefaultMinimumObjectSize } from "../storage/s3-admin.js";
import { assertValidPolicy, hasPolicy, mergeRules, type S3LifecycleRule } from "./lifecycle.js";
import { lakePolicy } from "./report.js";
import { lakeAdmin } from "./scan.js";

/** The bucket's lifecycle rules after applying: its own kept, the medallion-* ones replaced. */
export interface PolicyChange {
  bucket: string;
  rules: S3LifecycleRule[];
  /** Which objects under 128 KiB S3 transitions by default in this bucket, as read: written back unchanged. */
  smallObjects?: TransitionDefaultMinimumObjectSize;
  /** The bucket holds exactly the proposed rules already: nothing to write. */
  upToDate: boolean;
  admin: S3Admin;
}

function refuseReadOnly(lake: Lake): void {
  // Short enough to read whole in an 80-column status line.
  if (lake.readOnly) throw new ReadOnlyError("apply lifecycle rules");
}

/** Reads the bucket's rules and merges the policy in; refuses read-only, a local lake, an invalid policy. */
export async function planPolicyChange(lake: Lake): Promise<PolicyChange> {
  refuseReadOnly(lake);
  const proposed = lakePolicy(lake);
  assertValidPolicy(proposed);
  const admin = await lakeAdmin(lake);
  if (!admin) {
    throw new MedallionError(
      "usage",
      "nothing to apply: lifecycle rules are S3's, and this lake is a local folder",
    );
  }
  const { rules, smallObjects } = await admin.lifecycle();
  const existing = rules as S3LifecycleRule[];
  return {
    bucket: admin.bucket,
    rules: mergeRules(existing, proposed),
    ...(smallObjects ? { smallObjects } : {}),
    upToDate: hasPolicy(existing, proposed),
    admin,
  };
}

/** Writes the planned rules (PutBucketLifecycleConfiguration replaces the bucket's whole set). */
export async function applyPolicy(lake: Lake, change: PolicyChange): Promise<void> {
  refuseReadOnly(lake);
  await change.admin.putLifecycleRules(change.rules as never, change.smallObjects);
}
