"""The Help menu: the user guides of docs/guide, one per role and one for the public sites' readers,
served in the reader's language."""
