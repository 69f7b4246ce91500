/**
 * One string per partition, from its values in key order: the identity used to de-duplicate,
 * diff and store partitions. JSON keeps it unambiguous whatever characters the values hold.
 */
export function partitionKey(values: readonly string[]): string {
  return JSON.stringify(values);
}

export function partitionValuesOf(key: string): string[] {
  return JSON.parse(key) as string[];
}
