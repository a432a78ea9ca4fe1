"""The language-server adapter: LSP over stdio around the pure engine."""
