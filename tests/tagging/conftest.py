from tests.batch.conftest import (  # noqa: F401  (fixtures)
    _no_default_settings,
    account,
    database_url,
    other,
    redis_prefix,
    settings,
)
