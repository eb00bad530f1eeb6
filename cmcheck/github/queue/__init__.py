"""The coordinator's queue: the change requests waiting in open pull requests (`read`), each
judged for notice, approval and conflicts (`build`), rendered as text or JSON (`render`)."""
