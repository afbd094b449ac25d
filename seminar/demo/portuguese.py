"""The Portuguese versions of the demo editions' texts (the organisers wrote them in Spanish)."""

from seminar import content
from seminar.models import Edition

EDITIONS = {
    "puerto-montt-2017": {
        "name": "Cidades da América Latina pelo Desenvolvimento Sustentável",
        "event_type": "Seminário Oficina Internacional",
        "full_title": (
            "Cidades da América Latina pelo Desenvolvimento Sustentável, melhores experiências "
            "para um novo paradigma de governança"
        ),
        "venue": "Puerto Montt, a porta da Patagônia do Chile",
        "description": (
            "Seminário Oficina Internacional da Vice-Presidência de Desenvolvimento Social de "
            "Mercocidades. As cidades da América do Sul convidam os outros níveis de governo do "
            "Estado, regional, central e multilateral, a conhecer suas experiências; "
            "trabalharemos em oficinas cada um dos 17 Objetivos de Desenvolvimento Sustentável "
            "e geraremos propostas sobre as formas de trabalho que competem a cada um. São "
            "convocantes, entre outros, a Presidência do Chile e seus Conselhos para a "
            "implementação da Agenda 2030 e da Nova Agenda Urbana, os Governos Regionais, a rede "
            "de Ministérios de Habitação da América Latina e organismos multilaterais como o "
            "PNUD e a SEGIB. A cidadania de Puerto Montt também está sendo envolvida: «ninguém "
            "pode ficar de fora». Datas: as da carta-convite, de 4 a 7 de outubro de 2017; o "
            "Plano Anual de trabalho 2017-2018 da Vice-Presidência o dá como realizado «de 3 a 6 "
            "de outubro de 2017»."
        ),
    },
    "puerto-montt-2018": {
        "name": "Cidades da América Latina pelo Desenvolvimento Sustentável Puerto Montt II",
        "event_type": "Seminário Oficina",
        "full_title": "Cidades da América Latina pelo Desenvolvimento Sustentável Puerto Montt II",
        "description": (
            "Segunda versão do Seminário Oficina «Cidades da América Latina pelo "
            "Desenvolvimento Sustentável», anunciada no Plano Anual de trabalho 2017-2018 da "
            "Vice-Presidência de Desenvolvimento Social de Mercocidades. Uma edição terminada: "
            "inscrições, oficinas atribuídas, credenciamento de cada dia e certificados emitidos "
            "(pessoas de demonstração)."
        ),
    },
    "gobiernos-locales-en-accion": {
        "name": "Governos locais em ação",
        "event_type": "Seminário virtual",
        "full_title": (
            "Governos locais em ação: Alianças estratégicas para o desenvolvimento local "
            "sustentável da região"
        ),
        "description": (
            "Experiências e boas práticas de cooperação entre cidades do México e da região do "
            "Cone Sul. Organizam Mercocidades e a Direção-Geral de Coordenação Política da "
            "Secretaria de Relações Exteriores do México. Dois painéis: as experiências das "
            "cidades em Turismo, Reativação econômica pós-Covid-19, Violência baseada em gênero, "
            "Mobilidade e Desenvolvimento Urbano Sustentável e Mudança climática; e as "
            "ferramentas e oportunidades dos programas de Mercocidades e da Chancelaria "
            "Mexicana. Formato: diálogo entre os participantes moderado por um facilitador. "
            "Duração máxima 1h30."
        ),
    },
}

# Programme, rounds and rooms: the Spanish text as the demo writes it, and its Portuguese.
PHRASES = {
    "Apertura del Seminario Taller Internacional": "Abertura do Seminário Oficina Internacional",
    "Las ciudades de América del Sur invitan a los otros niveles de gobierno del Estado, "
    "regional, central y multilateral, a conocer las experiencias que están desarrollando.": (
        "As cidades da América do Sul convidam os outros níveis de governo do Estado, regional, "
        "central e multilateral, a conhecer as experiências que estão desenvolvendo."
    ),
    "El rol de cada uno: la nueva gobernanza multinivel y multiactor": (
        "O papel de cada um: a nova governança multinível e multiator"
    ),
    "Hablemos sobre el rol de cada uno, de cómo articularnos y de cuál es la nueva gobernanza "
    "multinivel y multiactor que se requiere.": (
        "Falemos sobre o papel de cada um, sobre como nos articular e sobre qual é a nova "
        "governança multinível e multiator que se requer."
    ),
    "Propuestas de los talleres": "Propostas das oficinas",
    "Los 17 talleres presentan sus propuestas sobre las formas de trabajo que competen a cada "
    "nivel de gobierno para implementar la Agenda 2030.": (
        "As 17 oficinas apresentam suas propostas sobre as formas de trabalho que competem a "
        "cada nível de governo para implementar a Agenda 2030."
    ),
    "Inauguración": "Inauguração",
    "Cierre": "Encerramento",
    "Panel 1: Alianzas estratégicas para el desarrollo local sostenible de la región.": (
        "Painel 1: Alianças estratégicas para o desenvolvimento local sustentável da região."
    ),
    "Panel 2: Oportunidades para desarrollar la cooperación internacional en clave local.": (
        "Painel 2: Oportunidades para desenvolver a cooperação internacional em chave local."
    ),
    "Objetivo: Compartir experiencias y lecciones aprendidas en la articulación de una "
    "estrategia de internacionalización en los temáticas arriba indicadas. Sesión de preguntas "
    "y respuestas.": (
        "Objetivo: Compartilhar experiências e lições aprendidas na articulação de uma "
        "estratégia de internacionalização nas temáticas indicadas acima. Sessão de perguntas "
        "e respostas."
    ),
    "Objetivo. Dar a conocer herramientas y apoyos institucionales con los que cuenta México y "
    "Mercociudades para promover la acción internacional local y la cooperación "
    "descentralizada. Sesión de preguntas y respuestas.": (
        "Objetivo. Dar a conhecer ferramentas e apoios institucionais com que contam o México e "
        "Mercocidades para promover a ação internacional local e a cooperação descentralizada. "
        "Sessão de perguntas e respostas."
    ),
    "Día 2 · mañana": "Dia 2 · manhã",
    "Día 3 · mañana": "Dia 3 · manhã",
    "Salón Reloncaví": "Salão Reloncaví",
    "Salón Tenglo": "Salão Tenglo",
}


def translate(edition: Edition) -> int:
    """Give a demo edition its Portuguese texts; returns how many were set."""
    done = 0
    own = EDITIONS.get(edition.slug, {})
    for text in content.texts(edition, "pt"):
        kind = text.key.split(":", 1)[0]
        value = own.get(text.field) if kind == "edition" else PHRASES.get(text.original)
        if value and not text.translated:
            content.save(edition, "pt", {text.key: value})
            done += 1
    return done
