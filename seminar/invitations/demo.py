"""Invitees of the demo edition: the levels of government the letter invites, in segments."""

from seminar.invitations import invitees
from seminar.models import Edition

# segment, first, last, email, country, city, institution, actor type, level, language
INVITEES = [
    ("Gobiernos Regionales", "Harry", "Jürgensen", "intendencia@goreloslagos.demo", "CL",
     "Puerto Montt", "Gobierno Regional de Los Lagos", "regional_government", "regional", "es"),
    ("Gobiernos Regionales", "Lucía", "Gómez", "rrii@santafe.demo", "AR", "Santa Fe",
     "Gobierno de la Provincia de Santa Fe", "regional_government", "regional", "es"),
    ("Gobiernos nacionales", "Paula", "Rojas", "agenda2030@presidencia.demo", "CL", "Santiago",
     "Consejo Nacional para la Implementación de la Agenda 2030", "national_government",
     "national", "es"),
    ("Gobiernos nacionales", "João", "Almeida", "minurvi@cidades.demo", "BR", "Brasília",
     "Ministério das Cidades (MINURVI)", "national_government", "national", "pt"),
    ("Multilaterales", "Carmen", "Herrera", "ods@pnud.demo", "CL", "Santiago", "PNUD Chile",
     "multilateral", "multilateral", "es"),
    ("Multilaterales", "Miguel", "Santos", "cooperacion@segib.demo", "ES", "Madrid", "SEGIB",
     "multilateral", "multilateral", "en"),
    ("Ciudades fronterizas", "Rosa", "Quispe", "rrii@lapaz.demo", "BO", "La Paz",
     "Gobierno Autónomo Municipal de La Paz", "local_government", "local", "es"),
    ("Ciudades fronterizas", "Ana", "Moreira", "rrii@portoalegre.demo", "BR", "Porto Alegre",
     "Prefeitura de Porto Alegre", "local_government", "local", "pt"),
    ("Ciudades fronterizas", "Diego", "Fernández", "rrii@rivera.demo", "UY", "Rivera",
     "Intendencia de Rivera", "local_government", "local", "es"),
]  # fmt: skip


def load_invitees(edition: Edition) -> int:
    for segment, first, last, address, country, city, institution, actor, level, lang in INVITEES:
        invitees.save_invitee(
            edition,
            {"first_name": first, "last_name": last, "email": address, "country": country,
             "city": city, "institution": institution, "position": "", "actor_type": actor,
             "language": lang, "role": "participant", "organisation_level": level,
             "greeting": "", "segment": segment, "tags": ""},
        )  # fmt: skip
    return len(INVITEES)
