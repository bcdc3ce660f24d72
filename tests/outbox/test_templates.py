"""Templates: every template renders for every customer of the 10,000-account demo, in both languages and on
every channel, with no placeholder left and nothing the language guard flags; broken templates are refused."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from agent_desk.context import open_context
from agent_desk.demo import generate_portfolio
from agent_desk.language_guard import check_text
from agent_desk.outbox import TEMPLATES, TemplateError, load_template, message_variables, render_template
from agent_desk.outbox.templates import MESSAGE_CHANNELS, check_template_text
from agent_desk.outbox.variables import plan_lines, plan_of
from agent_desk.worklist import load_profile
from db.models import Channel, Customer

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)
LEFTOVER = re.compile(r"\{[A-Za-z_]+\}")


def test_every_template_exists_in_both_languages_for_every_channel() -> None:
    for code in TEMPLATES:
        for language in ("en", "id"):
            template = load_template(code, language)
            assert template.language == language
            assert set(template.texts) == set(MESSAGE_CHANNELS)
            assert template.texts[Channel.EMAIL].subject


def test_a_template_with_an_unknown_variable_or_flagged_wording_is_refused() -> None:
    with pytest.raises(TemplateError, match="unknown variable"):
        check_template_text("pre_due_reminder", "en", "Dear {customer}, pay {amount_owed_now}.")
    with pytest.raises(TemplateError, match="language guard"):
        check_template_text("pre_due_reminder", "id", "{customer}, bayar sekarang atau kami viralkan.")
    with pytest.raises(TemplateError):
        check_template_text("pre_due_reminder", "en", "A stray { brace")
    check_template_text("pre_due_reminder", "en", "Dear {customer}, {{not a variable}}.")


@pytest.mark.slow
@pytest.mark.timeout(900)  # about a minute of CPU; more on a machine the whole team shares
def test_every_template_renders_for_every_customer_of_the_10k_demo_in_both_languages(tmp_path: Path) -> None:
    context = open_context(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        generate_portfolio(context.database, accounts=10_000, seed=1, now=NOW)
        templates = {(code, language): load_template(code, language) for code in TEMPLATES for language in ("en", "id")}
        rendered = 0
        with context.database.session() as session:
            ids = list(session.scalars(select(Customer.id).order_by(Customer.id)))
            for customer_id in ids:
                profile = load_profile(session, customer_id, interactions=1)
                assert profile is not None
                texts: list[str] = []
                for language in ("en", "id"):
                    sms = message_variables(
                        profile, language=language, channel=Channel.SMS, now=NOW, agent_name="", context={}
                    )
                    longer = dict(sms)  # e-mail and WhatsApp differ from an SMS only in how a plan is listed
                    plan = plan_of(profile, {})
                    if plan is not None:
                        longer["plan_lines"] = plan_lines(plan[0], plan[1], language, Channel.WHATSAPP)
                    values = {Channel.SMS: sms, Channel.WHATSAPP: longer}
                    for code in TEMPLATES:
                        template = templates[(code, language)]
                        for channel in MESSAGE_CHANNELS:
                            message = render_template(
                                template, channel, values[Channel.SMS if channel is Channel.SMS else Channel.WHATSAPP]
                            )
                            assert not LEFTOVER.search(message.text), (customer_id, code, language, channel)
                            assert message.body and (message.subject or channel is not Channel.EMAIL)
                            texts.append(message.text)
                rendered += len(texts)
                # One look per customer over all of their messages (a phrase split across two messages would be a
                # false alarm, never a miss).
                hits = check_text("\n\n".join(texts))
                assert hits == (), (customer_id, [hit.phrase for hit in hits])
        assert len(ids) > 6_000
        assert rendered == len(ids) * len(TEMPLATES) * len(MESSAGE_CHANNELS) * 2
    finally:
        context.close()
