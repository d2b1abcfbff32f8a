"""Sprint's telemetry generator: a launched multiplayer shooter as SPEC §1 Parquet files.

    from generator import FaultConfig, generate
    from generator.calendar import LAUNCH_DATE
    report = generate(out, players=20_000, start=LAUNCH_DATE, days=28, seed=42,
                      faults=FaultConfig(late_rate=0.02))  # faults are optional

docs/GENERATOR.md describes the model, its calibration and the fault injection.
"""

from generator.faults import FaultConfig
from generator.run import DatasetReport, GenerationReport, generate

__all__ = ["DatasetReport", "FaultConfig", "GenerationReport", "generate"]
