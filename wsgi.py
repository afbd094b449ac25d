from seminar import create_app
from seminar.startup import ConfigurationError

try:
    app = create_app()
except ConfigurationError as exc:  # one line in the journal, not a traceback
    raise SystemExit(f"seminario refuses to start: {exc}") from None
