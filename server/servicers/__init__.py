"""One servicer module per service; each method maps proto ⇄ core and nothing more."""
