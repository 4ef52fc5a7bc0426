"""`tactful.toml`: per-team overrides of the rule packs, found upward from the working directory.

```toml
[rules]
disable = ["hard_sell.capitals-shouting"]
severity = { "boilerplate.welcome-to-network" = "info" }
score = { "hard_sell.fake-urgency" = 3.0 }

[thresholds]
boilerplate = 5.0
hard_sell = 5.0
out_of_step = 5.0
block = 10.0

[allow]
phrases = ["Just do it"]     # a brand's own taglines never trigger rules

[sensitive]
terms = ["wildfire"]         # added to the tragedy terms for newsjacking
dates = ["09-11"]            # MM-DD anniversaries to treat with care

[model]
enabled = true

[[events]]                   # a live crisis: promotions mentioning it are blocked, others reviewed
name = "Storm Ciarán"
terms = ["#StormCiaran", "storm"]
start = 2026-11-01T00:00:00Z
end = 2026-11-05T00:00:00Z
```
Every unknown key is an error that names it: a typo must not silently do nothing.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from tactful import CATEGORIES
from pydantic import ValidationError

from tactful.errors import InputError
from tactful.request import SensitiveEvent, describe_validation_error
from tactful.rulepack import SEVERITIES
from tactful.scoring import Thresholds

CONFIG_NAME = "tactful.toml"
_SCHEMA: dict[str, set[str]] = {
    "rules": {"disable", "severity", "score"},
    "thresholds": set(CATEGORIES) | {"block"},
    "allow": {"phrases"},
    "sensitive": {"terms", "dates"},
    "model": {"enabled"},
    # Column names of a scheduler's CSV export (`tactful check calendar.csv`); see tactful/cli/calendar.py.
    "csv": {"text", "channel", "recipient", "handle", "company", "send_at", "id", "default_channel"},
}
_ARRAYS = {"events"}  # arrays of tables: [[events]]


@dataclass
class Config:
    path: Optional[Path] = None
    disabled: set[str] = field(default_factory=set)
    severity: dict[str, str] = field(default_factory=dict)
    score: dict[str, float] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)
    allow_phrases: list[str] = field(default_factory=list)
    sensitive_terms: list[str] = field(default_factory=list)
    sensitive_dates: list[str] = field(default_factory=list)
    model_enabled: bool = True
    # [csv]: column roles (text, channel, ...) -> column name in the export, and `default_channel`.
    csv: dict[str, str] = field(default_factory=dict)
    events: list = field(default_factory=list)  # tactful.request.SensitiveEvent

    def rule_ids_named(self) -> set[str]:
        return self.disabled | set(self.severity) | set(self.score)

    def follow_renames(self, renamed: dict[str, str]) -> list[str]:
        """Rewrite old rule ids (a rule's `formerly`) to the ids they have now; one notice per old id used."""
        used = sorted(self.rule_ids_named() & set(renamed))
        self.disabled = {renamed.get(rule_id, rule_id) for rule_id in self.disabled}
        self.severity = {renamed.get(rule_id, rule_id): value for rule_id, value in self.severity.items()}
        self.score = {renamed.get(rule_id, rule_id): value for rule_id, value in self.score.items()}
        return [f"{self.path or 'config'}: rule {old!r} is now {renamed[old]!r}; the setting applies to it "
                f"(rename it to silence this notice)" for old in used]

    def check_rule_ids(self, known: set[str]) -> None:
        """Every rule id the config names must exist: a typo must not silently do nothing."""
        unknown = sorted(self.rule_ids_named() - known)
        if unknown:
            raise InputError(f"{self.path or 'config'}: no rule with id {unknown[0]!r} (see `tactful rules`)")


def find_config(start: Optional[Path] = None) -> Optional[Path]:
    directory = (start or Path.cwd()).resolve()
    for candidate in (directory, *directory.parents):
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None


def load_config(path: Optional[Path] = None, search: bool = True) -> Config:
    """Load `path`, or the nearest `tactful.toml` upward (or $TACTFUL_CONFIG), or defaults."""
    if path is None and os.environ.get("TACTFUL_CONFIG"):
        path = Path(os.environ["TACTFUL_CONFIG"])
    if path is None and search:
        path = find_config()
    if path is None:
        return Config()
    import tomllib

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    return _parse(Path(path), data)


def _parse(path: Path, data: dict[str, Any]) -> Config:
    def fail(problem: str) -> InputError:
        return InputError(f"{path}: {problem}")

    for section, value in data.items():
        if section in _ARRAYS:
            continue
        if section not in _SCHEMA:
            raise fail(f"unknown section [{section}] (known: {', '.join([*_SCHEMA, *_ARRAYS])})")
        if not isinstance(value, dict):
            raise fail(f"[{section}] must be a table")
        for key in value:
            if key not in _SCHEMA[section]:
                raise fail(f"unknown key '{key}' in [{section}] (known: {', '.join(sorted(_SCHEMA[section]))})")
    config = Config(path=path)
    rules = data.get("rules", {})
    config.disabled = set(_string_list(rules.get("disable", []), "rules.disable", fail))
    for rule_id, severity in _table(rules.get("severity", {}), "rules.severity", fail).items():
        if severity not in SEVERITIES:
            raise fail(f"rules.severity.{rule_id}: must be one of {', '.join(SEVERITIES)}")
        config.severity[rule_id] = severity
    for rule_id, points in _table(rules.get("score", {}), "rules.score", fail).items():
        if not isinstance(points, (int, float)) or isinstance(points, bool) or points < 0:
            raise fail(f"rules.score.{rule_id}: must be a non-negative number")
        config.score[rule_id] = float(points)
    thresholds = data.get("thresholds", {})
    flag = dict(Thresholds().flag)
    for key, value in thresholds.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise fail(f"thresholds.{key}: must be a positive number")
        if key in CATEGORIES:
            flag[key] = float(value)
    config.thresholds = Thresholds(flag=flag, block=float(thresholds.get("block", Thresholds().block)))
    config.allow_phrases = _string_list(data.get("allow", {}).get("phrases", []), "allow.phrases", fail)
    sensitive = data.get("sensitive", {})
    config.sensitive_terms = _string_list(sensitive.get("terms", []), "sensitive.terms", fail)
    config.sensitive_dates = _string_list(sensitive.get("dates", []), "sensitive.dates", fail)
    enabled = data.get("model", {}).get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("model.enabled: must be true or false")
    config.model_enabled = enabled
    for key, value in data.get("csv", {}).items():
        if not isinstance(value, str) or not value.strip():
            raise fail(f"csv.{key}: must be a column name (a non-empty string)")
        config.csv[key] = value.strip()
    if "default_channel" in config.csv and config.csv["default_channel"] not in ("dm", "reply", "comment", "post",
                                                                                 "email", "sms"):
        raise fail("csv.default_channel: must be one of dm, reply, comment, post, email, sms")
    config.events = _events(data.get("events", []), fail)
    return config


def _events(value: Any, fail) -> list:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise fail("events: must be an array of tables ([[events]] with name, terms, start, end)")
    events = []
    for index, raw in enumerate(value):
        unknown = set(raw) - {"name", "terms", "start", "end"}
        if unknown:
            raise fail(f"events[{index}]: unknown key '{sorted(unknown)[0]}' (known: end, name, start, terms)")
        try:
            events.append(SensitiveEvent.model_validate(raw))
        except ValidationError as exc:
            raise fail(f"events[{index}].{describe_validation_error(exc)}") from None
    return events


def _string_list(value: Any, name: str, fail) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(f"{name}: must be a list of strings")
    return list(value)


def _table(value: Any, name: str, fail) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(f"{name}: must be a table of rule id = value")
    return value
