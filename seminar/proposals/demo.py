"""The demo's relatoría: what the 17 workshops of Puerto Montt II (2018) proposed, in the words of
the vice-presidency's plan and the convening letter (participatory planning, territorial and
rights approach, open data, accountability, gender, multilevel governance), all published."""

import uuid
from datetime import UTC, datetime

from seminar.clock import frozen_at
from seminar.models import Edition
from seminar.proposals import links, services

CODES = {
    "L": "local_government",
    "R": "regional_government",
    "N": "national_government",
    "M": "multilateral",
    "C": "civil_society",
    "A": "academia",
    "P": "private_sector",
}
# (ODS, text, addressed to, contributing cities)
PROPOSALS = [
    (
        1,
        "Crear en cada municipio una mesa territorial de superación de la pobreza que cruce los "
        "registros sociales locales con el enfoque de derechos, para llegar primero a quienes "
        "hoy quedan fuera de los programas.",
        "LN",
        ["Puerto Montt", "Canelones", "Lima"],
    ),
    (
        1,
        "Pedir a los gobiernos nacionales una descentralización asimétrica de los fondos "
        "sociales: más recursos y competencias para los territorios con mayores brechas.",
        "NR",
        ["Osorno", "La Paz"],
    ),
    (
        2,
        "Sumar las ciudades de Mercociudades a la Red Hambre Cero creada en Cuenca y compartir "
        "sus experiencias de huertas urbanas, comedores comunitarios y compras públicas a la "
        "agricultura familiar.",
        "LMC",
        ["Cuenca", "Rosario", "Belo Horizonte"],
    ),
    (
        2,
        "Acordar con el sector privado y las ferias libres circuitos cortos de comercialización "
        "que abaraten los alimentos frescos en los barrios.",
        "LP",
        ["Puerto Varas", "Montevideo"],
    ),
    (
        3,
        "Poner la atención primaria de salud en el centro de la planificación comunal, con "
        "diagnósticos participativos por barrio y metas anuales públicas.",
        "LR",
        ["Valdivia", "Porto Alegre"],
    ),
    (
        3,
        "Proponer a la OPS y a los ministerios un sistema regional de indicadores de salud "
        "urbana comparables entre ciudades, con datos abiertos.",
        "MNA",
        ["Santiago", "Bogotá"],
    ),
    (
        4,
        "Abrir las escuelas municipales a la comunidad fuera del horario escolar como centros de "
        "formación ciudadana y de educación para el desarrollo sostenible.",
        "LC",
        ["Puerto Montt", "Curitiba"],
    ),
    (
        4,
        "Crear con las universidades de la región un programa de capacitación de funcionarias y "
        "funcionarios municipales en la Agenda 2030 y la Nueva Agenda Urbana.",
        "AM",
        ["Concepción", "Córdoba", "São Paulo"],
    ),
    (
        5,
        "Incorporar la perspectiva de género en todo el ciclo de las políticas públicas locales: "
        "diagnóstico, presupuesto, implementación y evaluación.",
        "LRN",
        ["Montevideo", "Rosario", "Ciudad de Panamá"],
    ),
    (
        5,
        "Compartir entre ciudades los protocolos de atención y prevención de la violencia de "
        "género y crear una red de casas de acogida de la región.",
        "LC",
        ["Buenos Aires", "Asunción"],
    ),
    (
        6,
        "Impulsar convenios entre gobiernos locales y regionales para la protección de cuencas y "
        "el agua potable rural, con participación de las comunidades usuarias.",
        "LR",
        ["Puerto Varas", "Osorno", "Arequipa"],
    ),
    (
        6,
        "Pedir a los organismos multilaterales financiamiento directo a los municipios para "
        "saneamiento en barrios informales.",
        "M",
        ["Lima", "Guadalajara"],
    ),
    (
        7,
        "Elaborar planes locales de eficiencia energética en edificios públicos y alumbrado, "
        "con metas medibles y rendición de cuentas anual.",
        "LP",
        ["Valparaíso", "Curitiba"],
    ),
    (
        7,
        "Promover cooperativas ciudadanas de energía solar en barrios y escuelas con apoyo "
        "técnico de la academia.",
        "CA",
        ["Santa Fe", "Canoas"],
    ),
    (
        8,
        "Fortalecer las oficinas municipales de desarrollo económico local con la economía "
        "social y solidaria, las cooperativas y el empleo de jóvenes.",
        "LC",
        ["Canelones", "Córdoba", "Cusco"],
    ),
    (
        8,
        "Acordar con el sector privado cláusulas de empleo local y trabajo decente en las "
        "compras públicas municipales.",
        "LP",
        ["Puerto Montt", "General Alvear"],
    ),
    (
        9,
        "Crear un sistema de información territorial abierto, siguiendo la experiencia de Maipú, "
        "que las ciudades socias puedan replicar.",
        "LA",
        ["Santiago", "Medellín"],
    ),
    (
        9,
        "Pedir al FCCR-Mercosur una agenda de infraestructura regional que escuche a las "
        "ciudades de frontera.",
        "NM",
        ["Quito", "Puebla"],
    ),
    (
        10,
        "Extender los presupuestos participativos, como en las ciudades de Brasil, a los "
        "barrios y grupos que hoy menos participan: migrantes, pueblos originarios, "
        "personas mayores.",
        "LC",
        ["Porto Alegre", "Canoas", "Puerto Montt"],
    ),
    (
        10,
        "Crear oficinas municipales de atención a personas migrantes con enfoque de derechos y "
        "coordinarlas entre ciudades de origen y de destino.",
        "LNM",
        ["Santiago", "Lima", "Buenos Aires"],
    ),
    (
        11,
        "Elaborar planes de desarrollo urbano con planificación estratégica participativa, como "
        "Rosario y Medellín, y publicar su seguimiento en datos abiertos.",
        "LR",
        ["Rosario", "Medellín", "Valparaíso"],
    ),
    (
        11,
        "Proponer a la red de Ministerios de Vivienda de América Latina un programa de vivienda "
        "social bien ubicada, con suelo urbano gestionado por los municipios.",
        "NM",
        ["Puerto Montt", "Montevideo"],
    ),
    (
        11,
        "Llevar la Nueva Agenda Urbana a las ciudades intermedias con un foro anual de "
        "intercambio de experiencias.",
        "LM",
        ["Cuenca", "Osorno"],
    ),
    (
        12,
        "Implementar programas de reciclaje con inclusión de recicladores de base y "
        "compostaje domiciliario en todos los barrios.",
        "LC",
        ["Belo Horizonte", "Valdivia"],
    ),
    (
        12,
        "Acordar con las empresas locales metas de reducción de residuos y de envases.",
        "P",
        ["Puerto Varas"],
    ),
    (
        13,
        "Elaborar planes locales de adaptación al cambio climático y sumarse al Pacto por el "
        "Clima con metas propias de cada ciudad.",
        "LM",
        ["Santa Fe", "Concepción"],
    ),
    (
        13,
        "Crear con las universidades un observatorio regional de riesgos climáticos de las "
        "ciudades del sur del continente.",
        "AR",
        ["Valdivia", "Puerto Montt"],
    ),
    (
        14,
        "Proteger el borde costero y los humedales urbanos con ordenanzas municipales y "
        "vigilancia ciudadana.",
        "LC",
        ["Puerto Montt", "Valparaíso"],
    ),
    (
        14,
        "Pedir a los gobiernos nacionales y regionales que las comunidades costeras participen "
        "en la gestión de la acuicultura.",
        "NRP",
        ["Puerto Montt", "Puerto Varas"],
    ),
    (
        15,
        "Recuperar bosques nativos y corredores biológicos periurbanos con programas de "
        "voluntariado y escuelas.",
        "LC",
        ["Osorno", "Curitiba"],
    ),
    (
        15,
        "Incluir la biodiversidad en los instrumentos de planificación territorial de las "
        "regiones.",
        "R",
        ["Valdivia"],
    ),
    (
        16,
        "Institucionalizar la rendición de cuentas y la contraloría social en cada municipio, "
        "con cuentas públicas abiertas y participativas.",
        "LC",
        ["Montevideo", "Bogotá", "Santiago"],
    ),
    (
        16,
        "Hacer de la participación ciudadana una fuerza articuladora, como pidió el Foro "
        "Latinoamericano de Ciudades Intermedias, con consejos barriales vinculantes.",
        "LRN",
        ["Cuenca", "Asunción"],
    ),
    (
        17,
        "Firmar el convenio con el PNUD para la implementación de los ODS en las ciudades de la "
        "red y abrirlo a las ciudades no socias.",
        "MLN",
        ["Puerto Montt", "Montevideo"],
    ),
    (
        17,
        "Hacer trabajar juntas a las Unidades Temáticas y las Vicepresidencias de Mercociudades "
        "en una gobernanza multinivel y multiactor para la Agenda 2030.",
        "LMA",
        ["Córdoba", "Rosario", "Porto Alegre"],
    ),
]


def add(edition: Edition) -> int:
    """Record and publish the workshops' proposals, as on the closing day; returns how many."""
    closing = datetime(2018, 10, 5, 17, tzinfo=UTC)
    with frozen_at(closing):
        links.links(edition)
        for n, (number, text, codes, cities) in enumerate(PROPOSALS):
            draft = services.Draft(text, [CODES[c] for c in codes], cities)
            client_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{edition.slug}/proposal/{n}"))
            services.publish(services.save(edition, number, client_id, draft))
    return len(PROPOSALS)
