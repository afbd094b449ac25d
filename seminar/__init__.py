"""Seminario: registration, ODS workshops, badges, check-in and certificates."""

from pathlib import Path

from flask import Flask

from config import Config
from seminar import startup


def create_app(overrides: dict | None = None) -> Flask:
    base = Path(__file__).resolve().parent.parent
    app = Flask(
        __name__,
        instance_path=str(base / "instance"),
        template_folder=str(base / "templates"),
        static_folder=str(base / "static"),
    )
    app.config.from_object(Config)
    app.config.update(overrides or {})
    startup.configure_logging(app)
    startup.check(app)
    Path(app.instance_path).mkdir(exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    register_hooks(app)
    startup.trust_proxies(app)
    startup.report_catalogs(app)
    return app


def register_extensions(app: Flask) -> None:
    from seminar import database, i18n
    from seminar.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", database.engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    mail.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=i18n.translation_directories(),
    )
    login_manager.init_app(app)
    limiter.init_app(app)
    import seminar.models  # noqa: F401  (registers the tables)


def register_blueprints(app: Flask) -> None:
    from seminar.admin.views import bp as admin_bp
    from seminar.announcements.admin import bp as announcements_bp
    from seminar.attendance.admin import bp as attendance_bp
    from seminar.auth.views import bp as auth_bp
    from seminar.badges.admin import bp as badges_admin_bp
    from seminar.badges.views import bp as badges_bp
    from seminar.certificates.admin import bp as certificates_admin_bp
    from seminar.certificates.views import bp as certificates_bp
    from seminar.checkin import api as checkin_api
    from seminar.checkin import views as checkin_views
    from seminar.council.admin import bp as council_bp
    from seminar.health import bp as health_bp
    from seminar.invitations.admin import bp as invitations_admin_bp
    from seminar.invitations.views import bp as invitations_bp
    from seminar.needs.admin import bp as needs_bp
    from seminar.network.admin import bp as network_bp
    from seminar.participants.views import bp as participants_bp
    from seminar.privacy.views import admin_bp as privacy_admin_bp
    from seminar.privacy.views import bp as privacy_bp
    from seminar.programme.admin import bp as programme_admin_bp
    from seminar.programme.views import bp as programme_bp
    from seminar.proposals.admin import bp as proposals_admin_bp
    from seminar.proposals.views import bp as proposals_bp
    from seminar.registration.views import bp as registration_bp
    from seminar.travel.admin import bp as travel_admin_bp
    from seminar.travel.views import bp as travel_bp
    from seminar.workshops.views import bp as allocation_bp

    for bp in (
        health_bp,
        auth_bp,
        admin_bp,
        participants_bp,
        registration_bp,
        invitations_bp,
        invitations_admin_bp,
        announcements_bp,
        needs_bp,
        network_bp,
        travel_bp,
        travel_admin_bp,
        council_bp,
        programme_bp,
        programme_admin_bp,
        allocation_bp,
        badges_bp,
        badges_admin_bp,
        certificates_bp,
        certificates_admin_bp,
        attendance_bp,
        checkin_api.bp,
        checkin_views.bp,
        privacy_bp,
        privacy_admin_bp,
        proposals_bp,
        proposals_admin_bp,
    ):
        app.register_blueprint(bp)


def register_cli(app: Flask) -> None:
    from seminar.admin.cli import outbox_cli
    from seminar.attendance.cli import attendance_cli
    from seminar.auth.cli import users_cli
    from seminar.badges.cli import badges_cli
    from seminar.certificates.cli import certificates_cli
    from seminar.council.cli import report_command
    from seminar.demo.cli import demo_cli
    from seminar.editions.cli import editions_cli, workshops_cli
    from seminar.invitations.cli import invitations_cli
    from seminar.network.cli import network_cli
    from seminar.participants.cli import participants_cli
    from seminar.privacy.cli import privacy_cli
    from seminar.programme.cli import programme_cli
    from seminar.proposals.cli import proposals_cli
    from seminar.workshops.cli import allocate_command

    for group in (
        editions_cli,
        workshops_cli,
        participants_cli,
        users_cli,
        outbox_cli,
        demo_cli,
        invitations_cli,
        programme_cli,
        certificates_cli,
        allocate_command,
        report_command,
        badges_cli,
        privacy_cli,
        attendance_cli,
        network_cli,
        proposals_cli,
    ):
        app.cli.add_command(group)


def register_hooks(app: Flask) -> None:
    from seminar import errors, i18n, security, templating

    security.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
