"""What a plans folder may hold beside plans, registry and logs: the scoring scale, the reporting
calendar and the office (the first of each), and every file of targets."""

from __future__ import annotations

from dataclasses import dataclass, field

from caicach.load.sources import Run, Source, validated
from caicach.plan.model import ReportingFile, ReportingPeriod, Scoring, ScoringFile, TargetFile
from caicach.plan.office import Office, OfficeFile


@dataclass
class Extras:
    scoring: Scoring | None = None
    reporting: dict[str, ReportingPeriod] | None = None
    office: Office | None = None
    targets: list[TargetFile] = field(default_factory=list)


def read_extras(kinds: dict[str, list[Source]], run: Run) -> Extras:
    extras = Extras()
    for source in kinds["scoring"][:1]:
        config = validated(source, ScoringFile, run)
        extras.scoring = config.scoring if config else None
    for source in kinds["reporting"][:1]:
        calendar = validated(source, ReportingFile, run)
        extras.reporting = dict(calendar.reporting) if calendar else None
    for source in kinds["office"][:1]:
        settings = validated(source, OfficeFile, run)
        extras.office = settings.office if settings else None
    for source in kinds["targets"]:
        found = validated(source, TargetFile, run)
        if found is not None:
            _add_targets(source, found, extras.targets, run)
    return extras


def _add_targets(source: Source, found: TargetFile, targets: list[TargetFile], run: Run) -> None:
    """A file of targets; an id used twice, here or in another file, is refused where it is."""
    seen = {t.id for f in targets for t in f.items}
    for i, target in enumerate(found.items):
        if target.id in seen and (doc := run.doc(source)) is not None:
            run.problems.append(
                doc.problem(("items", i, "id"), f"mã chỉ tiêu {target.id!r} dùng hai lần")
            )
        seen.add(target.id)
    targets.append(found)
