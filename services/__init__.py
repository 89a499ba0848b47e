"""The services: thin shells (app, tasks, wiring) around the pure code in ``shared/cablestream``."""
