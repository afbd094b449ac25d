"""`flask demo load` gives Puerto Montt II (2018) the published proposals of its 17 workshops, in
the seeds' own words; its plenary PDF holds them all, read back with pdftotext."""

from pathlib import Path

from seminar import ods
from seminar.proposals.demo import PROPOSALS
from tests.readback import pdf_text

SEEDS = Path(__file__).parent / "data" / "seeds"
LETTER = (SEEDS / "carta-invitacion-seminario-puerto-montt.txt").read_text(encoding="utf-8")
PLAN = (SEEDS / "plan-anual-desarrollo-social-2017-2018.txt").read_text(encoding="utf-8")
# What the workshops took from the letter and the plan.
FROM_SEEDS = (
    "Red Hambre Cero", "Cuenca", "Pacto por el Clima", "Nueva Agenda Urbana",
    "red de Ministerios de Vivienda de América Latina", "PNUD", "FCCR", "Maipú",
    "descentralización asimétrica", "Unidades Temáticas", "Vicepresidencias",
)  # fmt: skip


def flat(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def test_the_2018_plenary_pdf_holds_all_17_workshops_proposals(runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "its 17 workshops' proposals: 35 published" in result.output
    text = flat(" ".join(pdf_text(client.get("/e/puerto-montt-2018/proposals.pdf").data)))
    for number in ods.goals():
        assert f"ODS {number} {ods.goal(number).name('es')}" in text
    for _number, proposal, _codes, _cities in PROPOSALS:
        assert flat(proposal) in text
    assert "no tiene propuestas publicadas" not in text
    seeds = flat(LETTER) + flat(PLAN)
    for phrase in FROM_SEEDS:
        assert phrase in seeds and phrase in text, phrase
    again = runner.invoke(args=["demo", "load"])
    assert "proposals" not in again.output, "a second load adds none"
