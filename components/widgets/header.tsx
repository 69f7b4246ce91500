import { Text } from "ink";
import { useLake } from "../context.js";
import { fitWidth } from "../render/text.js";
import type { LakeHeader } from "../source.js";

/** `Medallion  s3://acme-lake/prod  profile data · eu-west-1  catalog glue  READ-ONLY`, cut to width. */
export function headerText(header: LakeHeader): string {
  return `Medallion  ${header.root}  ${header.where}  catalog ${header.catalog}`;
}

export function Header({ width }: { width: number }) {
  const { source, theme } = useLake();
  const { header } = source;
  const badge = header.readOnly ? " READ-ONLY " : "";
  const text = fitWidth(headerText(header), Math.max(1, width - badge.length - 1));
  return (
    <Text wrap="truncate-end">
      <Text bold color={theme.accent}>
        {text}
      </Text>
      {badge ? (
        <Text bold inverse color={theme.badge}>
          {` ${badge.trim()} `}
        </Text>
      ) : null}
    </Text>
  );
}
