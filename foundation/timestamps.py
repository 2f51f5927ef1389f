"""GOV.UK timestamps, read one way everywhere."""

from __future__ import annotations

from datetime import datetime, timezone


def parse_time(value: str | datetime | None) -> datetime | None:
    """GOV.UK timestamps ("2024-10-24T00:01:00.000+01:00", "...Z") as aware datetimes.

    A time without a zone is taken as UTC; an unreadable one is None (treated as unknown).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
