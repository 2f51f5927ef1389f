"""What people read: the Atom feed of flagged changes and the static HTML change report."""
