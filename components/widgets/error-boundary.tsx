import { Text } from "ink";
import { Component, type ReactNode } from "react";
import { errorLine } from "../../src/errors.js";

/** A screen that throws while drawing shows its one-line reason instead of taking the app down. */
export class ScreenErrorBoundary extends Component<
  { children: ReactNode; color?: string },
  { error?: unknown }
> {
  override state: { error?: unknown } = {};

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    if (this.state.error !== undefined) {
      return (
        <Text color={this.props.color} wrap="truncate-end">
          this screen failed: {errorLine(this.state.error)} (Esc goes back)
        </Text>
      );
    }
    return this.props.children;
  }
}
