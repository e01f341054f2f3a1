"""The judged question set of expertise and search, its metrics and its runner (`make eval`)."""
