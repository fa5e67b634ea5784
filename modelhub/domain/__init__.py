"""Plain data, enums and errors shared by every layer. Standard library only."""
