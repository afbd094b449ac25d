"""Language choice (es by default, pt, en) and the one message catalog per language."""

from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request, session

ROOT = Path(__file__).parent


CATALOG_DIR = ROOT / "translations"


def translation_directories() -> str:
    """One catalog per language for the whole app, so a msgid has one translation."""
    return str(CATALOG_DIR)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    forced = g.get("force_language")
    if forced in languages:
        return forced
    if not has_request_context():
        # A command or a background job: it speaks English, like the rest of the command line.
        return "en"
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in languages:
        return session["lang"]
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def init_app(app: Flask) -> None:
    @app.context_processor
    def languages():
        from flask_babel import get_locale

        return {"LANGUAGES": app.config["LANGUAGES"], "current_language": str(get_locale())}
