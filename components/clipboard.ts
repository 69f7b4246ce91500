/**
 * Copies through the terminal with OSC 52, which works over SSH in terminals that support it (iTerm2,
 * kitty, WezTerm, Windows Terminal, xterm with allowWindowOps, tmux with set-clipboard on). There is no
 * way to know it worked, so the UI always prints the text too.
 */
export function osc52(text: string): string {
  const payload = `\u001b]52;c;${Buffer.from(text, "utf8").toString("base64")}\u0007`;
  // Inside tmux the sequence must be wrapped to reach the outer terminal.
  return process.env.TMUX ? `\u001bPtmux;${payload.replaceAll("\u001b", "\u001b\u001b")}\u001b\\` : payload;
}

export function terminalClipboard(stdout: NodeJS.WriteStream): (text: string) => boolean {
  return (text) => {
    if (!stdout.isTTY || process.env.TERM === "dumb" || process.env.TERM === "linux") return false;
    stdout.write(osc52(text));
    return true;
  };
}
