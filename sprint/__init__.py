"""Sprint: an analytics warehouse for game telemetry (generator, SQLMesh project, answers)."""

__version__ = "0.1.0"
