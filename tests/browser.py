"""What people do on our pages in Chromium, shared by the browser tests."""

import re

SIGNED_IN = re.compile(r".*/(admin|checkin)/.*")


def log_in(
    page, base: str, email: str, password: str = "a-long-password", language: str = "es"
) -> None:
    """Log in on the login page as an organiser does; fails unless it leads to their pages."""
    page.goto(f"{base}/login?lang={language}")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(SIGNED_IN)


def fill_registration(
    page,
    email: str,
    *,
    first_name: str = "Ana",
    last_name: str = "Pereira",
    country: str = "UY",
    city: str = "Montevideo",
    institution: str = "Intendencia de Montevideo",
    language: str | None = None,
    ranking: tuple[int, ...] = (11, 6, 13),
) -> None:
    """Fill the registration form as a person does: the ranking tapped in order on the ODS tiles
    (where the edition asks for one), the consent ticked. The caller submits."""
    page.fill("#first_name", first_name)
    page.fill("#last_name", last_name)
    page.fill("#email", email)
    page.select_option("#country", country)
    page.fill("#city", city)
    page.fill("#institution", institution)
    page.select_option("#actor_type", "local_government")
    if language:
        page.select_option("#language", language)
    if page.locator(".goal").count():
        for ods in ranking:
            page.click(f".goal[data-ods='{ods}']")
    page.check("#consent")
