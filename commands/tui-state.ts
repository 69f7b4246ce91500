// Whether the terminal UI has the terminal: then nothing else may write to it (retry lines go to the
// UI's status line instead). A module of its own, so the CLI entry can ask without loading the UI.
let active = false;

export function uiHasTerminal(): boolean {
  return active;
}

export function setUiHasTerminal(value: boolean): void {
  active = value;
}
