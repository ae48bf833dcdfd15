"""What people and ombud did: contact requests, ombud accounts, the audit log, anonymous obstacle notes.

This is the operational store. Unlike `knowledge/`, nothing here can be rebuilt from files, so it
has its own tables, its own metadata and its own migrations, and no code path drops it.
"""
