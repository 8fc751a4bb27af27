"""The inspectors' web console (`xunjian serve`): server-rendered pages and a JSON API over the same functions the
CLI calls, so a capture, a review or an export means the same thing wherever it was started."""
