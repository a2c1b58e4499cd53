"""Review: workflows of rules (versioned) applied to an extraction result."""
