"""Register of trade unions: who speaks for workers before the Department, and how many members they have."""
