import type { KeyBinding } from "../keys.js";

export type ProfileAction = "down" | "up" | "pageDown" | "pageUp" | "first" | "last" | "back";

export const profileBindings: KeyBinding<ProfileAction>[] = [
  { keys: ["down", "j"], action: "down", description: "scroll down" },
  { keys: ["up", "k"], action: "up", description: "scroll up" },
  { keys: ["pgdn", "n", "ctrl-d"], action: "pageDown", description: "page down", footer: false },
  { keys: ["pgup", "N", "ctrl-u"], action: "pageUp", description: "page up", footer: false },
  { keys: ["g", "home"], action: "first", description: "top", footer: false },
  { keys: ["G", "end"], action: "last", description: "bottom", footer: false },
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "back" },
];
