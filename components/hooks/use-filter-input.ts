import type { Key } from "ink";
import { useState } from "react";

/**
 * A `/` filter typed into a list: the text, whether keys go to it, the text handler for
 * useScreenKeys and the ` · /text▏` label screens show beside their counts.
 */
export function useFilterInput(initial = "", onEdit?: () => void) {
  const [filter, setFilter] = useState(initial);
  const [typing, setTyping] = useState(false);
  const onText = (input: string, key: Key, name: string): boolean => {
    if (name === "backspace") {
      setFilter((f) => f.slice(0, -1));
      return true;
    }
    if (key.ctrl || key.meta || input === "" || (name.length > 1 && name !== input)) return false;
    setFilter((f) => f + input);
    onEdit?.();
    return true;
  };
  const clear = () => {
    setFilter("");
    setTyping(false);
  };
  const label = filter || typing ? ` · /${filter}${typing ? "▏" : ""}` : "";
  return { filter, setFilter, typing, setTyping, clear, onText, label };
}
