import { Text } from "ink";
import { fitText } from "../../src/render/text.js";
import { useLake } from "../context.js";
import { headerText } from "../render/header-text.js";

export function Header({ width }: { width: number }) {
  const { source, theme } = useLake();
  const { header } = source;
  const badge = header.readOnly ? " READ-ONLY " : "";
  const text = fitText(headerText(header), Math.max(1, width - badge.length - 1));
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
