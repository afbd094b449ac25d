"""Language choice (es by default, pt, en) and the translation catalogs of every feature."""

from pathlib import Path

from flask import Flask, current_app, g, request, session

ROOT = Path(__file__).parent


def translation_directories() -> str:
    """The central catalog plus one per feature package (seminar/<feature>/translations)."""
    dirs = [ROOT / "translations", *sorted(ROOT.glob("*/translations"))]
    return ";".join(str(d) for d in dirs)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    forced = g.get("force_language")
    if forced in languages:
        return forced
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
